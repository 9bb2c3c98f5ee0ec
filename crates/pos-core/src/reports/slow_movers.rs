//! Products that did not sell in the range, with their last sale.

use super::*;

pub(super) fn slow_movers(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let (from, to) = sc.keys();
    let sold: HashMap<String, i64> = {
        let mut stmt = c.prepare_cached(
            "SELECT product_id, sum(quantity) FROM report_lines INDEXED BY report_lines_product
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND kind <> 'return'
             GROUP BY product_id",
        )?;
        stmt.query_map(params![from, to, sc.branch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<pos_store::rusqlite::Result<_>>()?
    };
    let mut stmt = c.prepare_cached(
        "SELECT s.product_id, s.on_hand, p.cost FROM
            (SELECT product_id, sum(on_hand) AS on_hand FROM stock_levels WHERE ?1 IS NULL OR branch = ?1
             GROUP BY product_id) s
         JOIN products p ON p.id = s.product_id
         WHERE s.on_hand > 0 AND p.active = 1 AND (?2 IS NULL OR p.category_id = ?2)",
    )?;
    let lang = sc.lang;
    let mut rows: Vec<Vec<Cell>> = stmt
        .query_map(params![sc.branch, category], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?
        .map(|row| {
            let (id, on_hand, cost) = row?;
            let n = sold.get(&id).copied().unwrap_or(0);
            // The id rides in the SKU and name cells (resolved for the rows shown) and in the
            // last-sold cell (looked up for the rows shown, see `fill_last_sold`).
            Ok(vec![
                Cell::Text(id.clone()),
                Cell::Text(id.clone()),
                Cell::Num(on_hand),
                Cell::Num(on_hand * cost),
                Cell::Num(n),
                Cell::Text(id),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    // Slow first: least sold, then most money tied up.
    rows.sort_by(|a, b| a[4].num().cmp(&b[4].num()).then(b[3].num().cmp(&a[3].num())));
    let mut labels = Vec::new();
    for r in rows.iter().take(10) {
        labels.push(product_label(c, &r[1].text())?.1);
    }
    let chart = Chart {
        kind: ChartKind::Bar,
        labels,
        series: vec![Series {
            key: "value".into(),
            label: col("value", ColumnKind::Money, lang).label,
            values: rows.iter().take(10).map(|r| r[3].num()).collect(),
        }],
    };
    let columns = vec![
        col("sku", ColumnKind::Text, lang),
        col("product", ColumnKind::Text, lang),
        col("on_hand", ColumnKind::Count, lang),
        col("value", ColumnKind::Money, lang),
        col("sold", ColumnKind::Count, lang),
        col("last_sold", ColumnKind::Date, lang),
    ];
    let mut totals = sum_totals(&columns, &rows, lang);
    totals[5] = Cell::Text(String::new());
    Ok(Table {
        columns,
        rows,
        totals: Some(totals),
        chart: Some(chart),
        default_sort: "sold",
        default_desc: false,
        lazy: Some((0, 1)),
    })
}

/// Replaces the product id carried in the last cell of slow-mover rows with the product's last
/// sale day (only for the rows shown or exported).
pub(super) fn fill_last_sold(c: &Connection, branch: &Option<String>, rows: &mut [Vec<Cell>]) -> Result<()> {
    let mut stmt = c.prepare_cached(
        "SELECT max(day) FROM report_lines WHERE product_id = ?1 AND kind <> 'return' AND (?2 IS NULL OR branch = ?2)",
    )?;
    for r in rows {
        let id = r[5].text();
        let last: Option<i64> = stmt.query_row(params![id, branch], |r| r.get(0))?;
        r[5] = Cell::Text(
            last.and_then(key_day)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
        );
    }
    Ok(())
}
