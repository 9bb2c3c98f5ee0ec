//! PPN per period: DPP, output tax and what returns gave back.

use super::*;

pub(super) fn tax(c: &Connection, sc: &Scope, g: Granularity) -> Result<Table> {
    let (from, to) = sc.keys();
    let mut stmt = c.prepare_cached(
        "SELECT day, sum(CASE WHEN kind <> 'return' THEN revenue ELSE 0 END),
                sum(CASE WHEN kind <> 'return' THEN tax ELSE 0 END),
                sum(CASE WHEN kind = 'return' THEN -revenue ELSE 0 END),
                sum(CASE WHEN kind = 'return' THEN -tax ELSE 0 END)
         FROM report_lines WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) GROUP BY day",
    )?;
    let days: Vec<(i64, [i64; 4])> = stmt
        .query_map(params![from, to, sc.branch], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })?
        .collect::<pos_store::rusqlite::Result<_>>()?;
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
