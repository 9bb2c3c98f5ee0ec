//! The catalogue in and out of a spreadsheet: import products from CSV or XLSX (create, or update
//! by SKU or barcode), with a dry run that lists every bad row with its reasons at once, and an
//! apply that writes every valid row in one transaction or nothing; export in the same columns, so
//! export → edit in a spreadsheet → import round-trips. Price and cost changes are audited like
//! edits, and every product goes out to the other terminals as an edit does.

mod apply;
mod export;
pub mod fields;
mod plan;
pub mod read;

pub use export::*;
pub use fields::Field;

use crate::backup::Progress;
use crate::error::{CoreError, Result};
use crate::permissions::Permission;
use crate::{Core, lock};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A file to import, and how its columns map to product fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportFile {
    pub file_name: String,
    /// The file's bytes, base64.
    pub data_base64: String,
    /// One entry per column of the header row (None: ignored). Absent: the remembered mapping
    /// for these headers, else a guess from their names.
    #[serde(default)]
    pub mapping: Option<Vec<Option<Field>>>,
    /// Create the categories the file names that the catalogue does not have.
    #[serde(default)]
    pub create_categories: bool,
    /// Apply only: write the valid rows and leave the ones with problems (else nothing is
    /// written while any row has one).
    #[serde(default)]
    pub skip_invalid: bool,
}

/// A reason a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RowProblem {
    /// The row's number in the file (1 is the header row).
    pub row: i64,
    /// The field's header ("price"), empty for the row as a whole.
    pub column: String,
    pub en: String,
    pub id: String,
}

/// What an import would do, row by row, without writing anything.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportPreview {
    /// How the file was read ("CSV (Windows-1252, ;)", "XLSX").
    pub format: String,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<Field>>,
    pub rows: i64,
    pub create: i64,
    pub update: i64,
    pub unchanged: i64,
    pub invalid: i64,
    /// Every problem, up to [`MAX_PROBLEMS`] (`invalid` counts all the rows).
    pub problems: Vec<RowProblem>,
    pub unknown_categories: Vec<String>,
}

/// What an apply wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportApplied {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Rows with problems left out (only with `skip_invalid`).
    pub skipped: i64,
    pub categories_created: i64,
}

/// The most problems one answer lists.
pub const MAX_PROBLEMS: usize = 5_000;

const MAPPING_KEY: &str = "import_mapping";

fn decode(req: &ImportFile) -> Result<Vec<u8>> {
    if req.data_base64.len() > read::MAX_FILE_BYTES / 3 * 4 + 4 {
        return Err(CoreError::invalid(
            "file",
            format!("The file is larger than {} MB", read::MAX_FILE_BYTES / 1024 / 1024),
            format!("Berkas lebih besar dari {} MB", read::MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(req.data_base64.trim())
        .map_err(|_| CoreError::invalid("file", "The file did not arrive whole", "Berkas tidak terkirim utuh"))
}

/// The mapping to use: the one given (its length checked), else the remembered field of each
/// header, else a guess.
fn mapping(
    conn: &pos_store::rusqlite::Connection,
    headers: &[String],
    given: Option<&Vec<Option<Field>>>,
) -> Result<Vec<Option<Field>>> {
    if let Some(m) = given {
        if m.len() != headers.len() {
            return Err(CoreError::invalid(
                "mapping",
                format!("The file has {} columns; the mapping names {}", headers.len(), m.len()),
                format!("Berkas punya {} kolom; pemetaan menyebut {}", headers.len(), m.len()),
            ));
        }
        let mut seen = Vec::new();
        for f in m.iter().flatten() {
            if seen.contains(f) {
                return Err(CoreError::invalid(
                    "mapping",
                    format!("Two columns are mapped to {}", f.header()),
                    format!("Dua kolom dipetakan ke {}", f.header()),
                ));
            }
            seen.push(*f);
        }
        return Ok(m.clone());
    }
    let remembered: HashMap<String, Field> = pos_store::settings::device(conn, MAPPING_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    let mut out = fields::suggest(headers);
    for (i, h) in headers.iter().enumerate() {
        if let Some(f) = remembered.get(&h.trim().to_lowercase())
            && !out.iter().enumerate().any(|(j, o)| j != i && *o == Some(*f))
        {
            out[i] = Some(*f);
        }
    }
    Ok(out)
}

/// Remembers the mapping by header for the next file from the same supplier.
fn remember(conn: &pos_store::rusqlite::Connection, headers: &[String], m: &[Option<Field>]) -> Result<()> {
    let mut remembered: HashMap<String, Field> = pos_store::settings::device(conn, MAPPING_KEY)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    for (h, f) in headers.iter().zip(m) {
        let key = h.trim().to_lowercase();
        match f {
            Some(f) if !key.is_empty() => {
                remembered.insert(key, *f);
            }
            _ => {
                remembered.remove(&key);
            }
        }
    }
    let text = serde_json::to_string(&remembered).map_err(CoreError::internal)?;
    pos_store::settings::set_device(conn, MAPPING_KEY, &text)?;
    Ok(())
}

impl Core {
    /// The dry run: the file read, its columns mapped, every row judged; nothing written.
    pub fn import_products_preview(&self, token: Option<&str>, req: ImportFile) -> Result<ImportPreview> {
        self.authorize(token, Permission::EditCatalogue)?;
        let bytes = decode(&req)?;
        let sheet = read::read(&req.file_name, &bytes)?;
        self.set_import_progress(0, sheet.rows.len() as i64, true);
        let result = self.read(|c| {
            let m = mapping(c, &sheet.headers, req.mapping.as_ref())?;
            let branch = Core::branch(c)?;
            let catalogue = pos_store::products::all(c, &branch)?;
            let categories = pos_store::categories::list(c)?;
            let p = plan::plan(&sheet, &m, &catalogue, &categories, req.create_categories);
            let mut problems = p.problems.clone();
            problems.truncate(MAX_PROBLEMS);
            Ok(ImportPreview {
                format: sheet.format.clone(),
                headers: sheet.headers.clone(),
                mapping: m,
                rows: sheet.rows.len() as i64,
                create: p.count(|s| matches!(s, plan::Step::Create { .. })),
                update: p.count(|s| matches!(s, plan::Step::Update { .. })),
                unchanged: p.count(|s| matches!(s, plan::Step::Unchanged)),
                invalid: p.invalid_rows as i64,
                problems,
                unknown_categories: p.unknown_categories,
            })
        });
        self.set_import_progress(0, 0, false);
        result
    }

    /// How far the import being applied has come (for its progress bar).
    pub fn import_progress(&self, token: Option<&str>) -> Result<Progress> {
        self.authorize_poll(token, Permission::EditCatalogue)?;
        Ok(lock(&self.import).clone())
    }

    pub(crate) fn set_import_progress(&self, done: i64, total: i64, running: bool) {
        *lock(&self.import) = Progress {
            running,
            what: "import".into(),
            done,
            total,
        };
    }
}
