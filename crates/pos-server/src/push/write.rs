//! What an accepted batch writes, a few statements for the whole batch: the facts, each record's
//! answer, the server's own tables (shifts, sales and their lines, returns, orders) and merged
//! entities; then (`finish.rs`) the stock ledger with its balances and oversold flags, chat
//! order, the owner's review items and the change-log positions (under the store's lock, in order).

use super::context::Context;
use super::rules::Effects;
use crate::ApiError;
use crate::auth::Device;
use crate::store;
use crate::store::shop_products::ShopProducts;
use deadpool_postgres::Transaction;
use pos_protocol::{ChangeKind, Outcome, Record};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Each record's answer, kept so that a replay gets the same one. An applied fact's answer is the
/// stored fact itself (its device, sequence and hash), so only the other answers are written.
async fn write_outcomes(
    tx: &Transaction<'_>,
    device: &Device,
    outcomes: &[(&Record, &Vec<u8>, &Outcome)],
    facts: &HashSet<i64>,
) -> Result<(), ApiError> {
    let outcomes: Vec<&(&Record, &Vec<u8>, &Outcome)> = outcomes.iter().filter(|o| !facts.contains(&o.0.seq)).collect();
    if outcomes.is_empty() {
        return Ok(());
    }
    let seqs: Vec<i64> = outcomes.iter().map(|o| o.0.seq).collect();
    let kinds: Vec<&str> = outcomes.iter().map(|o| o.0.kind.as_str()).collect();
    let ids: Vec<&str> = outcomes.iter().map(|o| o.0.id.as_str()).collect();
    let hashes: Vec<&Vec<u8>> = outcomes.iter().map(|o| o.1).collect();
    let statuses: Vec<&str> = outcomes.iter().map(|o| o.2.status.as_str()).collect();
    let reasons: Vec<Option<&str>> = outcomes.iter().map(|o| o.2.reason.as_deref()).collect();
    store::execute(tx,
        "INSERT INTO push_outcomes (device_id, seq, kind, record_id, payload_hash, status, reason)
         SELECT $1, s, k, i, h, st, re FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::text[])
             AS t(s, k, i, h, st, re)",
        &[&device.id, &seqs, &kinds, &ids, &hashes, &statuses, &reasons],
    )
    .await?;
    Ok(())
}

/// A change-log row waiting for its position.
pub struct NewChange {
    pub kind: String,
    pub id: String,
    pub origin: Option<Uuid>,
    pub version: i64,
    pub payload: Value,
    /// The payload's size as JSON text (what a pull page carries).
    pub size: i32,
    /// An entity's state exactly as its origin device sent it (left out of that device's pull).
    pub echo: bool,
}

impl NewChange {
    /// A pushed (or shop-made) fact, whose payload the pull reads from `facts`.
    pub(super) fn is_fact(&self) -> bool {
        matches!(ChangeKind::parse(&self.kind), Some(ChangeKind::Record(k)) if k.is_fact())
    }
}

/// A payload's size as JSON text (what a pull page carries).
pub fn json_size(v: &Value) -> i32 {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0.min(i32::MAX as usize) as i32
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    SetAside,
    Conflict,
    Overwrite,
    Oversold,
}

impl IssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::SetAside => "set_aside",
            IssueKind::Conflict => "conflict",
            IssueKind::Overwrite => "overwrite",
            IssueKind::Oversold => "oversold",
        }
    }
}

pub struct Issue {
    pub kind_of_issue: IssueKind,
    pub seq: Option<i64>,
    pub kind: String,
    pub record_id: String,
    pub reason: String,
    pub payload: Option<Value>,
}

#[derive(Default)]
pub struct Written {
    /// Sequences of the facts to store.
    pub facts: Vec<i64>,
    pub changes: Vec<NewChange>,
    pub issues: Vec<Issue>,
    /// Entities merged (their final state is in the context).
    pub entities: Vec<(String, String)>,
    pub effects: Effects,
}

