//! Stock on hand at cost and at price.

use super::*;

pub(super) fn stock_value(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let cat_name = read::names::categories(c)?;
    let lang = sc.lang;
    let mut by_cat: HashMap<String, i64> = HashMap::new();
    let rows: Vec<Vec<Cell>> = read::stock_value::rows(c, sc.branch.as_deref(), category)?
        .into_iter()
        .map(|s| {
            let cat = cat_name.get(&s.category_id).cloned().unwrap_or_default();
            *by_cat.entry(cat.clone()).or_default() += s.on_hand * s.cost;
            vec![
                Cell::Text(s.sku),
                Cell::Text(s.name),
                Cell::Text(cat),
                Cell::Num(s.on_hand),
                Cell::Num(s.cost),
                Cell::Num(s.on_hand * s.cost),
                Cell::Num(s.on_hand * s.price),
            ]
        })
        .collect();
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
