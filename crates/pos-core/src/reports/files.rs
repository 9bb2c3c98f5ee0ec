//! A report as a file: CSV (for any spreadsheet or script), XLSX (formatted, numbers as numbers)
//! and PDF (to print or send). All three carry the same rows and totals as the screen.

use crate::reports::{Cell, ColumnKind, Report};
use crate::{CoreError, Result};
use pos_print::document::grouped;

/// A time cell (UTC ms) as WIB wall-clock time.
fn wib_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&pos_domain::clock::wib())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

fn percent(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", bp.unsigned_abs() / 100, bp.unsigned_abs() % 100)
}

/// A cell as plain text for CSV: numbers unformatted, so a spreadsheet reads them as numbers.
fn plain(kind: ColumnKind, c: &Cell) -> String {
    match (kind, c) {
        (ColumnKind::Time, Cell::Num(ms)) => wib_time(*ms),
        (ColumnKind::Percent, Cell::Num(bp)) => percent(*bp),
        _ => c.text(),
    }
}

/// A cell as people read it (PDF): grouped thousands, percentages with a sign.
fn shown(kind: ColumnKind, c: &Cell) -> String {
    match (kind, c) {
        (ColumnKind::Money | ColumnKind::Count, Cell::Num(n)) => grouped(*n),
        (ColumnKind::Percent, Cell::Num(bp)) => format!("{}%", percent(*bp).replace('.', ",")),
        _ => plain(kind, c),
    }
}

pub(crate) fn csv_field(s: &str, text: bool) -> String {
    // A text cell that a spreadsheet would run as a formula (=, +, -, @) is kept as text.
    let s = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn all_rows(r: &Report) -> impl Iterator<Item = &Vec<Cell>> {
    r.rows.iter().chain(r.totals.iter())
}

/// How often a writer reports the rows it has written.
const EVERY: usize = 500;

/// UTF-8 with a byte-order mark (so spreadsheet programs read the Indonesian text right), comma
/// separated, header row first and the totals row last.
pub(crate) fn csv_with(r: &Report, written: &mut dyn FnMut(usize)) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = r.columns.iter().map(|c| csv_field(&c.label, true)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for (i, row) in all_rows(r).enumerate() {
        if i % EVERY == EVERY - 1 {
            written(i + 1);
        }
        let cells: Vec<String> = r
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| csv_field(&plain(c.kind, v), matches!(v, Cell::Text(_))))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::internal(format!("could not write the spreadsheet: {e}"))
}

/// One worksheet: title and period above, a bold shaded header row frozen in place, money with
/// thousands separators, percentages as percentages, the totals row in bold.
pub(crate) fn xlsx_with(r: &Report, store: &str, written: &mut dyn FnMut(usize)) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let name: String = r.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    ws.set_name(name).map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE0E0E0))
        .set_border_bottom(FormatBorder::Thin);
    let money = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.00%");
    let money_b = Format::new().set_bold().set_num_format("#,##0");
    let pct_b = Format::new().set_bold().set_num_format("0.00%");
    ws.write_string_with_format(0, 0, format!("{store} — {}", r.title), &bold)
        .map_err(xlsx_err)?;
    ws.write_string(1, 0, format!("{} – {}", r.from, r.to))
        .map_err(xlsx_err)?;
    let top = 3u32;
    for (i, c) in r.columns.iter().enumerate() {
        ws.write_string_with_format(top, i as u16, &c.label, &head)
            .map_err(xlsx_err)?;
    }
    let total_at = r.totals.as_ref().map(|_| r.rows.len());
    for (ri, row) in all_rows(r).enumerate() {
        if ri % EVERY == EVERY - 1 {
            written(ri + 1);
        }
        let y = top + 1 + ri as u32;
        let is_total = Some(ri) == total_at;
        for (ci, (c, v)) in r.columns.iter().zip(row).enumerate() {
            let x = ci as u16;
            match (c.kind, v) {
                (ColumnKind::Money | ColumnKind::Count, Cell::Num(n)) => {
                    ws.write_number_with_format(y, x, *n as f64, if is_total { &money_b } else { &money })
                }
                (ColumnKind::Percent, Cell::Num(bp)) => {
                    ws.write_number_with_format(y, x, *bp as f64 / 10_000.0, if is_total { &pct_b } else { &pct })
                }
                (ColumnKind::Time, Cell::Num(ms)) => ws.write_string(y, x, wib_time(*ms)),
                (_, v) if is_total => ws.write_string_with_format(y, x, v.text(), &bold),
                (_, v) => ws.write_string(y, x, v.text()),
            }
            .map_err(xlsx_err)?;
        }
    }
    ws.set_freeze_panes(top + 1, 0).map_err(xlsx_err)?;
    ws.autofit();
    wb.save_to_buffer().map_err(xlsx_err)
}

