//! Stock on hand at cost and at price.

use super::*;

pub(super) fn stock_value(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let mut stmt = c.prepare_cached(
        "SELECT p.sku, p.name, p.category_id, s.on_hand, p.cost, p.price FROM
            (SELECT product_id, sum(on_hand) AS on_hand FROM stock_levels WHERE ?1 IS NULL OR branch = ?1
             GROUP BY product_id) s
         JOIN products p ON p.id = s.product_id
         WHERE s.on_hand <> 0 AND (?2 IS NULL OR p.category_id = ?2)",
    )?;
    let cat_name = names(c, "SELECT id, name FROM categories")?;
    let lang = sc.lang;
    let mut by_cat: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = stmt
        .query_map(params![sc.branch, category], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .map(|row| {
            let (sku, name, cat, on_hand, cost, price) = row?;
            let cat = cat_name.get(&cat).cloned().unwrap_or_default();
            *by_cat.entry(cat.clone()).or_default() += on_hand * cost;
            Ok(vec![
                Cell::Text(sku),
                Cell::Text(name),
                Cell::Text(cat),
                Cell::Num(on_hand),
                Cell::Num(cost),
                Cell::Num(on_hand * cost),
                Cell::Num(on_hand * price),
            ])
        })
        .collect::<pos_store::rusqlite::Result<_>>()?;
    let columns = vec![
        col("sku", ColumnKind::Text, lang),
        col("product", ColumnKind::Text, lang),
        col("category", ColumnKind::Text, lang),
        col("on_hand", ColumnKind::Count, lang),
        Column {
            kind: ColumnKind::Money,
            ..col("unit_cost", ColumnKind::Money, lang)
        },
        col("value", ColumnKind::Money, lang),
        col("retail_value", ColumnKind::Money, lang),
    ];
    let mut totals = sum_totals(&columns, &rows, lang);
    totals[4] = Cell::Text(String::new()); // a sum of unit costs means nothing
    let mut cats: Vec<(String, i64)> = by_cat.into_iter().collect();
    cats.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    cats.truncate(10);
    let chart = Chart {
        kind: ChartKind::Doughnut,
        labels: cats.iter().map(|c| c.0.clone()).collect(),
        series: vec![Series {
            key: "value".into(),
            label: col("value", ColumnKind::Money, lang).label,
            values: cats.iter().map(|c| c.1).collect(),
        }],
    };
    Ok(Table {
        columns,
        rows,
        totals: Some(totals),
        chart: Some(chart),
        default_sort: "value",
        default_desc: true,
        lazy: None,
    })
}
