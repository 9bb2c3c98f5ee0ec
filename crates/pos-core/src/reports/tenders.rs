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
    let lang = sc.lang;
    let groups: Vec<(String, i64, i64, i64, i64)> = read::tenders::rows(c, &sc.range())?
        .into_iter()
        .map(|t| (t.kind, t.payments, t.paid, t.refunded, t.net))
        .collect();
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
