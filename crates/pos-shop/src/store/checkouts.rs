//! `shop_checkouts` and `shop_holds`: each checkout's order, its way back for the customer, its
//! payment at the gateway, and the stock it holds (summed per product in `shop_products.held`,
//! changed only here, in the same transaction as the holds).

use super::{Db, execute, query, query_opt};
use pos_server::ApiError;
use tokio_postgres::Row;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gateway {
    Midtrans,
    Stripe,
}

impl Gateway {
    pub fn code(self) -> &'static str {
        match self {
            Gateway::Midtrans => "midtrans",
            Gateway::Stripe => "stripe",
        }
    }

    pub fn parse(s: &str) -> Option<Gateway> {
        match s {
            "midtrans" => Some(Gateway::Midtrans),
            "stripe" => Some(Gateway::Stripe),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldState {
    /// Unpaid, holding stock until `hold_until`.
    Held,
    /// Paid: holding stock until the order ships or is cancelled.
    Paid,
    /// No longer holding anything.
    Released,
}

impl HoldState {
    fn parse(s: &str) -> HoldState {
        match s {
            "held" => HoldState::Held,
            "paid" => HoldState::Paid,
            _ => HoldState::Released,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Checkout {
    pub id: Uuid,
    pub store_id: Uuid,
    pub order_id: String,
    pub order_no: String,
    pub total: i64,
    pub gateway: Gateway,
    pub pay_url: Option<String>,
    pub gateway_ref: Option<String>,
    pub hold_until: chrono::DateTime<chrono::Utc>,
    pub hold_state: HoldState,
    pub pay_status: String,
    pub pay_rank: i32,
}

const COLUMNS: &str = "id, store_id, order_id, order_no, total, gateway, pay_url, gateway_ref, hold_until, hold_state, pay_status, pay_rank";

fn checkout(r: &Row) -> Checkout {
    let gateway: String = r.get(5);
    let state: String = r.get(9);
    Checkout {
        id: r.get(0),
        store_id: r.get(1),
        order_id: r.get(2),
        order_no: r.get(3),
        total: r.get(4),
        gateway: Gateway::parse(&gateway).unwrap_or(Gateway::Midtrans),
        pay_url: r.get(6),
        gateway_ref: r.get(7),
        hold_until: r.get(8),
        hold_state: HoldState::parse(&state),
        pay_status: r.get(10),
        pay_rank: r.get(11),
    }
}

/// Holds `quantities` of `products` if every one of them can be sold (the fulfilling branch's
/// balance, less what is held and the safety stock): the products whose hold was taken. The
/// caller rolls back unless all were.
pub async fn reserve(
    db: &impl Db,
    store: Uuid,
    branch: &str,
    safety: i64,
    products: &[String],
    quantities: &[i64],
) -> Result<Vec<String>, ApiError> {
    let rows = query(
        db,
        "UPDATE shop_products p SET held = p.held + x.q
         FROM unnest($2::text[], $3::bigint[]) AS x(id, q)
         WHERE p.store_id = $1 AND p.id = x.id AND p.active AND p.online
           AND coalesce((SELECT b.on_hand FROM stock_balances b
                         WHERE b.store_id = p.store_id AND b.product_id = p.id AND b.branch = $4), 0)
               - p.held - $5 >= x.q
         RETURNING p.id",
        &[&store, &products, &quantities, &branch, &safety],
    )
    .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

pub struct NewCheckout<'a> {
    pub id: Uuid,
    pub store: Uuid,
    pub order_id: &'a str,
    pub order_no: &'a str,
    pub cart: Option<Uuid>,
    pub access_hash: &'a [u8],
    pub total: i64,
    pub gateway: Gateway,
    pub hold_minutes: i64,
}

pub async fn insert(
    db: &impl Db,
    c: &NewCheckout<'_>,
    products: &[String],
    quantities: &[i64],
) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO shop_checkouts (id, store_id, order_id, order_no, cart_id, access_hash, total, gateway, hold_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + $9::bigint * interval '1 minute')",
        &[&c.id, &c.store, &c.order_id, &c.order_no, &c.cart, &c.access_hash, &c.total, &c.gateway.code(), &c.hold_minutes],
    )
    .await?;
    execute(
        db,
        "INSERT INTO shop_holds (checkout_id, store_id, product_id, quantity)
         SELECT $1, $2, id, q FROM unnest($3::text[], $4::bigint[]) AS x(id, q)",
        &[&c.id, &c.store, &products, &quantities],
    )
    .await?;
    Ok(())
}

pub async fn by_access(db: &impl Db, access_hash: &[u8]) -> Result<Option<Checkout>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM shop_checkouts WHERE access_hash = $1");
    Ok(query_opt(db, &sql, &[&access_hash]).await?.as_ref().map(checkout))
}

/// The checkout of an order (or a booking's down payment) of the store, if it has one.
pub async fn of_order(db: &impl Db, store: Uuid, order_id: &str) -> Result<Option<Checkout>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM shop_checkouts WHERE store_id = $1 AND order_id = $2");
    Ok(query_opt(db, &sql, &[&store, &order_id]).await?.as_ref().map(checkout))
}

pub async fn by_id(db: &impl Db, id: Uuid) -> Result<Option<Checkout>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM shop_checkouts WHERE id = $1");
    Ok(query_opt(db, &sql, &[&id]).await?.as_ref().map(checkout))
}

