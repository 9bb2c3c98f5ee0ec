//! Sales figures summed over report rows, and their cells.

use super::*;

pub use pos_store::reports::Figures;

/// The columns of a sales summary, after the grouping columns.
pub(super) const FIGURE_COLUMNS: [(&str, ColumnKind); 11] = [
    ("quantity", ColumnKind::Count),
    ("transactions", ColumnKind::Count),
    ("gross", ColumnKind::Money),
    ("discount", ColumnKind::Money),
    ("returns", ColumnKind::Money),
    ("revenue", ColumnKind::Money),
    ("tax", ColumnKind::Money),
    ("cost", ColumnKind::Money),
    ("margin", ColumnKind::Money),
    ("margin_pct", ColumnKind::Percent),
    ("avg_basket", ColumnKind::Money),
];

pub(super) fn figure_cells(f: &Figures) -> Vec<Cell> {
    [
        f.quantity,
        f.transactions,
        f.gross,
        f.discount,
        f.returns,
        f.revenue,
        f.tax,
        f.cost,
        f.margin,
        f.margin_bp,
        f.avg_basket,
    ]
    .into_iter()
    .map(Cell::Num)
    .collect()
}
