//! Takings by tender (cash, card, QRIS, transfer).

use super::*;

pub(super) fn tender_label(kind: &str, lang: Lang) -> String {
    let (en, id) = match kind {
        "cash" => ("Cash", "Tunai"),
        "card" => ("Card (EDC)", "Kartu (EDC)"),
        "transfer" => ("Bank transfer", "Transfer bank"),
        "qris" => ("QRIS", "QRIS"),
        _ => return kind.to_string(),
    };
    pick(lang, en, id).to_string()
}

pub(super) fn tenders(c: &Connection, sc: &Scope) -> Result<Table> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT kind, sum(CASE WHEN amount >= 0 THEN 1 ELSE 0 END), sum(CASE WHEN amount > 0 THEN amount ELSE 0 END),
                sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END), sum(amount)
         FROM report_payments WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)
         GROUP BY kind",
    )?;
    let lang = sc.lang;
    let groups: Vec<(String, i64, i64, i64, i64)> = stmt
        .query_map(params![from, to, sc.branch], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let columns = vec![
        col("tender", ColumnKind::Text, lang),
        col("payments", ColumnKind::Count, lang),
        col("gross", ColumnKind::Money, lang),
        col("returns", ColumnKind::Money, lang),
        col("amount", ColumnKind::Money, lang),
    ];
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|(k, n, paid, refunded, net)| {
            vec![
                Cell::Text(tender_label(k, lang)),
                Cell::Num(*n),
                Cell::Num(*paid),
                Cell::Num(*refunded),
                Cell::Num(*net),
            ]
        })
        .collect();
    let chart = Chart {
        kind: ChartKind::Doughnut,
        labels: groups.iter().map(|g| tender_label(&g.0, lang)).collect(),
        series: vec![Series {
            key: "amount".into(),
            label: col("amount", ColumnKind::Money, lang).label,
            values: groups.iter().map(|g| g.4).collect(),
        }],
    };
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        columns,
        rows,
        chart: Some(chart),
        default_sort: "amount",
        default_desc: true,
        lazy: None,
    })
}
