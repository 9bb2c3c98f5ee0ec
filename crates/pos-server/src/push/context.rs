//! What the server knows when it judges a batch: the store's people and their roles, its policies
//! and tax settings, and the shifts, sales, orders, numbers and ledger ids the batch refers to.
//! Read in a few queries per batch (never one per record) under the store's lock, then updated in
//! memory as each record is accepted, so a record may refer to one earlier in the same batch.

use crate::ApiError;
use crate::store;
use deadpool_postgres::Transaction;
use pos_domain::roles::Role;
use pos_domain::{TaxMode, TaxRate};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use tokio_postgres::types::ToSql;
use uuid::Uuid;

/// A staff member as the server knows them from the synced user records.
#[derive(Debug, Clone)]
pub struct Person {
    pub role: Role,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct ShiftRow {
    pub device_id: Option<Uuid>,
    pub branch: String,
    pub terminal: String,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct SaleRow {
    pub tax_mode: TaxMode,
    pub rate: TaxRate,
}

#[derive(Debug, Clone)]
pub struct SaleLineRow {
    pub sale_id: String,
    pub product_id: String,
    pub quantity: i64,
    pub net: i64,
    pub returned: i64,
}

#[derive(Debug, Clone)]
pub struct OrderRow {
    pub branch: String,
    pub status: String,
    pub payment_status: String,
    pub device_id: Option<Uuid>,
}

/// An entity of reference data as the server holds it.
#[derive(Debug, Clone)]
pub struct Entity {
    pub version: i64,
    pub state: Map<String, Value>,
    pub field_versions: Map<String, Value>,
}

/// The pushing device as the server records it.
#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub last_seq: i64,
    /// The last change-log position served to it page after page (what it has seen).
    pub served_seq: i64,
    pub last_fact_at: Option<i64>,
    pub links_store: bool,
    pub enrolled_at: i64,
}

/// What a batch refers to, collected before the context is read.
#[derive(Debug, Default)]
pub struct Wants {
    pub facts: Vec<(String, String)>,
    pub entities: Vec<(String, String)>,
    pub products: HashSet<String>,
    pub shifts: HashSet<String>,
    pub sales: HashSet<String>,
    pub orders: HashSet<String>,
    pub numbers: HashSet<String>,
    pub ledger_ids: HashSet<String>,
}

#[derive(Debug, Default)]
pub struct Context {
    pub people: HashMap<String, Person>,
    pub has_owner: bool,
    pub discount_limit_bp: i64,
    pub returns_need_supervisor: bool,
    /// The store's tax mode and rate, once its profile has been synced.
    pub tax: Option<(TaxMode, TaxRate)>,
    pub products: HashSet<String>,
    pub shifts: HashMap<String, ShiftRow>,
    pub sales: HashMap<String, SaleRow>,
    pub sale_lines: HashMap<String, SaleLineRow>,
    pub orders: HashMap<String, OrderRow>,
    /// Numbers (receipts, returns, orders) already used in the store.
    pub numbers: HashSet<String>,
    pub ledger_ids: HashSet<String>,
    /// Facts already stored: (kind, id) → payload hash.
    pub facts: HashMap<(String, String), Vec<u8>>,
    pub entities: HashMap<(String, String), Entity>,
    /// The highest version of each entity in the change log up to what the device was served.
    pub seen: HashMap<(String, String), i64>,
}

/// The cashier's discount limit when the store never set one (10%).
pub const DEFAULT_DISCOUNT_LIMIT_BP: i64 = 1000;

fn flag(v: Option<&Value>, default: bool) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s == "true",
        _ => default,
    }
}