impl Written {
    pub async fn write(
        self,
        tx: &Transaction<'_>,
        device: &Device,
        ctx: &Context,
        outcomes: &[(&Record, &Vec<u8>, &Outcome)],
    ) -> Result<ShopProducts, ApiError> {
        let store = device.store_id;
        let t0 = std::time::Instant::now();
        let mark = |what: &str| tracing::debug!(phase = what, ms = t0.elapsed().as_secs_f64() * 1000.0, "push write");
        // Independent statements, pipelined on the connection (sent together, answered in order):
        // a push holds its store's lock for fewer round trips.
        let facts: HashSet<i64> = self.facts.iter().copied().collect();
        let (_, _, _, shop, head) = tokio::try_join!(
            self.write_facts(tx, device, outcomes, &facts),
            write_outcomes(tx, device, outcomes, &facts),
            self.write_tables(tx, device),
            self.write_entities(tx, store, ctx),
            // The change log's head: the store's row is locked by this push, so it stays put.
            async { store::query_one(tx, "SELECT change_seq FROM stores WHERE id = $1", &[&store]).await },
        )?;
        let mut head: i64 = head.get(0);
        mark("facts, outcomes, tables and entities");
        let fx = &self.effects;
        if !(fx.booking_requests.is_empty() && fx.booking_events.is_empty()) {
            // Decided now, under the exclusion constraint; each booking's state is logged whole.
            let now = chrono::Utc::now().timestamp_millis();
            crate::bookings::desk::apply_all(tx, store, device.id, &fx.booking_requests, &fx.booking_events, now)
                .await?;
            head = store::query_one(tx, "SELECT change_seq FROM stores WHERE id = $1", &[&store])
                .await?
                .get(0);
            mark("bookings");
        }
        if !(self.changes.is_empty() && self.issues.is_empty() && self.effects.ledger.is_empty()) {
            self.finish(tx, device, head).await?;
        }
        mark("finish");
        Ok(shop)
    }

    /// The accepted facts, as pushed.
    async fn write_facts(
        &self,
        tx: &Transaction<'_>,
        device: &Device,
        outcomes: &[(&Record, &Vec<u8>, &Outcome)],
        facts: &HashSet<i64>,
    ) -> Result<(), ApiError> {
        let stored: Vec<&(&Record, &Vec<u8>, &Outcome)> =
            outcomes.iter().filter(|o| facts.contains(&o.0.seq)).collect();
        if stored.is_empty() {
            return Ok(());
        }
        let kinds: Vec<&str> = stored.iter().map(|o| o.0.kind.as_str()).collect();
        let ids: Vec<&str> = stored.iter().map(|o| o.0.id.as_str()).collect();
        let seqs: Vec<i64> = stored.iter().map(|o| o.0.seq).collect();
        let payloads: Vec<&Value> = stored.iter().map(|o| &o.0.payload).collect();
        let hashes: Vec<&Vec<u8>> = stored.iter().map(|o| o.1).collect();
        store::execute(
            tx,
            "INSERT INTO facts (kind, id, store_id, device_id, seq, payload, payload_hash)
             SELECT k, i, $3, $4, s, p, h FROM unnest($1::text[], $2::text[], $5::bigint[], $6::json[], $7::bytea[])
                 AS t(k, i, s, p, h)",
            &[&kinds, &ids, &device.store_id, &device.id, &seqs, &payloads, &hashes],
        )
        .await?;
        Ok(())
    }

