//! Products in stock that did not sell (or sold least) in the range, with their last sale.

use super::*;

pub(super) fn slow_movers(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let sold = sold_by_product(c, sc)?;
    // Stock on hand per product (in product id order) merged with the products walked in the
    // same order: no look-up per product.
    let mut stock = c.prepare_cached(
        "SELECT product_id, sum(on_hand) FROM stock_levels WHERE ?1 IS NULL OR branch = ?1 GROUP BY product_id",
    )?;
    let mut levels = stock
        .query_map(params![sc.branch], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?
        .peekable();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut failed = None;
    each_product(c, |p| {
        let mut on_hand = None;
        while let Some(level) = levels.peek() {
            match level {
                Err(_) => {
                    failed = levels.next().and_then(|l| l.err());
                    return false;
                }
                Ok((id, _)) if id.as_str() < p.id => {
                    levels.next();
                }
                Ok((id, n)) => {
                    if id.as_str() == p.id {
                        on_hand = Some(*n);
                    }
                    break;
                }
            }
        }
        if let Some(on_hand) = on_hand
            && on_hand > 0
            && p.active
            && category.is_none_or(|cat| p.category_id == Some(cat))
        {
            let n = sold.get(p.id).copied().unwrap_or(0);
            // The id rides in the SKU and name cells (resolved for the rows shown) and in the
            // last-sold cell (looked up for the rows shown, see `fill_last_sold`).
            rows.push(vec![
                Cell::Text(p.id.to_string()),
                Cell::Text(p.id.to_string()),
                Cell::Num(on_hand),
                Cell::Num(on_hand * p.cost),
                Cell::Num(n),
                Cell::Text(p.id.to_string()),
            ]);
        }
        levels.peek().is_some()
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let lang = sc.lang;
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
