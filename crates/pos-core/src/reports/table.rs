//! A report's rows before sorting and paging, their totals, and the grouped figures most reports start from.

use super::*;

/// A report before sorting and paging.
pub(super) struct Table {
    pub(super) columns: Vec<Column>,
    pub(super) rows: Vec<Vec<Cell>>,
    pub(super) totals: Option<Vec<Cell>>,
    pub(super) chart: Option<Chart>,
    pub(super) default_sort: &'static str,
    pub(super) default_desc: bool,
    /// Rows whose SKU and name cells (these two columns) still hold the product id: filled in
    /// only for the rows shown (or all of them, to sort by name or export). A year of 100 000
    /// products is not looked up to show fifty.
    pub(super) lazy: Option<(usize, usize)>,
}

/// Sums every numeric column except those listed (ratios, balances); the first column says
/// "Total".
pub(super) fn sum_totals(columns: &[Column], rows: &[Vec<Cell>], lang: Lang) -> Vec<Cell> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| match c.kind {
            ColumnKind::Count | ColumnKind::Money => Cell::Num(rows.iter().map(|r| r[i].num()).sum()),
            _ if i == 0 => Cell::Text(pick(lang, "Total", "Total").into()),
            _ => Cell::Text(String::new()),
        })
        .collect()
}

/// Totals of a sales summary: the figures summed, and the ratios of the sums.
pub(super) fn figure_totals(lead: usize, all: &Figures, lang: Lang) -> Vec<Cell> {
    let mut cells = vec![Cell::Text(String::new()); lead];
    cells[0] = Cell::Text(pick(lang, "Total", "Total").into());
    cells.extend(figure_cells(all));
    cells
}

pub(super) fn columns_for(lead: &[(&str, ColumnKind)], lang: Lang) -> Vec<Column> {
    lead.iter()
        .chain(FIGURE_COLUMNS.iter())
        .map(|(k, kind)| col(k, *kind, lang))
        .collect()
}

/// The sums of `report_hours`, in the same order.
pub(super) const HOUR_SUMS: &str =
    "sum(quantity), sum(transactions), sum(gross), sum(discount), sum(returns), sum(return_count),
    sum(revenue), sum(tax), sum(cost)";

/// Figures grouped by one SQL expression in the scope. Without a category the hourly sums answer
/// (a year is tens of thousands of rows); by product, a short range is read in day order and
/// summed here (`lines`), a long one (or one category) through the covering product index (a
/// category's products are seeked one by one; every product is one pass in product order, with
/// no sort). By product, the groups come in product id order.
pub(super) fn grouped(c: &Connection, sc: &Scope, key: &str, category: Option<&str>) -> Result<Vec<(String, Figures)>> {
    if key == "product_id" && category.is_none() && is_short(sc) {
        return by_product_short(c, sc);
    }
    let (from, to) = sc.keys();
    let sql = match category {
        Some(_) => format!(
            "SELECT {key}, {SUMS} FROM report_lines INDEXED BY report_lines_product
             WHERE product_id IN (SELECT id FROM products WHERE category_id = ?4)
               AND day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3)
             GROUP BY 1"
        ),
        None if key == "product_id" => format!(
            "SELECT product_id, {SUMS} FROM report_lines INDEXED BY report_lines_product
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND ?4 IS NULL
             GROUP BY 1"
        ),
        None => format!(
            "SELECT {key}, {HOUR_SUMS} FROM report_hours
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR branch = ?3) AND ?4 IS NULL
             GROUP BY 1"
        ),
    };
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from, to, sc.branch, category], |r| {
        use pos_store::rusqlite::types::Value;
        let key = match r.get::<_, Value>(0)? {
            Value::Text(t) => t,
            Value::Integer(n) => n.to_string(),
            _ => String::new(),
        };
        Ok((key, figures_row(r, 1)?))
    })?;
    Ok(rows.collect::<pos_store::rusqlite::Result<_>>()?)
}

pub(super) fn top_chart(rows: &[(String, Figures)], lang: Lang, n: usize, kind: ChartKind) -> Chart {
    let mut top: Vec<&(String, Figures)> = rows.iter().collect();
    top.sort_by(|a, b| b.1.revenue.cmp(&a.1.revenue).then_with(|| a.0.cmp(&b.0)));
    top.truncate(n);
    Chart {
        kind,
        labels: top.iter().map(|(l, _)| l.clone()).collect(),
        series: vec![
            Series {
                key: "revenue".into(),
                label: col("revenue", ColumnKind::Money, lang).label,
                values: top.iter().map(|(_, f)| f.revenue).collect(),
            },
            Series {
                key: "margin".into(),
                label: col("margin", ColumnKind::Money, lang).label,
                values: top.iter().map(|(_, f)| f.margin).collect(),
            },
        ],
    }
}
