//! Every table in open formats, for an accountant or another system: one CSV per table (UTF-8
//! with a byte-order mark, RFC 4180 quoting) and a `manifest.json` naming each file, its columns,
//! its rows and its SHA-256. Secrets never leave: password and PIN hashes and the sealed device
//! token are left out, and the manifest says so. A text cell that a spreadsheet would run as a
//! formula (starting with = + - @) is written with a leading apostrophe, as the reports' CSV are.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TableFile {
    pub table: String,
    pub file: String,
    pub columns: Vec<String>,
    pub rows: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Manifest {
    pub format: String,
    pub exported_at: i64,
    pub schema_version: i64,
    pub tables: Vec<TableFile>,
    /// Columns (`table.column`) and rows left out because they are secrets.
    pub withheld: Vec<String>,
    pub formula_safe: bool,
}

/// Left out of every export.
const WITHHELD_COLUMNS: [(&str, &str); 2] = [("users", "password_hash"), ("users", "pin_hash")];
const WITHHELD_SYNC_STATE: [&str; 1] = ["token"];

fn cell(out: &mut Vec<u8>, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => {}
        ValueRef::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        ValueRef::Real(f) => out.extend_from_slice(f.to_string().as_bytes()),
        ValueRef::Text(t) => text(out, &String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            out.extend_from_slice(hex.as_bytes());
        }
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = risky || s.contains([',', '"', '\n', '\r']);
    if quote {
        out.push(b'"');
    }
    if risky {
        out.push(b'\'');
    }
    out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
    if quote {
        out.push(b'"');
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes every table of `conn` into `dir` (created if needed), reporting (tables done, tables in
/// all) as it goes. The files are written whole under a temporary name and renamed, and the
/// manifest last: a folder with a manifest holds a complete export.
pub fn export_tables(conn: &Connection, dir: &Path, now: i64, progress: &dyn Fn(i64, i64)) -> crate::Result<Manifest> {
    let io = |e: std::io::Error| crate::StoreError::Corrupt(format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let tables: Vec<String> = conn
        .prepare(
            // Real tables only: a search index's virtual and shadow tables are derived from them.
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut manifest = Manifest {
        format: "hurtrock-export-1 (CSV per table, UTF-8 with BOM, RFC 4180)".into(),
        exported_at: now,
        schema_version: conn.query_row("SELECT max(version) FROM refinery_schema_history", [], |r| r.get(0))?,
        tables: Vec::new(),
        withheld: WITHHELD_COLUMNS
            .iter()
            .map(|(t, c)| format!("{t}.{c}"))
            .chain(WITHHELD_SYNC_STATE.iter().map(|k| format!("sync_state[key = {k}]")))
            .collect(),
        formula_safe: true,
    };
    let total = tables.len() as i64;
    for (i, table) in tables.iter().enumerate() {
        let all: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let columns: Vec<String> = all
            .into_iter()
            .filter(|c| !WITHHELD_COLUMNS.contains(&(table.as_str(), c.as_str())))
            .collect();
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let filter = if table == "sync_state" {
            format!(
                " WHERE key NOT IN ({})",
                WITHHELD_SYNC_STATE
                    .iter()
                    .map(|k| format!("'{k}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        };
        let mut out = vec![0xEF, 0xBB, 0xBF];
        for (j, c) in columns.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            text(&mut out, c);
        }
        out.extend_from_slice(b"\r\n");
        let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\"{filter} ORDER BY 1"))?;
        let mut rows = stmt.query([])?;
        let mut n = 0i64;
        while let Some(r) = rows.next()? {
            for j in 0..columns.len() {
                if j > 0 {
                    out.push(b',');
                }
                cell(&mut out, r.get_ref(j)?);
            }
            out.extend_from_slice(b"\r\n");
            n += 1;
        }
        let file = format!("{table}.csv");
        let tmp = dir.join(format!(".{file}.partial"));
        std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&out).and_then(|_| f.sync_all()))
            .map_err(io)?;
        std::fs::rename(&tmp, dir.join(&file)).map_err(io)?;
        manifest.tables.push(TableFile {
            table: table.clone(),
            file,
            columns,
            rows: n,
            sha256: sha256(&out),
        });
        progress(i as i64 + 1, total);
    }
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
    std::fs::write(dir.join("manifest.json"), json).map_err(io)?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_exported_without_its_secrets_and_reads_back() {
        let conn = crate::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO users (id, email, name, role, password_hash, pin_hash, active, created_at, updated_at)
             VALUES ('u1', 'a@b.c', '=HYPERLINK(\"x\")', 'owner', '$argon2id$secret', '$argon2id$pin', 1, 0, 0);
             INSERT INTO sync_state (key, value) VALUES ('token', 'sealed'), ('cursor', '42');",
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let seen = std::sync::Mutex::new(0);
        let m = export_tables(&conn, dir.path(), 1, &|d, _| *seen.lock().unwrap() = d).unwrap();
        assert_eq!(*seen.lock().unwrap() as usize, m.tables.len());
        assert!(m.tables.len() > 20, "every table");
        let users = m.tables.iter().find(|t| t.table == "users").unwrap();
        assert_eq!(users.rows, 1);
        assert!(!users.columns.contains(&"password_hash".to_string()));
        let csv = std::fs::read_to_string(dir.path().join("users.csv")).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(!csv.contains("argon2"), "no hash leaves");
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "formula-safe: {csv}");
        let state = std::fs::read_to_string(dir.path().join("sync_state.csv")).unwrap();
        assert!(state.contains("cursor") && !state.contains("sealed"));
        let back: Manifest = serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
        assert_eq!(back, m);
        let bytes = std::fs::read(dir.path().join("users.csv")).unwrap();
        assert_eq!(sha256(&bytes), users.sha256);
    }
}
