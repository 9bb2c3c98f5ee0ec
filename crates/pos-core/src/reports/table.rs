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