    /// The server's own tables: shifts, sales and lines, returns, orders.
    async fn write_tables(&self, tx: &Transaction<'_>, device: &Device) -> Result<(), ApiError> {
        let store = device.store_id;
        let fx = &self.effects;
        if !fx.shifts_opened.is_empty() {
            let ids: Vec<&str> = fx.shifts_opened.iter().map(|s| s.0.as_str()).collect();
            let branches: Vec<&str> = fx.shifts_opened.iter().map(|s| s.1.as_str()).collect();
            let terminals: Vec<&str> = fx.shifts_opened.iter().map(|s| s.2.as_str()).collect();
            let at: Vec<i64> = fx.shifts_opened.iter().map(|s| s.3).collect();
            store::execute(tx,
                "INSERT INTO shifts (store_id, id, device_id, branch, terminal, opened_at)
                 SELECT $1, i, $2, b, t, a FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[]) AS x(i, b, t, a)",
                &[&store, &device.id, &ids, &branches, &terminals, &at],
            )
            .await?;
        }
        if !fx.shifts_closed.is_empty() {
            let ids: Vec<&str> = fx.shifts_closed.iter().map(|s| s.0.as_str()).collect();
            let at: Vec<i64> = fx.shifts_closed.iter().map(|s| s.1).collect();
            store::execute(
                tx,
                "UPDATE shifts s SET closed_at = x.a FROM unnest($2::text[], $3::bigint[]) AS x(i, a)
                 WHERE s.store_id = $1 AND s.id = x.i",
                &[&store, &ids, &at],
            )
            .await?;
        }
        if !fx.sales.is_empty() {
            let ids: Vec<&str> = fx.sales.iter().map(|s| s.0.as_str()).collect();
            let nos: Vec<&str> = fx.sales.iter().map(|s| s.1.as_str()).collect();
            let branches: Vec<&str> = fx.sales.iter().map(|s| s.2.as_str()).collect();
            let modes: Vec<&str> = fx.sales.iter().map(|s| s.3.as_str()).collect();
            let rates: Vec<i64> = fx.sales.iter().map(|s| s.4).collect();
            store::execute(
                tx,
                "INSERT INTO sales (store_id, id, receipt_no, branch, tax_mode, ppn_rate_bp)
                 SELECT $1, i, n, b, m, r FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                     AS x(i, n, b, m, r)",
                &[&store, &ids, &nos, &branches, &modes, &rates],
            )
            .await?;
        }
        if !fx.sale_lines.is_empty() {
            let ids: Vec<&str> = fx.sale_lines.iter().map(|l| l.0.as_str()).collect();
            let sales: Vec<&str> = fx.sale_lines.iter().map(|l| l.1.as_str()).collect();
            let products: Vec<&str> = fx.sale_lines.iter().map(|l| l.2.as_str()).collect();
            let qty: Vec<i64> = fx.sale_lines.iter().map(|l| l.3).collect();
            let net: Vec<i64> = fx.sale_lines.iter().map(|l| l.4).collect();
            store::execute(
                tx,
                "INSERT INTO sale_lines (store_id, id, sale_id, product_id, quantity, net)
                 SELECT $1, i, s, p, q, n FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
                     AS x(i, s, p, q, n)",
                &[&store, &ids, &sales, &products, &qty, &net],
            )
            .await?;
        }
        if !fx.returns.is_empty() {
            let ids: Vec<&str> = fx.returns.iter().map(|r| r.0.as_str()).collect();
            let nos: Vec<&str> = fx.returns.iter().map(|r| r.1.as_str()).collect();
            let sales: Vec<&str> = fx.returns.iter().map(|r| r.2.as_str()).collect();
            store::execute(
                tx,
                "INSERT INTO returns (store_id, id, return_no, sale_id)
                 SELECT $1, i, n, s FROM unnest($2::text[], $3::text[], $4::text[]) AS x(i, n, s)",
                &[&store, &ids, &nos, &sales],
            )
            .await?;
            let mut by_line: HashMap<&str, i64> = HashMap::new();
            for (line, q) in &fx.returned {
                *by_line.entry(line.as_str()).or_default() += q;
            }
            let (lines, qty): (Vec<&str>, Vec<i64>) = by_line.into_iter().unzip();
            store::execute(
                tx,
                "UPDATE sale_lines l SET returned = l.returned + x.q FROM unnest($2::text[], $3::bigint[]) AS x(i, q)
                 WHERE l.store_id = $1 AND l.id = x.i",
                &[&store, &lines, &qty],
            )
            .await?;
        }
        if !fx.orders.is_empty() {
            let ids: Vec<&str> = fx.orders.iter().map(|o| o.0.as_str()).collect();
            let nos: Vec<&str> = fx.orders.iter().map(|o| o.1.as_str()).collect();
            let branches: Vec<&str> = fx.orders.iter().map(|o| o.2.as_str()).collect();
            let statuses: Vec<&str> = fx.orders.iter().map(|o| o.3.as_str()).collect();
            let payments: Vec<&str> = fx.orders.iter().map(|o| o.4.as_str()).collect();
            store::execute(
                tx,
                "INSERT INTO orders (store_id, id, order_no, branch, status, payment_status, device_id)
                 SELECT $1, i, n, b, s, p, $2 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                     AS x(i, n, b, s, p)",
                &[&store, &device.id, &ids, &nos, &branches, &statuses, &payments],
            )
            .await?;
        }
        // Steps in order; the last of each order is where it stands.
        let mut last: HashMap<&str, (&str, &str)> = HashMap::new();
        for (id, status, payment) in &fx.order_steps {
            last.insert(id.as_str(), (status.as_str(), payment.as_str()));
        }
        if !last.is_empty() {
            let ids: Vec<&str> = last.keys().copied().collect();
            let statuses: Vec<&str> = ids.iter().map(|i| last[i].0).collect();
            let payments: Vec<&str> = ids.iter().map(|i| last[i].1).collect();
            store::execute(
                tx,
                "UPDATE orders o SET status = x.s, payment_status = x.p
                 FROM unnest($2::text[], $3::text[], $4::text[]) AS x(i, s, p)
                 WHERE o.store_id = $1 AND o.id = x.i",
                &[&store, &ids, &statuses, &payments],
            )
            .await?;
        }
        Ok(())
    }

    /// Each merged entity once, in its final state; answers the shop's catalogue rows of the
    /// merged products, written after commit.
    async fn write_entities(&self, tx: &Transaction<'_>, store: Uuid, ctx: &Context) -> Result<ShopProducts, ApiError> {
        let mut seen = HashSet::new();
        let keys: Vec<&(String, String)> = self.entities.iter().filter(|k| seen.insert(*k)).collect();
        let mut shop = ShopProducts::default();
        if keys.is_empty() {
            return Ok(shop);
        }
        let (mut kinds, mut ids, mut versions, mut states, mut fvs) = (vec![], vec![], vec![], vec![], vec![]);
        for k in keys {
            let Some(e) = ctx.entities.get(k) else { continue };
            kinds.push(k.0.as_str());
            ids.push(k.1.as_str());
            versions.push(e.version);
            states.push(Value::Object(e.state.clone()));
            fvs.push(Value::Object(e.field_versions.clone()));
        }
        store::execute(
            tx,
            "INSERT INTO entities (store_id, kind, id, version, state, field_versions)
             SELECT $1, k, i, v, s, f FROM unnest($2::text[], $3::text[], $4::bigint[], $5::json[], $6::json[])
                 AS x(k, i, v, s, f)
             ON CONFLICT (store_id, kind, id) DO UPDATE
                 SET version = excluded.version, state = excluded.state, field_versions = excluded.field_versions",
            &[&store, &kinds, &ids, &versions, &states, &fvs],
        )
        .await?;
        // The catalogue's compact copy, for the rules' look-ups (and the shop's, after commit).
        for (k, i) in kinds.iter().zip(&ids) {
            if *k != "product" {
                continue;
            }
            if let Some(e) = ctx.entities.get(&(k.to_string(), i.to_string())) {
                shop.push(i, e.version, &e.state);
            }
        }
        if !shop.is_empty() {
            let (pid, price, active) = shop.catalogue();
            store::execute(
                tx,
                "INSERT INTO products (store_id, id, price, active)
                 SELECT $1, i, p, a FROM unnest($2::text[], $3::bigint[], $4::bool[]) AS x(i, p, a)
                 ON CONFLICT (store_id, id) DO UPDATE SET price = excluded.price, active = excluded.active",
                &[&store, &pid, &price, &active],
            )
            .await?;
        }
        Ok(shop)
    }
}
