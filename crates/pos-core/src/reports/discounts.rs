//! Discounts given, by whom and who approved them: one row per discounted sale, read from
//! `report_discounts` (written with the sale's report rows).

use super::*;

pub(super) fn discounts(c: &Connection, sc: &Scope) -> Result<Table> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT d.doc_id, d.day, d.receipt_no, d.branch, ifnull(u.name, ''), d.gross, d.discount,
                ifnull((SELECT group_concat(a.reason, '; ') FROM sale_approvals a WHERE a.sale_id = d.doc_id), ''),
                ifnull((SELECT group_concat(DISTINCT v.name) FROM sale_approvals a JOIN users v ON v.id = a.approved_by
                        WHERE a.sale_id = d.doc_id), '')
         FROM report_discounts d LEFT JOIN users u ON u.id = d.cashier_id
         WHERE d.day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.branch = ?3)",
    )?;
    let lang = sc.lang;
    let mut by_cashier: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![from, to, sc.branch], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?
        .map(|row| {
            let (day, receipt, branch, cashier, gross, discount, reason, approver) = row?;
            *by_cashier.entry(cashier.clone()).or_default() += discount;
            Ok(vec![
                Cell::Text(key_day(day).map(|d| d.to_string()).unwrap_or_default()),
                Cell::Text(receipt),
                Cell::Text(branch),
                Cell::Text(cashier),
                Cell::Num(gross),
                Cell::Num(discount),
                Cell::Num(gross - discount),
                Cell::Text(reason),
                Cell::Text(approver),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
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