/// The checkout of a store's order, locked for the caller's transaction.
pub async fn lock_by_order_no(db: &impl Db, store: Uuid, order_no: &str) -> Result<Option<Checkout>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM shop_checkouts WHERE store_id = $1 AND order_no = $2 FOR UPDATE");
    Ok(query_opt(db, &sql, &[&store, &order_no]).await?.as_ref().map(checkout))
}

/// The checkout a Stripe session names (its id is the session's `client_reference_id`), locked.
pub async fn lock_by_id(db: &impl Db, id: Uuid) -> Result<Option<Checkout>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM shop_checkouts WHERE id = $1 FOR UPDATE");
    Ok(query_opt(db, &sql, &[&id]).await?.as_ref().map(checkout))
}

/// What the gateway gave for paying.
pub async fn set_payment_page(db: &impl Db, id: Uuid, url: &str, reference: &str) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE shop_checkouts SET pay_url = $2, gateway_ref = $3 WHERE id = $1",
        &[&id, &url, &reference],
    )
    .await?;
    Ok(())
}

/// Records a verified notification once; false when this event was recorded before.
pub async fn record_event(
    db: &impl Db,
    gateway: Gateway,
    key: &str,
    checkout: Uuid,
    status: &str,
    amount: i64,
) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "INSERT INTO shop_payment_events (gateway, event_key, checkout_id, status, amount) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
        &[&gateway.code(), &key, &checkout, &status, &amount],
    )
    .await?;
    Ok(n == 1)
}

/// The gateway's latest status, when it is further along than what was known.
pub async fn advance_status(db: &impl Db, id: Uuid, status: &str, rank: i32) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "UPDATE shop_checkouts SET pay_status = $2, pay_rank = $3 WHERE id = $1 AND pay_rank < $3",
        &[&id, &status, &rank],
    )
    .await?;
    Ok(n == 1)
}

/// Gives back the stock a checkout holds, once: the holds leave `held`, the checkout becomes
/// `to`. False when it held nothing any more.
pub async fn release(db: &impl Db, id: Uuid) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "UPDATE shop_checkouts SET hold_state = 'released' WHERE id = $1 AND hold_state <> 'released'",
        &[&id],
    )
    .await?;
    if n == 0 {
        return Ok(false);
    }
    execute(
        db,
        "UPDATE shop_products p SET held = greatest(p.held - h.quantity, 0)
         FROM shop_holds h WHERE h.checkout_id = $1 AND p.store_id = h.store_id AND p.id = h.product_id",
        &[&id],
    )
    .await?;
    Ok(true)
}

