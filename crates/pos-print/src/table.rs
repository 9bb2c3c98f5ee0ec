//! Reports on paper: an A4 landscape PDF with the store, the title and period, an optional bar
//! chart of the report's leading figures, and the table (header repeated on every page, totals
//! at the end, page numbers). Cells arrive already formatted; numeric columns are right-aligned.

use crate::document::{Page, finish_pages};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableColumn {
    pub label: String,
    pub numeric: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BarChart {
    pub label: String,
    pub bars: Vec<(String, i64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableDoc {
    pub store: String,
    pub title: String,
    /// Period, branch, when it was made.
    pub subtitle: String,
    pub columns: Vec<TableColumn>,
    pub rows: Vec<Vec<String>>,
    pub totals: Option<Vec<String>>,
    pub chart: Option<BarChart>,
}

const SIZE: f32 = 7.5;
const ROW: f32 = 4.6;
const BOTTOM: f32 = 16.0;
/// Helvetica's average glyph is about half an em wide; 1 pt = 0.3528 mm.
const CHAR_MM: f32 = SIZE * 0.5 * 0.3528;

fn fit(t: &str, width_mm: f32) -> String {
    let max = ((width_mm - 1.5) / CHAR_MM).floor().max(1.0) as usize;
    if t.chars().count() <= max {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Column widths in mm: by the longest cell (header included, capped), scaled to the page.
fn widths(d: &TableDoc, available: f32) -> Vec<f32> {
    let mut chars: Vec<f32> = d
        .columns
        .iter()
        .map(|c| c.label.chars().count().clamp(4, 24) as f32)
        .collect();
    for r in d.rows.iter().take(2000).chain(d.totals.iter()) {
        for (i, cell) in r.iter().enumerate().take(chars.len()) {
            chars[i] = chars[i].max(cell.chars().count().min(40) as f32);
        }
    }
    let sum: f32 = chars.iter().sum::<f32>().max(1.0);
    chars.iter().map(|c| c / sum * available).collect()
}

fn row(p: &mut Page, d: &TableDoc, w: &[f32], cells: &[String], bold: bool) {
    let mut x = p.left;
    for (i, c) in d.columns.iter().enumerate() {
        let t = fit(cells.get(i).map(String::as_str).unwrap_or(""), w[i]);
        if c.numeric {
            p.right(x + w[i] - 1.0, SIZE, bold, &t);
        } else {
            p.text(x, SIZE, bold, &t);
        }
        x += w[i];
    }
    p.down(ROW);
}

fn header(p: &mut Page, d: &TableDoc, w: &[f32]) {
    p.fill(p.left, p.y - 1.6, p.right - p.left, ROW, 0.88);
    let labels: Vec<String> = d.columns.iter().map(|c| c.label.clone()).collect();
    row(p, d, w, &labels, true);
}

fn chart(p: &mut Page, c: &BarChart) {
    let max = c.bars.iter().map(|b| b.1.abs()).max().unwrap_or(0).max(1) as f32;
    p.text(p.left, 9.0, true, &c.label);
    p.down(5.0);
    let label_w = 60.0;
    let value_w = 30.0;
    let bar_w = p.right - p.left - label_w - value_w;
    for (label, v) in &c.bars {
        p.text(p.left, SIZE, false, &fit(label, label_w));
        let len = (v.abs() as f32 / max * bar_w).max(0.3);
        p.fill(p.left + label_w, p.y - 0.8, len, 3.2, if *v < 0 { 0.65 } else { 0.35 });
        p.right(p.right, SIZE, false, &crate::document::grouped(*v));
        p.down(ROW);
    }
    p.down(3.0);
}

pub fn table_pdf(d: &TableDoc) -> Vec<u8> {
    table_pdf_with(d, &mut |_| {})
}

/// [`table_pdf`], calling `laid_out(rows so far)` as the rows are placed on pages.
pub fn table_pdf_with(d: &TableDoc, laid_out: &mut dyn FnMut(usize)) -> Vec<u8> {
    let mut pages = Vec::new();
    let mut p = Page::a4(true);
    p.text(p.left, 14.0, true, &d.store);
    let right = p.right;
    p.right(right, 13.0, true, &d.title);
    p.down(6.0);
    p.text(p.left, 9.0, false, &d.subtitle);
    p.down(8.0);
    if let Some(c) = d.chart.as_ref().filter(|c| !c.bars.is_empty()) {
        chart(&mut p, c);
    }
    let w = widths(d, p.right - p.left);
    header(&mut p, d, &w);
    for (i, r) in d.rows.iter().enumerate() {
        if p.y < BOTTOM + ROW {
            pages.push(p);
            p = Page::a4(true);
            header(&mut p, d, &w);
        }
        row(&mut p, d, &w, r, false);
        if i % 500 == 499 {
            laid_out(i + 1);
        }
    }
    laid_out(d.rows.len());
    if let Some(t) = &d.totals {
        if p.y < BOTTOM + 2.0 * ROW {
            pages.push(p);
            p = Page::a4(true);
            header(&mut p, d, &w);
        }
        p.rule();
        p.down(1.0);
        row(&mut p, d, &w, t, true);
    }
    pages.push(p);
    let n = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        p.y = 8.0;
        let line = format!("{} · {} · {}/{}", d.store, d.title, i + 1, n);
        let right = p.right;
        p.right(right, 7.0, false, &line);
    }
    finish_pages(pages, &d.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rows: usize) -> TableDoc {
        TableDoc {
            store: "Hurtrock Music Store".into(),
            title: "Penjualan per produk".into(),
            subtitle: "2026-11-01 – 2026-11-30".into(),
            columns: vec![
                TableColumn {
                    label: "Produk".into(),
                    numeric: false,
                },
                TableColumn {
                    label: "Jumlah".into(),
                    numeric: true,
                },
            ],
            rows: (0..rows)
                .map(|i| vec![format!("Produk {i}"), format!("{}", i * 1000)])
                .collect(),
            totals: Some(vec!["Total".into(), "123".into()]),
            chart: Some(BarChart {
                label: "Top".into(),
                bars: vec![("A".into(), 5), ("B".into(), -2)],
            }),
        }
    }

    #[test]
    fn long_tables_run_over_pages_with_the_header_again() {
        let one = table_pdf(&doc(5));
        let many = table_pdf(&doc(200));
        assert!(one.starts_with(b"%PDF") && many.starts_with(b"%PDF"));
        assert!(many.len() > one.len());
    }

    #[test]
    fn cells_are_cut_to_their_column() {
        assert_eq!(fit("short", 50.0), "short");
        let cut = fit(&"x".repeat(200), 20.0);
        assert!(cut.ends_with('…') && cut.chars().count() < 30);
    }
}
