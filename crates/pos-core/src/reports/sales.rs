//! Sales by period, product, category, cashier, branch and terminal.

use super::*;

pub(super) fn sales_by_period(c: &Connection, sc: &Scope, g: Granularity, category: Option<&str>) -> Result<Table> {
    let days = grouped(c, &sc.range(), Group::Day, category)?;
    let mut periods: Vec<(String, Figures)> = Vec::new();
    let mut all = Figures::default();
    for (day, f) in days {
        let Some(d) = day.parse().ok().and_then(key_day) else {
            continue;
        };
        let label = period_label(d, g);
        all.add(&f);
        match periods.last_mut() {
            Some((l, acc)) if *l == label => acc.add(&f),
            _ => periods.push((label, f)),
        }
    }
    // Every period of the range appears, sold in or not, so the chart's axis has no holes.
    let mut filled = Vec::new();
    let mut d = sc.from;
    let mut have: HashMap<String, Figures> = periods.into_iter().collect();
    while d <= sc.to {
        let label = period_label(d, g);
        if filled
            .last()
            .map(|(l, _): &(String, Figures)| l != &label)
            .unwrap_or(true)
        {
            let f = have.remove(&label).unwrap_or_default();
            filled.push((label, f));
        }
        d += Duration::days(1);
    }
    let lang = sc.lang;
    let chart = Chart {
        kind: if filled.len() > 1 {
            ChartKind::Line
        } else {
            ChartKind::Bar
        },
        labels: filled.iter().map(|(l, _)| l.clone()).collect(),
        series: ["revenue", "margin"]
            .iter()
            .map(|k| Series {
                key: k.to_string(),
                label: col(k, ColumnKind::Money, lang).label,
                values: filled
                    .iter()
                    .map(|(_, f)| if *k == "revenue" { f.revenue } else { f.margin })
                    .collect(),
            })
            .collect(),
    };
    let rows = filled
        .iter()
        .map(|(l, f)| {
            let mut r = vec![Cell::Text(l.clone())];
            r.extend(figure_cells(f));
            r
        })
        .collect();
    Ok(Table {
        columns: columns_for(&[("period", ColumnKind::Date)], lang),
        rows,
        totals: Some(figure_totals(1, &all, lang)),
        chart: Some(chart),
        default_sort: "period",
        default_desc: false,
        lazy: None,
    })
}

/// Sales grouped by a key the caller names (`names` turns keys into labels).
pub(super) fn sales_by(
    sc: &Scope,
    groups: Vec<(String, Figures)>,
    lead: &[(&str, ColumnKind)],
    cells: impl Fn(&str) -> Vec<Cell>,
    chart: ChartKind,
) -> Table {
    let lang = sc.lang;
    let mut all = Figures::default();
    let mut labelled = Vec::with_capacity(groups.len());
    let mut rows = Vec::with_capacity(groups.len());
    for (k, f) in &groups {
        all.add(f);
        let mut r = cells(k);
        labelled.push((r.last().map(Cell::text).unwrap_or_default(), *f));
        r.extend(figure_cells(f));
        rows.push(r);
    }
    Table {
        columns: columns_for(lead, lang),
        rows,
        totals: Some(figure_totals(lead.len(), &all, lang)),
        chart: Some(top_chart(&labelled, lang, 10, chart)),
        default_sort: "revenue",
        default_desc: true,
        lazy: None,
    }
}

pub(super) fn sales_by_product(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, &sc.range(), Group::Product, category)?;
    let mut t = sales_by(
        sc,
        groups,
        &[("sku", ColumnKind::Text), ("product", ColumnKind::Text)],
        |id| vec![Cell::Text(id.to_string()), Cell::Text(id.to_string())],
        ChartKind::Bar,
    );
    t.lazy = Some((0, 1));
    if let Some(chart) = t.chart.as_mut() {
        for label in chart.labels.iter_mut() {
            *label = product_label(c, label)?.1;
        }
    }
    Ok(t)
}

/// A product's SKU and name (the id itself for one this file does not know).
pub(super) fn product_label(c: &Connection, id: &str) -> Result<(String, String)> {
    Ok(read::names::product(c, id)?.unwrap_or_else(|| (String::new(), id.to_string())))
}

/// Fills the SKU and name cells of rows that still hold a product id.
pub(super) fn resolve_products(c: &Connection, (sku, name): (usize, usize), rows: &mut [Vec<Cell>]) -> Result<()> {
    for r in rows {
        let (s, n) = product_label(c, &r[name].text())?;
        r[sku] = Cell::Text(s);
        r[name] = Cell::Text(n);
    }
    Ok(())
}

pub(super) fn sales_by_category(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    // By product first (a product's category is read once, not once per line), then folded
    // into categories by walking the products in id order beside the groups (also in id order).
    let by_product = grouped(c, &sc.range(), Group::Product, category)?;
    let cat_name = read::names::category_paths(c)?;
    let mut folded: HashMap<String, Figures> = HashMap::new();
    let mut next = by_product.iter().peekable();
    each_product(c, |p| {
        while next.peek().is_some_and(|(id, _)| id.as_str() < p.id) {
            // Sold, but not in this file's catalogue: no category.
            let (_, f) = next.next().expect("peeked");
            folded.entry(String::new()).or_default().add(f);
        }
        if let Some((_, f)) = next.next_if(|(id, _)| id.as_str() == p.id) {
            let cat = p.category_id.unwrap_or_default();
            match folded.get_mut(cat) {
                Some(acc) => acc.add(f),
                None => {
                    folded.insert(cat.to_string(), *f);
                }
            }
        }
        next.peek().is_some()
    })?;
    for (_, f) in next {
        folded.entry(String::new()).or_default().add(f);
    }
    let groups: Vec<(String, Figures)> = folded.into_iter().collect();
    Ok(sales_by(
        sc,
        groups,
        &[("category", ColumnKind::Text)],
        |id| vec![Cell::Text(cat_name.get(id).cloned().unwrap_or_else(|| "—".into()))],
        ChartKind::Bar,
    ))
}

pub(super) fn sales_by_cashier(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, &sc.range(), Group::Cashier, category)?;
    let users = read::names::users(c)?;
    let online = pick(
        sc.lang,
        "Orders (online shop, delivery)",
        "Pesanan (toko online, antar)",
    );
    Ok(sales_by(
        sc,
        groups,
        &[("cashier", ColumnKind::Text)],
        |id| {
            vec![Cell::Text(if id.is_empty() {
                online.to_string()
            } else {
                users.get(id).cloned().unwrap_or_else(|| id.to_string())
            })]
        },
        ChartKind::Bar,
    ))
}

pub(super) fn sales_by_branch(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, &sc.range(), Group::Branch, category)?;
    Ok(sales_by(
        sc,
        groups,
        &[("branch", ColumnKind::Text)],
        |b| vec![Cell::Text(b.to_string())],
        ChartKind::Doughnut,
    ))
}

pub(super) fn sales_by_terminal(c: &Connection, sc: &Scope, category: Option<&str>) -> Result<Table> {
    let groups = grouped(c, &sc.range(), Group::Terminal, category)?;
    Ok(sales_by(
        sc,
        groups,
        &[("branch", ColumnKind::Text), ("terminal", ColumnKind::Text)],
        |k| {
            let (b, t) = k.split_once('/').unwrap_or((k, ""));
            vec![Cell::Text(b.to_string()), Cell::Text(t.to_string())]
        },
        ChartKind::Bar,
    ))
}