/// A paid checkout keeps its hold until its order ships or is cancelled.
pub async fn set_paid(db: &impl Db, id: Uuid) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE shop_checkouts SET hold_state = 'paid' WHERE id = $1",
        &[&id],
    )
    .await?;
    Ok(())
}

/// Takes the stock again for a checkout whose hold ran out (its payment landed late): true when
/// every line could be held again.
pub async fn rehold(db: &impl Db, c: &Checkout, branch: &str, safety: i64) -> Result<bool, ApiError> {
    let rows = query(
        db,
        "SELECT product_id, quantity FROM shop_holds WHERE checkout_id = $1 ORDER BY product_id",
        &[&c.id],
    )
    .await?;
    let products: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    let quantities: Vec<i64> = rows.iter().map(|r| r.get(1)).collect();
    let got = reserve(db, c.store_id, branch, safety, &products, &quantities).await?;
    Ok(got.len() == products.len())
}

/// Checkouts to release: unpaid ones past their hold, paid ones whose order shipped or was
/// cancelled (its stock left through the ledger, or stays).
pub async fn due_for_release(db: &impl Db, limit: i64) -> Result<Vec<Uuid>, ApiError> {
    let rows = query(
        db,
        "SELECT c.id FROM shop_checkouts c
         WHERE c.hold_state = 'held' AND c.hold_until < now()
         UNION ALL
         SELECT c.id FROM shop_checkouts c JOIN orders o ON o.store_id = c.store_id AND o.id = c.order_id
         WHERE c.hold_state = 'paid' AND o.status IN ('shipped', 'delivered', 'cancelled')
         LIMIT $1",
        &[&limit],
    )
    .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// The order's lines and totals as the customer's page shows them.
pub async fn order_view(
    db: &impl Db,
    store: Uuid,
    order_id: &str,
) -> Result<Option<(serde_json::Value, String, String)>, ApiError> {
    Ok(query_opt(
        db,
        "SELECT f.payload, o.status, o.payment_status FROM orders o
         JOIN facts f ON f.store_id = o.store_id AND f.kind = 'order' AND f.id = o.id
         WHERE o.store_id = $1 AND o.id = $2",
        &[&store, &order_id],
    )
    .await?
    .map(|r| (r.get(0), r.get(1), r.get(2))))
}

/// The latest tracking number a terminal recorded for the order.
pub async fn tracking(db: &impl Db, store: Uuid, order_id: &str) -> Result<Option<String>, ApiError> {
    Ok(query_opt(
        db,
        "SELECT payload ->> 'tracking_no' FROM facts
         WHERE store_id = $1 AND kind = 'order_event' AND payload ->> 'order_id' = $2
           AND coalesce(payload ->> 'tracking_no', '') <> ''
         ORDER BY received_at DESC LIMIT 1",
        &[&store, &order_id],
    )
    .await?
    .and_then(|r| r.get(0)))
}

/// Products whose online orders hold more than the fulfilling branch has (a till sold what the
/// shop had promised), not reported in the last day: (store, product, name, held, on hand).
pub async fn short_holds(db: &impl Db, limit: i64) -> Result<Vec<(Uuid, String, String, i64, i64)>, ApiError> {
    let rows = query(
        db,
        "SELECT p.store_id, p.id, p.name, p.held, coalesce(b.on_hand, 0)
         FROM shop_products p
         LEFT JOIN entities pol ON pol.store_id = p.store_id AND pol.kind = 'store_policies' AND pol.id = 'policies'
         LEFT JOIN stock_balances b ON b.store_id = p.store_id AND b.product_id = p.id
              AND b.branch = coalesce(nullif(upper(pol.state ->> 'shop_branch'), ''),
                                      (SELECT min(code) FROM branches r WHERE r.store_id = p.store_id))
         WHERE p.held > 0 AND coalesce(b.on_hand, 0) < p.held
           AND NOT EXISTS (SELECT 1 FROM sync_issues i WHERE i.store_id = p.store_id AND i.issue = 'oversold'
                           AND i.kind = 'product' AND i.record_id = p.id AND i.at > now() - interval '1 day')
         LIMIT $1",
        &[&limit],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect())
}
