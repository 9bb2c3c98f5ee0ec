//! The store profile: one row, shown on receipts and used for tax.

use crate::synced::{State, flag, int, text};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StoreProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub npwp: String,
    pub branch_code: String,
    pub opening_hours: String,
    pub vat_registered: bool,
    /// Effective PPN rate in basis points (1100 = 11%).
    pub ppn_rate_bp: i64,
    pub prices_include_tax: bool,
    pub version: i64,
}

impl StoreProfile {
    /// How this store charges PPN, and at what effective rate.
    pub fn tax(&self) -> (pos_domain::TaxMode, pos_domain::TaxRate) {
        use pos_domain::{TaxMode, TaxRate};
        let mode = TaxMode::of(self.vat_registered, self.prices_include_tax);
        (
            mode,
            TaxRate::from_basis_points(self.ppn_rate_bp).unwrap_or(TaxRate::STANDARD),
        )
    }
}

pub fn get(conn: &Connection) -> crate::Result<Option<StoreProfile>> {
    Ok(conn
        .prepare_cached(
            "SELECT name, address, phone, npwp, branch_code, opening_hours, vat_registered,
                    ppn_rate_bp, prices_include_tax, version FROM store_profile WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(StoreProfile {
                name: r.get(0)?,
                address: r.get(1)?,
                phone: r.get(2)?,
                npwp: r.get(3)?,
                branch_code: r.get(4)?,
                opening_hours: r.get(5)?,
                vat_registered: crate::bool_of(r.get(6)?),
                ppn_rate_bp: r.get(7)?,
                prices_include_tax: crate::bool_of(r.get(8)?),
                version: r.get(9)?,
            })
        })
        .optional()?)
}

/// Inserts the profile or replaces it when `expected_version` matches the stored one. Returns
/// false on a stale version (someone else saved first).
pub fn save(conn: &Connection, p: &StoreProfile, expected_version: Option<i64>, now: i64) -> crate::Result<bool> {
    let n = match expected_version {
        None => conn.execute(
            "INSERT INTO store_profile (id, name, address, phone, npwp, branch_code, opening_hours,
                vat_registered, ppn_rate_bp, prices_include_tax, version, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)
             ON CONFLICT (id) DO NOTHING",
            params![
                p.name,
                p.address,
                p.phone,
                p.npwp,
                p.branch_code,
                p.opening_hours,
                p.vat_registered,
                p.ppn_rate_bp,
                p.prices_include_tax,
                now
            ],
        )?,
        Some(v) => conn.execute(
            "UPDATE store_profile SET name = ?1, address = ?2, phone = ?3, npwp = ?4, branch_code = ?5,
                opening_hours = ?6, vat_registered = ?7, ppn_rate_bp = ?8, prices_include_tax = ?9,
                version = version + 1, updated_at = ?10
             WHERE id = 1 AND version = ?11",
            params![
                p.name,
                p.address,
                p.phone,
                p.npwp,
                p.branch_code,
                p.opening_hours,
                p.vat_registered,
                p.ppn_rate_bp,
                p.prices_include_tax,
                now,
                v
            ],
        )?,
    };
    Ok(n == 1)
}

/// The branch this file trades as (set when the terminal enrols).
pub fn set_branch_code(conn: &Connection, branch: &str) -> crate::Result<()> {
    conn.execute("UPDATE store_profile SET branch_code = ?1 WHERE id = 1", [branch])?;
    Ok(())
}

/// Writes the server's state of the store profile over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
/// The branch code stays this terminal's own (set at enrolment), never another branch's.
pub fn apply_synced(conn: &Connection, s: &State, version: i64, now: i64) -> crate::Result<()> {
    let branch: String = conn
        .query_row("SELECT branch_code FROM store_profile WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .or(crate::settings::device(conn, "branch_code")?)
        .unwrap_or_else(|| "MAIN".into());
    conn.prepare_cached(
        "INSERT INTO store_profile (id, name, address, phone, npwp, branch_code, opening_hours, vat_registered,
            ppn_rate_bp, prices_include_tax, updated_at, sync_version)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
            phone = excluded.phone, npwp = excluded.npwp, opening_hours = excluded.opening_hours,
            vat_registered = excluded.vat_registered, ppn_rate_bp = excluded.ppn_rate_bp,
            prices_include_tax = excluded.prices_include_tax, version = version + 1,
            sync_version = excluded.sync_version",
    )?
    .execute(params![
        text(s, "name"),
        text(s, "address"),
        text(s, "phone"),
        text(s, "npwp"),
        branch,
        text(s, "opening_hours"),
        flag(s, "vat_registered"),
        int(s, "ppn_rate_bp"),
        flag(s, "prices_include_tax"),
        now,
        version
    ])?;
    Ok(())
}

/// The branch this file trades as (None before setup).
pub fn branch_code(conn: &Connection) -> crate::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT branch_code FROM store_profile WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}