/// A4 landscape, with the chart's first series as bars above the table.
pub(crate) fn pdf_with(r: &Report, store: &str, laid_out: &mut dyn FnMut(usize)) -> Vec<u8> {
    use pos_print::table::{BarChart, TableColumn, TableDoc, table_pdf_with};
    let numeric = |k: ColumnKind| matches!(k, ColumnKind::Money | ColumnKind::Count | ColumnKind::Percent);
    let doc = TableDoc {
        store: store.to_string(),
        title: r.title.clone(),
        subtitle: format!("{} – {}", r.from, r.to),
        columns: r
            .columns
            .iter()
            .map(|c| TableColumn {
                label: c.label.clone(),
                numeric: numeric(c.kind),
            })
            .collect(),
        rows: r
            .rows
            .iter()
            .map(|row| r.columns.iter().zip(row).map(|(c, v)| shown(c.kind, v)).collect())
            .collect(),
        totals: r
            .totals
            .as_ref()
            .map(|t| r.columns.iter().zip(t).map(|(c, v)| shown(c.kind, v)).collect()),
        chart: r.chart.as_ref().and_then(|ch| {
            let s = ch.series.first()?;
            Some(BarChart {
                label: s.label.clone(),
                bars: ch
                    .labels
                    .iter()
                    .cloned()
                    .zip(s.values.iter().copied())
                    .take(12)
                    .collect(),
            })
        }),
    };
    table_pdf_with(&doc, laid_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)", true), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-5", false), "-5");
    }

    #[test]
    fn writers_report_their_rows_as_they_go() {
        let report = Report {
            kind: Default::default(),
            title: "Sales by product".into(),
            from: "2026-01-01".into(),
            to: "2026-12-31".into(),
            columns: vec![crate::reports::Column {
                key: "units".into(),
                label: "Units".into(),
                kind: ColumnKind::Count,
            }],
            rows: (0..1_200).map(|i| vec![Cell::Num(i)]).collect(),
            total_rows: 1_200,
            page: 1,
            page_size: 1_200,
            sort: "units".into(),
            desc: false,
            totals: None,
            chart: None,
            branches: Vec::new(),
        };
        let mut seen = Vec::new();
        csv_with(&report, &mut |n| seen.push(n));
        assert_eq!(seen, [500, 1_000]);
        seen.clear();
        xlsx_with(&report, "Hurtrock", &mut |n| seen.push(n)).unwrap();
        assert_eq!(seen, [500, 1_000]);
        seen.clear();
        pdf_with(&report, "Hurtrock", &mut |n| seen.push(n));
        assert_eq!(seen, [500, 1_000, 1_200]);
    }

    #[test]
    fn percentages_from_basis_points() {
        assert_eq!(percent(2534), "25.34");
        assert_eq!(percent(-5), "-0.05");
        assert_eq!(shown(ColumnKind::Percent, &Cell::Num(2534)), "25,34%");
        assert_eq!(shown(ColumnKind::Money, &Cell::Num(-1_250_000)), "-1.250.000");
    }
}
