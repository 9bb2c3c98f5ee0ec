//! A spreadsheet file to a header row and text cells: CSV in UTF-8 (with or without BOM) or in
//! Windows-1252 as Excel writes it in Indonesia, separated by commas, semicolons or tabs; or the
//! first sheet of an XLSX workbook. A formula is never taken for a value: its cell is marked so the
//! row is refused with the reason.

use crate::error::{CoreError, Result};
use std::io::Cursor;

/// The largest file read (a catalogue of 100 000 products is about 15 MB as CSV).
pub const MAX_FILE_BYTES: usize = 60 * 1024 * 1024;
/// The most product rows one file may hold.
pub const MAX_ROWS: usize = 200_000;
/// The most columns a sheet may have.
pub const MAX_COLUMNS: usize = 100;

/// A cell as read: its text, or a formula (which the import refuses).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Formula(String),
}

impl Cell {
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(t) => t,
            Cell::Formula(_) => "",
        }
    }
}

/// The sheet: headers, and each data row with its number in the file (1 is the header row).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// What the file was read as ("CSV (UTF-8, ;)", "XLSX"), said back to the user.
    pub format: String,
}

fn bad(en: impl Into<String>, id: impl Into<String>) -> CoreError {
    CoreError::invalid("file", en, id)
}

pub fn read(file_name: &str, bytes: &[u8]) -> Result<Sheet> {
    if bytes.is_empty() {
        return Err(bad("The file is empty", "Berkasnya kosong"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(bad(
            format!("The file is larger than {} MB", MAX_FILE_BYTES / 1024 / 1024),
            format!("Berkas lebih besar dari {} MB", MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    let zip = bytes.starts_with(b"PK\x03\x04");
    let lower = file_name.to_lowercase();
    let sheet = if zip {
        xlsx(bytes)?
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xls") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(bad(
            "This is not an XLSX workbook that can be read (an old .xls? Save it as .xlsx or CSV)",
            "Ini bukan buku kerja XLSX yang bisa dibaca (.xls lama? Simpan sebagai .xlsx atau CSV)",
        ));
    } else {
        csv(bytes)?
    };
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(bad(
            "The first row holds no column names",
            "Baris pertama tidak berisi nama kolom",
        ));
    }
    if sheet.headers.len() > MAX_COLUMNS {
        return Err(bad(
            format!("More than {MAX_COLUMNS} columns"),
            format!("Lebih dari {MAX_COLUMNS} kolom"),
        ));
    }
    if sheet.rows.len() > MAX_ROWS {
        return Err(bad(
            format!("More than {MAX_ROWS} rows: split the file"),
            format!("Lebih dari {MAX_ROWS} baris: pecah berkasnya"),
        ));
    }
    Ok(sheet)
}

/// UTF-8 (a BOM is dropped), else Windows-1252 (Excel's "CSV" on an Indonesian or English Windows).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "Windows-1252")
        }
    }
}

/// The separator that splits the header line into the most fields (outside quotes).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |d: char| {
        let mut quoted = false;
        first
            .chars()
            .filter(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                !quoted && *c == d
            })
            .count()
    };
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| count(*d as char))
        .unwrap_or(b',')
}

fn csv(bytes: &[u8]) -> Result<Sheet> {
    if bytes.contains(&0) {
        return Err(bad(
            "This is not a text (CSV) file or an XLSX workbook",
            "Ini bukan berkas teks (CSV) atau buku kerja XLSX",
        ));
    }
    let (text, encoding) = decode(bytes);
    let d = delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet {
        format: format!(
            "CSV ({encoding}, {})",
            if d == b'\t' {
                "tab".to_string()
            } else {
                (d as char).to_string()
            }
        ),
        ..Default::default()
    };
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            bad(
                format!("Row {}: the CSV cannot be read ({e})", i + 1),
                format!("Baris {}: CSV tidak bisa dibaca ({e})", i + 1),
            )
        })?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if i == 0 {
            sheet.headers = cells;
            continue;
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if sheet.rows.len() > MAX_ROWS {
            break;
        }
        let cells = cells
            .into_iter()
            .map(|c| {
                if c.starts_with('=') && c.len() > 1 {
                    Cell::Formula(c)
                } else if let Some(text) = c.strip_prefix('\'') {
                    // A spreadsheet's "this is text" mark (our export writes it before "=" and "+").
                    Cell::Text(text.to_string())
                } else {
                    Cell::Text(c)
                }
            })
            .collect();
        sheet.rows.push((i + 1, cells));
    }
    Ok(sheet)
}

