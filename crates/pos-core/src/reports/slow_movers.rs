//! Products in stock that did not sell (or sold least) in the range, with their last sale.

use super::*;

pub(super) fn slow_movers(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let sold = sold_by_product(c, &sc.range())?;
    // Stock on hand per product (in product id order) merged with the products walked in the
    // same order: no look-up per product.
    let stock = read::slow_movers::on_hand_by_product(c, sc.branch.as_deref())?;
    let mut levels = stock.iter().peekable();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    each_product(c, |p| {
        let mut on_hand = None;
        while let Some((id, n)) = levels.peek() {
            if id.as_str() < p.id {
                levels.next();
                continue;
            }
            if id.as_str() == p.id {
                on_hand = Some(*n);
            }
            break;
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
    for r in rows {
        let last = read::slow_movers::last_sold(c, &r[5].text(), branch.as_deref())?;
        r[5] = Cell::Text(
            last.and_then(key_day)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
        );
    }
    Ok(())
}
