//! A pulled reference record (product, category, user, customer, settings...) written over this terminal's copy.

use super::*;

pub(super) fn store_err(e: pos_store::StoreError) -> rusqlite::Error {
    match e {
        pos_store::StoreError::Sqlite(e) => e,
        other => bad(other.to_string()),
    }
}

pub(super) fn get<'a>(s: &'a Map<String, Value>, k: &str) -> &'a Value {
    s.get(k).unwrap_or(&Value::Null)
}
pub(super) fn text(s: &Map<String, Value>, k: &str) -> String {
    get(s, k).as_str().unwrap_or_default().to_string()
}
pub(super) fn opt(s: &Map<String, Value>, k: &str) -> Option<String> {
    get(s, k).as_str().filter(|v| !v.is_empty()).map(str::to_string)
}
pub(super) fn int(s: &Map<String, Value>, k: &str) -> i64 {
    get(s, k).as_i64().unwrap_or_default()
}
pub(super) fn flag(s: &Map<String, Value>, k: &str) -> bool {
    get(s, k).as_bool().unwrap_or_else(|| get(s, k).as_i64() == Some(1))
}

/// Writes the server's state of an entity over this terminal's copy (`version` bumps so an open
/// editor sees it changed; `sync_version` is the base of the next local edit).
pub(super) fn apply_reference(
    tx: &Connection,
    k: Kind,
    id: &str,
    s: &Map<String, Value>,
    version: i64,
    now: i64,
) -> Result<()> {
    match k {
        Kind::Product => {
            let name = text(s, "name");
            tx.prepare_cached(
                "INSERT INTO products (id, sku, barcode, barcode_kind, name, name_key, brand, model, category_id,
                    supplier_id, price, cost, weight_g, length_mm, width_mm, height_mm, min_stock, low_stock_threshold,
                    featured, active, created_at, updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22)
                 ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode,
                    barcode_kind = excluded.barcode_kind, name = excluded.name, name_key = excluded.name_key,
                    brand = excluded.brand, model = excluded.model, category_id = excluded.category_id,
                    supplier_id = excluded.supplier_id, price = excluded.price, cost = excluded.cost,
                    weight_g = excluded.weight_g, length_mm = excluded.length_mm, width_mm = excluded.width_mm,
                    height_mm = excluded.height_mm, min_stock = excluded.min_stock,
                    low_stock_threshold = excluded.low_stock_threshold, featured = excluded.featured,
                    active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "sku"),
                opt(s, "barcode"),
                opt(s, "barcode_kind"),
                name,
                name.to_lowercase(),
                text(s, "brand"),
                text(s, "model"),
                text(s, "category_id"),
                opt(s, "supplier_id"),
                int(s, "price"),
                int(s, "cost"),
                int(s, "weight_g"),
                int(s, "length_mm"),
                int(s, "width_mm"),
                int(s, "height_mm"),
                int(s, "min_stock"),
                int(s, "low_stock_threshold"),
                flag(s, "featured"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::Category => {
            tx.prepare_cached(
                "INSERT INTO categories (id, parent_id, name, active, created_at, updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name,
                    active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                opt(s, "parent_id"),
                text(s, "name"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::Supplier => {
            tx.prepare_cached(
                "INSERT INTO suppliers (id, name, contact_name, phone, email, address, notes, active, created_at,
                    updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_name = excluded.contact_name,
                    phone = excluded.phone, email = excluded.email, address = excluded.address, notes = excluded.notes,
                    active = excluded.active, version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "name"),
                text(s, "contact_name"),
                text(s, "phone"),
                text(s, "email"),
                text(s, "address"),
                text(s, "notes"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::Customer => {
            tx.prepare_cached(
                "INSERT INTO customers (id, name, phone, email, created_at, updated_at, sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email,
                    version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "name"),
                text(s, "phone"),
                text(s, "email"),
                now,
                version
            ])?;
        }
        Kind::User => {
            let role = text(s, "role");
            if !["owner", "admin", "cashier", "warehouse"].contains(&role.as_str())
                || text(s, "password_hash").is_empty()
            {
                return Err(bad("a user needs a known role and a password hash".into()));
            }
            tx.prepare_cached(
                "INSERT INTO users (id, email, name, role, password_hash, pin_hash, active, created_at, updated_at,
                    sync_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)
                 ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role = excluded.role,
                    password_hash = excluded.password_hash, pin_hash = excluded.pin_hash, active = excluded.active,
                    version = version + 1, sync_version = excluded.sync_version",
            )?
            .execute(params![
                id,
                text(s, "email"),
                text(s, "name"),
                role,
                text(s, "password_hash"),
                opt(s, "pin_hash"),
                flag(s, "active"),
                now,
                version
            ])?;
        }
        Kind::StoreProfile => {
            // The branch code is this terminal's own (set at enrolment), never another branch's.
            let branch: String = tx
                .query_row("SELECT branch_code FROM store_profile WHERE id = 1", [], |r| r.get(0))
                .optional()?
                .or(pos_store::settings::device(tx, "branch_code").map_err(store_err)?)
                .unwrap_or_else(|| "MAIN".into());
            tx.prepare_cached(
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
        }
        Kind::StorePolicies => {
            for (k, v) in s {
                let v = match v {
                    Value::String(t) => t.clone(),
                    Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                    other => other.to_string(),
                };
                pos_store::settings::set_policy(tx, k, &v).map_err(store_err)?;
            }
            set_state(tx, "policies_version", &version.to_string())?;
        }
        _ => return Err(bad(format!("{} is not reference data", k.as_str()))),
    }
    Ok(())
}
