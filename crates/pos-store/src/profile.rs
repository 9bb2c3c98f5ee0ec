//! The store profile: one row, shown on receipts and used for tax.

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
        let mode = match (self.vat_registered, self.prices_include_tax) {
            (false, _) => TaxMode::NotRegistered,
            (true, true) => TaxMode::Inclusive,
            (true, false) => TaxMode::Exclusive,
        };
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