fn number(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// A query run only when the batch needs it, on the spare connection when there is one (the
/// store's lock is held and nothing is written yet, so it reads what the transaction would).
async fn aside(
    spare: Option<&deadpool_postgres::Client>,
    tx: &Transaction<'_>,
    wanted: bool,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<tokio_postgres::Row>, ApiError> {
    match spare {
        Some(c) if wanted => store::query(c, sql, params).await,
        _ => when(tx, wanted, sql, params).await,
    }
}

/// A query run only when the batch needs it.
async fn when(
    tx: &Transaction<'_>,
    wanted: bool,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<tokio_postgres::Row>, ApiError> {
    if wanted {
        store::query(tx, sql, params).await
    } else {
        Ok(Vec::new())
    }
}

impl Context {
    /// Reads what `wants` names, and the store's people, policies and profile. The queries go
    /// out together on the connection (tokio-postgres pipelines them): one round trip, not ten;
    /// the catalogue's and the ledger's look-ups of a large batch on a `spare` connection, so two
    /// backends read at once.
    pub async fn load(
        tx: &Transaction<'_>,
        spare: Option<&deadpool_postgres::Client>,
        store: Uuid,
        device: &DeviceRow,
        wants: &Wants,
    ) -> Result<Context, ApiError> {
        fn list(s: &HashSet<String>) -> Vec<&str> {
            s.iter().map(String::as_str).collect()
        }
        let (fk, fi): (Vec<&str>, Vec<&str>) = wants.facts.iter().map(|(k, i)| (k.as_str(), i.as_str())).unzip();
        let (ek, ei): (Vec<&str>, Vec<&str>) = wants.entities.iter().map(|(k, i)| (k.as_str(), i.as_str())).unzip();
        let (products, shifts, sales, orders, numbers, ledger) = (
            list(&wants.products),
            list(&wants.shifts),
            list(&wants.sales),
            list(&wants.orders),
            list(&wants.numbers),
            list(&wants.ledger_ids),
        );
        let q0: [&(dyn ToSql + Sync); 1] = [&store];
        let q1: [&(dyn ToSql + Sync); 2] = [&store, &fi];
        let q2: [&(dyn ToSql + Sync); 3] = [&store, &ek, &ei];
        let q3: [&(dyn ToSql + Sync); 4] = [&store, &ek, &ei, &device.served_seq];
        let q4: [&(dyn ToSql + Sync); 2] = [&store, &products];
        let q5: [&(dyn ToSql + Sync); 2] = [&store, &shifts];
        let q6: [&(dyn ToSql + Sync); 2] = [&store, &sales];
        let q7: [&(dyn ToSql + Sync); 2] = [&store, &sales];
        let q8: [&(dyn ToSql + Sync); 2] = [&store, &orders];
        let q9: [&(dyn ToSql + Sync); 2] = [&store, &numbers];
        let q10: [&(dyn ToSql + Sync); 2] = [&store, &ledger];
        let (
            people,
            facts,
            entities,
            seen,
            product_rows,
            shift_rows,
            sale_rows,
            line_rows,
            order_rows,
            number_rows,
            ledger_rows,
        ) = tokio::join!(
            when(
                tx,
                true,
                "SELECT kind, id, state FROM entities
                 WHERE store_id = $1 AND (kind = 'user' OR kind IN ('store_policies', 'store_profile'))",
                &q0,
            ),
            when(
                tx,
                !fk.is_empty(),
                "SELECT kind, id, payload_hash FROM facts WHERE store_id = $1 AND id = ANY($2)",
                &q1,
            ),
            when(
                tx,
                !ek.is_empty(),
                "SELECT kind, id, version, state, field_versions FROM entities
                 WHERE store_id = $1 AND kind = ANY($2) AND id = ANY($3)",
                &q2,
            ),
            when(
                tx,
                !ek.is_empty(),
                "SELECT kind, entity_id, max(version) FROM changes
                 WHERE store_id = $1 AND kind = ANY($2) AND entity_id = ANY($3) AND seq <= $4 AND version > 0
                 GROUP BY kind, entity_id",
                &q3,
            ),
            aside(
                spare,
                tx,
                !products.is_empty(),
                "SELECT id FROM products WHERE store_id = $1 AND id = ANY($2)",
                &q4,
            ),
            when(
                tx,
                !shifts.is_empty(),
                "SELECT id, device_id, branch, terminal, opened_at, closed_at FROM shifts
                 WHERE store_id = $1 AND id = ANY($2)",
                &q5,
            ),
            when(
                tx,
                !sales.is_empty(),
                "SELECT id, tax_mode, ppn_rate_bp FROM sales WHERE store_id = $1 AND id = ANY($2)",
                &q6,
            ),
            when(
                tx,
                !sales.is_empty(),
                "SELECT id, sale_id, product_id, quantity, net, returned FROM sale_lines
                 WHERE store_id = $1 AND sale_id = ANY($2)",
                &q7,
            ),
            when(
                tx,
                !orders.is_empty(),
                "SELECT id, branch, status, payment_status, device_id FROM orders
                 WHERE store_id = $1 AND id = ANY($2)",
                &q8,
            ),
            when(
                tx,
                !numbers.is_empty(),
                "SELECT receipt_no FROM sales WHERE store_id = $1 AND receipt_no = ANY($2)
                 UNION ALL SELECT return_no FROM returns WHERE store_id = $1 AND return_no = ANY($2)
                 UNION ALL SELECT order_no FROM orders WHERE store_id = $1 AND order_no = ANY($2)",
                &q9,
            ),
            aside(
                spare,
                tx,
                !ledger.is_empty(),
                "SELECT id FROM stock_ledger WHERE store_id = $1 AND id = ANY($2)",
                &q10,
            ),
        );
        let mut c = Context {
            discount_limit_bp: DEFAULT_DISCOUNT_LIMIT_BP,
            returns_need_supervisor: true,
            ..Default::default()
        };
        for r in people? {
            let (kind, id, state): (String, String, Value) = (r.get(0), r.get(1), r.get(2));
            match kind.as_str() {
                "user" => c.person_changed(&id, &state),
                "store_policies" => c.policies_changed(&state),
                "store_profile" => c.profile_changed(&state),
                _ => {}
            }
        }
        // Queried by id (and kind) with `= ANY`, which any plan serves from the index; the pairs
        // asked for are picked here.
        let wanted_facts: HashSet<(&str, &str)> = fk.iter().copied().zip(fi.iter().copied()).collect();
        for r in facts? {
            let (kind, id): (String, String) = (r.get(0), r.get(1));
            if wanted_facts.contains(&(kind.as_str(), id.as_str())) {
                c.facts.insert((kind, id), r.get(2));
            }
        }
        let wanted_entities: HashSet<(&str, &str)> = ek.iter().copied().zip(ei.iter().copied()).collect();
        for r in entities? {
            let (kind, id): (String, String) = (r.get(0), r.get(1));
            if !wanted_entities.contains(&(kind.as_str(), id.as_str())) {
                continue;
            }
            let state: Value = r.get(3);
            let fv: Value = r.get(4);
            c.entities.insert(
                (kind, id),
                Entity {
                    version: r.get(2),
                    state: serde_json::from_value(state).unwrap_or_default(),
                    field_versions: serde_json::from_value(fv).unwrap_or_default(),
                },
            );
        }
        for r in seen? {
            let (kind, id): (String, String) = (r.get(0), r.get(1));
            if wanted_entities.contains(&(kind.as_str(), id.as_str())) {
                c.seen.insert((kind, id), r.get::<_, Option<i64>>(2).unwrap_or(0));
            }
        }
        for r in product_rows? {
            c.products.insert(r.get(0));
        }
        for r in shift_rows? {
            c.shifts.insert(
                r.get(0),
                ShiftRow {
                    device_id: r.get(1),
                    branch: r.get(2),
                    terminal: r.get(3),
                    opened_at: r.get(4),
                    closed_at: r.get(5),
                },
            );
        }
        for r in sale_rows? {
            let mode: String = r.get(1);
            c.sales.insert(
                r.get(0),
                SaleRow {
                    tax_mode: TaxMode::parse(&mode),
                    rate: TaxRate::from_basis_points(r.get(2)).unwrap_or(TaxRate::STANDARD),
                },
            );
        }
        for r in line_rows? {
            c.sale_lines.insert(
                r.get(0),
                SaleLineRow {
                    sale_id: r.get(1),
                    product_id: r.get(2),
                    quantity: r.get(3),
                    net: r.get(4),
                    returned: r.get(5),
                },
            );
        }
        for r in order_rows? {
            c.orders.insert(
                r.get(0),
                OrderRow {
                    branch: r.get(1),
                    status: r.get(2),
                    payment_status: r.get(3),
                    device_id: r.get(4),
                },
            );
        }
        for r in number_rows? {
            c.numbers.insert(r.get(0));
        }
        for r in ledger_rows? {
            c.ledger_ids.insert(r.get(0));
        }
        Ok(c)
    }

    /// A user record was read or merged: who they are now.
    pub fn person_changed(&mut self, id: &str, state: &Value) {
        let role = state.get("role").and_then(Value::as_str).and_then(Role::parse);
        match role {
            Some(role) => {
                self.has_owner |= role == Role::Owner && flag(state.get("active"), true);
                let name = state.get("name").and_then(Value::as_str).unwrap_or("").to_string();
                self.people.insert(id.to_string(), Person { role, name });
            }
            None => {
                self.people.remove(id);
            }
        }
    }

    pub fn policies_changed(&mut self, state: &Value) {
        if let Some(limit) = number(state.get("discount_limit_bp")) {
            self.discount_limit_bp = limit.clamp(0, 10_000);
        }
        self.returns_need_supervisor = flag(state.get("returns_need_supervisor"), self.returns_need_supervisor);
    }

    pub fn profile_changed(&mut self, state: &Value) {
        self.tax = Some(crate::store::store_profile::tax_of(state));
    }
}