fn xlsx(bytes: &[u8]) -> Result<Sheet> {
    use calamine::{Data, Reader, Xlsx};
    let broken = |e: &dyn std::fmt::Display| {
        bad(
            format!("The XLSX workbook cannot be read ({e})"),
            format!("Buku kerja XLSX tidak bisa dibaca ({e})"),
        )
    };
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad("The workbook has no sheet", "Buku kerja tidak punya lembar"))?;
    let range = book.worksheet_range(&name).map_err(|e| broken(&e))?;
    let formulas = book.worksheet_formula(&name).ok();
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet {
        format: "XLSX".into(),
        ..Default::default()
    };
    for (i, row) in range.rows().enumerate() {
        let at = top as usize + i;
        let mut cells = Vec::with_capacity(row.len());
        for (j, v) in row.iter().enumerate() {
            let pos = (at as u32, left + j as u32);
            let formula = formulas
                .as_ref()
                .and_then(|f| f.get_value(pos))
                .filter(|f| !f.is_empty());
            if let Some(f) = formula {
                cells.push(Cell::Formula(format!("={f}")));
                continue;
            }
            let text = match v {
                Data::Empty => String::new(),
                Data::String(s) => s.trim().to_string(),
                Data::Int(n) => n.to_string(),
                // Whole numbers as Excel shows them (1250000, not 1250000.0).
                Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
                Data::Float(x) => x.to_string(),
                Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                Data::DateTime(d) => d.to_string(),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#{e:?}"),
            };
            cells.push(Cell::Text(text));
        }
        if i == 0 {
            sheet.headers = cells.iter().map(|c| c.text().to_string()).collect();
            continue;
        }
        if cells.iter().all(|c| c.text().is_empty() && matches!(c, Cell::Text(_))) {
            continue;
        }
        if sheet.rows.len() > MAX_ROWS {
            break;
        }
        sheet.rows.push((at + 1, cells));
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_semicolons_are_read_as_excel_wrote_them() {
        // "Gitar Akustik Café" in Windows-1252 (é = 0xE9), semicolon-separated, CRLF.
        let mut bytes = b"Kode;Nama;Harga\r\nAK-1;Gitar Akustik Caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b";\"1.250.000\"\r\n");
        let s = read("katalog.csv", &bytes).unwrap();
        assert_eq!(s.headers, vec!["Kode", "Nama", "Harga"]);
        assert_eq!(s.rows[0].0, 2);
        assert_eq!(s.rows[0].1[1], Cell::Text("Gitar Akustik Café".into()));
        assert_eq!(s.rows[0].1[2], Cell::Text("1.250.000".into()));
        assert!(
            s.format.contains("Windows-1252") && s.format.contains(';'),
            "{}",
            s.format
        );
    }

    #[test]
    fn formulas_empty_and_broken_files_are_named() {
        let s = read("a.csv", "\u{feff}sku,price\nA,=1+1\n,\n".as_bytes()).unwrap();
        assert_eq!(s.rows.len(), 1, "the empty row is skipped");
        assert!(matches!(s.rows[0].1[1], Cell::Formula(_)));
        assert!(read("a.csv", b"").is_err());
        assert!(read("a.xlsx", b"PK\x03\x04not a zip").is_err());
        assert!(read("a.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).is_err());
        assert!(read("a.csv", b"\x00\x01\x02binary").is_err());
    }
}
