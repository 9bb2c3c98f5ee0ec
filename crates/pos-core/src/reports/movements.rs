//! One product's stock movements with a running balance.

use super::*;

pub(super) fn movements(c: &Connection, sc: &Scope, product_id: Option<&str>) -> Result<Table> {
    let product_id = product_id
        .filter(|p| !p.is_empty())
        .ok_or_else(|| CoreError::invalid("product_id", "Choose a product", "Pilih produk"))?;
    let lang = sc.lang;
    let (from, to) = sc.millis();
    let opening: i64 = c.query_row(
        "SELECT ifnull(sum(quantity), 0) FROM stock_movements
         WHERE product_id = ?1 AND (?2 IS NULL OR branch = ?2) AND at < ?3",
        params![product_id, sc.branch, from],
        |r| r.get(0),
    )?;
    let mut stmt = c.prepare_cached(
        "SELECT m.at, m.branch, m.reason, m.quantity, m.note, ifnull(u.name, '')
         FROM stock_movements m LEFT JOIN users u ON u.id = m.user_id
         WHERE m.product_id = ?1 AND (?2 IS NULL OR m.branch = ?2) AND m.at >= ?3 AND m.at < ?4
         ORDER BY m.at, m.rowid",
    )?;
    let mut balance = opening;
    let mut series = Vec::new();
    let mut labels = Vec::new();
    let mut rows: Vec<Vec<Cell>> = stmt
        .query_map(params![product_id, sc.branch, from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .map(|row| {
            let (at, branch, reason, q, note, user) = row?;
            balance += q;
            labels.push(pos_store::reporting::wib_day_hour(at).0.to_string());
            series.push(balance);
            Ok(vec![
                Cell::Num(at),
                Cell::Text(branch),
                Cell::Text(reason),
                Cell::Num(q),
                Cell::Num(balance),
                Cell::Text(note),
                Cell::Text(user),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let opening_row = vec![
        Cell::Num(from),
        Cell::Text(sc.branch.clone().unwrap_or_default()),
        Cell::Text(pick(lang, "opening balance", "saldo awal").into()),
        Cell::Num(0),
        Cell::Num(opening),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
    ];
    rows.insert(0, opening_row);
    let labels = labels
        .iter()
        .map(|k| {
            k.parse()
                .ok()
                .and_then(key_day)
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    Ok(Table {
        columns: vec![
            col("time", ColumnKind::Time, lang),
            col("branch", ColumnKind::Text, lang),
            col("reason", ColumnKind::Text, lang),
            col("change", ColumnKind::Count, lang),
            col("balance", ColumnKind::Count, lang),
            col("note", ColumnKind::Text, lang),
            col("user", ColumnKind::Text, lang),
        ],
        rows,
        totals: None,
        chart: Some(Chart {
            kind: ChartKind::Line,
            labels,
            series: vec![Series {
                key: "balance".into(),
                label: col("balance", ColumnKind::Count, lang).label,
                values: series,
            }],
        }),
        default_sort: "time",
        default_desc: false,
        lazy: None,
    })
}
