//! Local edits of shared records: the version they were based on, the edit record, and the first snapshot of a linked store.

use super::*;

/// The server version this terminal last saw of an entity: the base of its next edit.
pub fn base_version(conn: &Connection, kind: &str, id: &str) -> Result<i64> {
    let sql = match kind {
        "product" => "SELECT sync_version FROM products WHERE id = ?1",
        "category" => "SELECT sync_version FROM categories WHERE id = ?1",
        "supplier" => "SELECT sync_version FROM suppliers WHERE id = ?1",
        "customer" => "SELECT sync_version FROM customers WHERE id = ?1",
        "user" => "SELECT sync_version FROM users WHERE id = ?1",
        "purchase_order" => "SELECT sync_version FROM purchase_orders WHERE id = ?1",
        "product_photos" => "SELECT sync_version FROM product_photo_sets WHERE product_id = ?1",
        "store_profile" => "SELECT sync_version FROM store_profile WHERE ?1 = ?1",
        "store_policies" => {
            return Ok(state(conn, "policies_version")?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0));
        }
        _ => return Ok(0),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// An outbox payload for a change of reference data: the whole record, the fields this edit
/// changed (against `before`; all of them when None), and the base version.
pub fn ref_edit(conn: &Connection, kind: &str, id: &str, before: Option<&Value>, after: Value) -> Result<Value> {
    let changed: Option<Vec<String>> = before.and_then(Value::as_object).map(|b| {
        after
            .as_object()
            .map(|a| {
                a.iter()
                    .filter(|(k, v)| !LOCAL_FIELDS.contains(&k.as_str()) && b.get(*k) != Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default()
    });
    let base = base_version(conn, kind, id)?;
    Ok(serde_json::json!({ "state": after, "changed": changed, "base": base }))
}

/// Queues the whole store ahead of the outbox when a terminal first links a store that traded
/// before (data written before the outbox existed, or by the demo seeder, is in no outbox row):
/// profile, policies, staff, categories (parents first), suppliers, products, customers, and the
/// stock movements and audit events not already queued. Reference data goes as whole records;
/// facts the outbox already holds are not repeated. Each record names its own author where it has
/// one (a movement's or an audit event's user), else `by`, the owner linking the store. Returns
/// how many records were queued.
pub fn snapshot(conn: &Connection, now: i64, by: &str) -> Result<usize> {
    const QUERIES: [(&str, &str); 9] = [
        (
            "store_profile",
            "SELECT 'store', json_object('name', name, 'address', address, 'phone', phone, 'npwp', npwp,
                'branch_code', branch_code, 'opening_hours', opening_hours,
                'vat_registered', json(iif(vat_registered, 'true', 'false')), 'ppn_rate_bp', ppn_rate_bp,
                'prices_include_tax', json(iif(prices_include_tax, 'true', 'false'))) FROM store_profile",
        ),
        (
            "store_policies",
            "SELECT 'policies', json_group_object(key, value) FROM store_policies HAVING count(*) > 0",
        ),
        (
            "user",
            "SELECT id, json_object('id', id, 'email', email, 'name', name, 'role', role,
                'active', json(iif(active, 'true', 'false')), 'password_hash', password_hash, 'pin_hash', pin_hash)
             FROM users ORDER BY created_at, id",
        ),
        (
            "category",
            "WITH RECURSIVE tree(id, depth) AS (
                 SELECT id, 0 FROM categories WHERE parent_id IS NULL
                 UNION ALL SELECT c.id, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id)
             SELECT c.id, json_object('id', c.id, 'parent_id', c.parent_id, 'name', c.name,
                'active', json(iif(c.active, 'true', 'false')))
             FROM tree t JOIN categories c ON c.id = t.id ORDER BY t.depth, c.id",
        ),
        (
            "supplier",
            "SELECT id, json_object('id', id, 'name', name, 'contact_name', contact_name, 'phone', phone,
                'email', email, 'address', address, 'notes', notes, 'active', json(iif(active, 'true', 'false')))
             FROM suppliers ORDER BY id",
        ),
        (
            "product",
            "SELECT id, json_object('id', id, 'sku', sku, 'barcode', barcode, 'barcode_kind', barcode_kind,
                'name', name, 'brand', brand, 'model', model, 'category_id', category_id, 'supplier_id', supplier_id,
                'price', price, 'cost', cost, 'weight_g', weight_g, 'length_mm', length_mm, 'width_mm', width_mm,
                'height_mm', height_mm, 'min_stock', min_stock, 'low_stock_threshold', low_stock_threshold,
                'featured', json(iif(featured, 'true', 'false')), 'active', json(iif(active, 'true', 'false')),
                'online', json(iif(online, 'true', 'false')))
             FROM products ORDER BY id",
        ),
        (
            "customer",
            "SELECT id, json_object('id', id, 'name', name, 'phone', phone, 'email', email) FROM customers ORDER BY id",
        ),
        (
            "stock_movement",
            "SELECT id, json_object('id', id, 'product_id', product_id, 'branch', branch, 'quantity', quantity,
                'reason', reason, 'note', note, 'user_id', user_id, 'at', at, 'ref_id', ref_id)
             FROM stock_movements m WHERE ref_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'stock_movement' AND o.entity_id = m.id)
             ORDER BY at, id",
        ),
        (
            "audit_event",
            "SELECT id, json_object('id', id, 'at', at, 'user_id', user_id, 'action', action, 'entity', entity,
                'entity_id', entity_id, 'before', json(before), 'after', json(after))
             FROM audit_events a
             WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'audit_event' AND o.entity_id = a.id)
             ORDER BY at, id",
        ),
    ];
    let mut rows: Vec<(&str, String, Value, Option<String>)> = Vec::new();
    for (kind, sql) in QUERIES {
        let mut stmt = conn.prepare(sql)?;
        let found = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for f in found {
            let (id, json) = f?;
            let state: Value = serde_json::from_str(&json).map_err(|e| bad(e.to_string()))?;
            let author = match kind {
                "audit_event" => state.get("user_id").and_then(Value::as_str).map(str::to_string),
                _ => Some(state.get("user_id").and_then(Value::as_str).unwrap_or(by).to_string()),
            };
            let payload = match Kind::parse(kind) {
                Some(k) if !k.is_fact() => serde_json::json!({ "state": state, "changed": null, "base": 0 }),
                _ => state,
            };
            rows.push((kind, id, payload, author));
        }
    }
    // Ahead of everything already queued (nothing has been sent yet): renumber, then insert 1..n.
    let n = rows.len() as i64;
    conn.execute("UPDATE outbox SET seq = -seq", [])?;
    conn.execute("UPDATE outbox SET seq = -seq + ?1", [n])?;
    let mut insert =
        conn.prepare("INSERT INTO outbox (seq, kind, entity_id, payload, at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (i, (kind, id, payload, author)) in rows.iter().enumerate() {
        insert.execute(params![i as i64 + 1, kind, id, payload.to_string(), now, author])?;
    }
    conn.execute("UPDATE outbox_counter SET last = last + ?1 WHERE id = 1", [n])?;
    Ok(rows.len())
}
