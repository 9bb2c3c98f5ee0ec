//! Returns with their reasons and who approved them.

use super::*;

pub(super) fn returns(c: &Connection, sc: &Scope) -> Result<Table> {
    let mut stmt = c.prepare_cached(
        "SELECT r.business_date, r.return_no, s.receipt_no, r.branch, u.name, ifnull(a.name, ''), r.reason,
                (SELECT sum(quantity) FROM return_lines WHERE return_id = r.id), r.dpp, r.total
         FROM returns r JOIN sales s ON s.id = r.sale_id JOIN users u ON u.id = r.cashier_id
         LEFT JOIN users a ON a.id = r.approved_by
         WHERE r.business_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.branch = ?3)",
    )?;
    let lang = sc.lang;
    let mut by_reason: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![sc.from.to_string(), sc.to.to_string(), sc.branch], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i64>>(7)?.unwrap_or(0),
                r.get::<_, i64>(8)?,
                r.get::<_, i64>(9)?,
            ))
        })?
        .map(|row| {
            let (day, no, receipt, branch, cashier, approver, reason, q, dpp, total) = row?;
            *by_reason.entry(reason.clone()).or_default() += total;
            Ok(vec![
                Cell::Text(day),
                Cell::Text(no),
                Cell::Text(receipt),
                Cell::Text(branch),
                Cell::Text(cashier),
                Cell::Text(approver),
                Cell::Text(reason),
                Cell::Num(q),
                Cell::Num(dpp),
                Cell::Num(total),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
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
