//! One product's stock movements with a running balance.

use super::*;

pub(super) fn movements(c: &Connection, sc: &Scope, product_id: Option<&str>) -> Result<Table> {
    let product_id = product_id
        .filter(|p| !p.is_empty())
        .ok_or_else(|| CoreError::invalid("product_id", "Choose a product", "Pilih produk"))?;
    let lang = sc.lang;
    let (from, to) = sc.millis();
    let branch = sc.branch.as_deref();
    let opening = read::movements::opening(c, product_id, branch, from)?;
    let mut balance = opening;
    let mut series = Vec::new();
    let mut labels = Vec::new();
    let mut rows: Vec<Vec<Cell>> = read::movements::rows(c, product_id, branch, from, to)?
        .into_iter()
        .map(|m| {
            balance += m.quantity;
            labels.push(pos_store::reporting::wib_day_hour(m.at).0.to_string());
            series.push(balance);
            vec![
                Cell::Num(m.at),
                Cell::Text(m.branch),
                Cell::Text(m.reason),
                Cell::Num(m.quantity),
                Cell::Num(balance),
                Cell::Text(m.note),
                Cell::Text(m.user),
            ]
        })
        .collect();
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
