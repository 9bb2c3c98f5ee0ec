//! PPN per period: DPP, output tax and what returns gave back.

use super::*;

pub(super) fn tax(c: &Connection, sc: &Scope, g: Granularity) -> Result<Table> {
    let days = read::tax::by_day(c, &sc.range())?;
    let mut periods: Vec<(String, [i64; 4])> = Vec::new();
    for (day, v) in days {
        let Some(d) = key_day(day) else { continue };
        let label = period_label(d, g);
        match periods.last_mut() {
            Some((l, acc)) if *l == label => (0..4).for_each(|i| acc[i] += v[i]),
            _ => periods.push((label, v)),
        }
    }
    let lang = sc.lang;
    let rows: Vec<Vec<Cell>> = periods
        .iter()
        .map(|(l, v)| {
            let (dpp, ppn) = (v[0] - v[2], v[1] - v[3]);
            vec![
                Cell::Text(l.clone()),
                Cell::Num(v[0]),
                Cell::Num(v[1]),
                Cell::Num(v[2]),
                Cell::Num(v[3]),
                Cell::Num(dpp),
                Cell::Num(ppn),
                Cell::Num(dpp + ppn),
            ]
        })
        .collect();
    let columns: Vec<Column> = [
        ("period", ColumnKind::Date),
        ("sales_dpp", ColumnKind::Money),
        ("sales_ppn", ColumnKind::Money),
        ("returns_dpp", ColumnKind::Money),
        ("returns_ppn", ColumnKind::Money),
        ("dpp", ColumnKind::Money),
        ("ppn", ColumnKind::Money),
        ("total", ColumnKind::Money),
    ]
    .iter()
    .map(|(k, kind)| col(k, *kind, lang))
    .collect();
    let chart = Chart {
        kind: ChartKind::Bar,
        labels: periods.iter().map(|p| p.0.clone()).collect(),
        series: vec![
            Series {
                key: "dpp".into(),
                label: columns[5].label.clone(),
                values: rows.iter().map(|r| r[5].num()).collect(),
            },
            Series {
                key: "ppn".into(),
                label: columns[6].label.clone(),
                values: rows.iter().map(|r| r[6].num()).collect(),
            },
        ],
    };
    Ok(Table {
        totals: Some(sum_totals(&columns, &rows, lang)),
        columns,
        rows,
        chart: Some(chart),
        default_sort: "period",
        default_desc: false,
        lazy: None,
    })
}
