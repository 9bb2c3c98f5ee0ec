//! Returns with their reasons and who approved them.

use super::*;

pub(super) fn returns(c: &Connection, sc: &Scope) -> Result<Table> {
    let lang = sc.lang;
    let mut by_reason: HashMap<String, i64> = HashMap::new();
    let (from, to) = (sc.from.to_string(), sc.to.to_string());
    let rows: Vec<Vec<Cell>> = read::returns::rows(c, &from, &to, sc.branch.as_deref())?
        .into_iter()
        .map(|r| {
            *by_reason.entry(r.reason.clone()).or_default() += r.total;
            vec![
                Cell::Text(r.business_date),
                Cell::Text(r.return_no),
                Cell::Text(r.receipt_no),
                Cell::Text(r.branch),
                Cell::Text(r.cashier),
                Cell::Text(r.approver),
                Cell::Text(r.reason),
                Cell::Num(r.quantity),
                Cell::Num(r.dpp),
                Cell::Num(r.total),
            ]
        })
        .collect();
    let columns = vec![
        col("day", ColumnKind::Date, lang),
        col("return_no", ColumnKind::Text, lang),
        col("receipt_no", ColumnKind::Text, lang),
        col("branch", ColumnKind::Text, lang),
        col("cashier", ColumnKind::Text, lang),
        col("approved_by", ColumnKind::Text, lang),
        col("reason", ColumnKind::Text, lang),
        col("quantity", ColumnKind::Count, lang),
        Column {
            label: pick(lang, "DPP", "DPP").into(),
            ..col("dpp", ColumnKind::Money, lang)
        },
        col("amount", ColumnKind::Money, lang),
    ];
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        chart: Some(reason_chart(by_reason, lang)),
        columns,
        rows,
        default_sort: "day",
        default_desc: true,
        lazy: None,
    })
}

pub(super) fn reason_chart(by: HashMap<String, i64>, lang: Lang) -> Chart {
    let mut v: Vec<(String, i64)> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(10);
    Chart {
        kind: ChartKind::Doughnut,
        labels: v
            .iter()
            .map(|r| if r.0.is_empty() { "—".into() } else { r.0.clone() })
            .collect(),
        series: vec![Series {
            key: "amount".into(),
            label: col("amount", ColumnKind::Money, lang).label,
            values: v.iter().map(|r| r.1).collect(),
        }],
    }
}
