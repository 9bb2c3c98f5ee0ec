//! Discounts given, by whom and who approved them: one row per discounted sale, read from
//! `report_discounts` (written with the sale's report rows).

use super::*;

pub(super) fn discounts(c: &Connection, sc: &Scope) -> Result<Table> {
    let lang = sc.lang;
    let mut by_cashier: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = read::discounts::rows(c, &sc.range())?
        .into_iter()
        .map(|d| {
            *by_cashier.entry(d.cashier.clone()).or_default() += d.discount;
            vec![
                Cell::Text(key_day(d.day).map(|d| d.to_string()).unwrap_or_default()),
                Cell::Text(d.receipt_no),
                Cell::Text(d.branch),
                Cell::Text(d.cashier),
                Cell::Num(d.gross),
                Cell::Num(d.discount),
                Cell::Num(d.gross - d.discount),
                Cell::Text(d.reasons),
                Cell::Text(d.approvers),
            ]
        })
        .collect();
    let columns = vec![
        col("day", ColumnKind::Date, lang),
        col("receipt_no", ColumnKind::Text, lang),
        col("branch", ColumnKind::Text, lang),
        col("cashier", ColumnKind::Text, lang),
        col("gross", ColumnKind::Money, lang),
        col("discount", ColumnKind::Money, lang),
        col("net", ColumnKind::Money, lang),
        col("reason", ColumnKind::Text, lang),
        col("approved_by", ColumnKind::Text, lang),
    ];
    let mut chart = reason_chart(by_cashier, lang);
    chart.kind = ChartKind::Bar;
    chart.series[0].key = "discount".into();
    chart.series[0].label = columns[5].label.clone();
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        chart: Some(chart),
        columns,
        rows,
        default_sort: "day",
        default_desc: true,
        lazy: None,
    })
}
