//! Applies a verified payment status to its checkout and order, under the store's lock (the same
//! lock every push and checkout takes, so stock holds never race), once per gateway event, only
//! forwards:
//! - paid, for the order's amount: the hold stays until the order ships and the order becomes paid
//!   on every terminal (`pos_server::shop::orders::mark_paid`, the shop API's own path). If the
//!   hold had run out, the stock is taken again when it is there; when it is not, the order is
//!   cancelled with a refund due and the owner is told;
//! - paid for another amount: never taken as paid; the owner is told;
//! - failed (denied, cancelled, expired): the hold is released and the unpaid order cancelled;
//! - refunded or charged back at the gateway: the owner is told.

use super::Outcome;
use crate::store::checkouts::{self, Checkout, Gateway, HoldState};
use crate::store::settings;
use crate::{ShopError, ShopState};
use deadpool_postgres::Transaction;
use pos_server::ApiError;
use pos_server::shop::{log_change, orders};
use pos_server::store::{shop_orders, stores};
use serde_json::json;
use uuid::Uuid;

/// Which checkout a notification is about.
#[derive(Debug, Clone)]
pub enum Target {
    /// Midtrans names the order number (the store is found from it).
    OrderNo(String),
    /// Stripe's session names the checkout.
    Checkout(Uuid),
}

/// What applying a notification did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// This event was applied before: nothing changed.
    Repeat,
    /// Older than what is known (a status never moves back): nothing changed.
    Stale,
    Applied,
    /// No checkout of ours (a forged or foreign order): nothing changed.
    Unknown,
}

pub struct Report<'a> {
    pub gateway: Gateway,
    pub target: Target,
    /// The gateway's id of this event (a repeat has the same).
    pub event_key: &'a str,
    pub status: &'a str,
    pub outcome: Outcome,
    /// Whole rupiah the gateway says were paid.
    pub amount: Option<i64>,
}

async fn store_of(state: &ShopState, target: &Target) -> Result<Option<Uuid>, ApiError> {
    let db = state.app.pool.get().await?;
    let row = match target {
        Target::OrderNo(n) => {
            crate::store::query_opt(&db, "SELECT store_id FROM shop_checkouts WHERE order_no = $1", &[n]).await?
        }
        Target::Checkout(id) => {
            crate::store::query_opt(&db, "SELECT store_id FROM shop_checkouts WHERE id = $1", &[id]).await?
        }
    };
    Ok(row.map(|r| r.get(0)))
}

pub async fn settle(state: &ShopState, report: &Report<'_>) -> Result<Settled, ShopError> {
    let Some(store) = store_of(state, &report.target).await? else {
        return Ok(Settled::Unknown);
    };
    let mut attempt = 0;
    loop {
        let mut client = state.app.pool.get().await?;
        let tx = client.transaction().await.map_err(ApiError::from)?;
        let result = match apply(&tx, store, report).await {
            Ok(v) => tx.commit().await.map(|_| v).map_err(ApiError::from),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.retry && attempt < 5 => attempt += 1,
            other => return Ok(other?),
        }
    }
}

async fn apply(tx: &Transaction<'_>, store: Uuid, r: &Report<'_>) -> Result<Settled, ApiError> {
    stores::lock(tx, store).await?;
    let c = match &r.target {
        Target::OrderNo(n) => checkouts::lock_by_order_no(tx, store, n).await?,
        Target::Checkout(id) => checkouts::lock_by_id(tx, *id).await?,
    };
    let Some(c) = c.filter(|c| c.gateway == r.gateway && c.store_id == store) else {
        return Ok(Settled::Unknown);
    };
    if !checkouts::record_event(tx, r.gateway, r.event_key, c.id, r.status, r.amount.unwrap_or(-1)).await? {
        return Ok(Settled::Repeat);
    }
    if r.outcome == Outcome::Paid && r.amount != Some(c.total) {
        // Not taken as paid, and not a step forward: the right amount may still come.
        let reason = format!(
            "{} reported {} paid for order {} of {}: not taken as paid; check the payment at {}",
            r.gateway.code(),
            r.amount.map_or("an unreadable amount".into(), |a| format!("Rp {a}")),
            c.order_no,
            c.total,
            r.gateway.code()
        );
        shop_orders::owner_notice(tx, store, &c.order_id, &reason).await?;
        return Ok(Settled::Applied);
    }
    if !checkouts::advance_status(tx, c.id, r.status, r.outcome.rank()).await? {
        return Ok(Settled::Stale);
    }
    if c.order_no.starts_with(BOOKING_PREFIX) {
        return booking(tx, store, &c, r.outcome).await;
    }
    match r.outcome {
        Outcome::Pending => {}
        Outcome::Paid => paid(tx, store, &c).await?,
        Outcome::Failed => {
            if c.hold_state == HoldState::Held {
                checkouts::release(tx, c.id).await?;
            }
            if c.hold_state != HoldState::Paid {
                cancel(tx, store, &c, "not paid (the payment failed or expired)").await?;
            }
        }
        Outcome::Reversed => {
            let reason = format!(
                "order {} was refunded or charged back at {}",
                c.order_no,
                r.gateway.code()
            );
            shop_orders::owner_notice(tx, store, &c.order_id, &reason).await?;
        }
    }
    Ok(Settled::Applied)
}

/// Bookings' numbers (`BK-000123`): their checkouts pay a down payment, not an order.
const BOOKING_PREFIX: &str = "BK-";

/// A booking's down payment: paid accepts it (no approval needed) or, when the booking no longer
/// stands, records the money as due back; a failed payment only ends the checkout (the booking's
/// own hold runs out on its own).
async fn booking(tx: &Transaction<'_>, store: Uuid, c: &Checkout, outcome: Outcome) -> Result<Settled, ApiError> {
    match outcome {
        Outcome::Paid if c.hold_state != HoldState::Paid => {
            checkouts::set_paid(tx, c.id).await?;
            let mv = pos_server::bookings::moves::Move::Paid { amount: c.total };
            pos_server::bookings::moves::apply(tx, store, &c.order_id, &mv, chrono::Utc::now().timestamp_millis())
                .await?;
        }
        Outcome::Failed if c.hold_state == HoldState::Held => {
            checkouts::release(tx, c.id).await?;
        }
        Outcome::Reversed => {
            let reason = format!("booking {} was refunded or charged back at the gateway", c.order_no);
            pos_server::store::issues::notice(tx, store, "payment", "booking", &c.order_id, &reason).await?;
        }
        _ => {}
    }
    Ok(Settled::Applied)
}

async fn paid(tx: &Transaction<'_>, store: Uuid, c: &Checkout) -> Result<(), ApiError> {
    match c.hold_state {
        HoldState::Paid => Ok(()),
        HoldState::Held => {
            checkouts::set_paid(tx, c.id).await?;
            orders::mark_paid(tx, store, &c.order_no, &c.order_id).await
        }
        HoldState::Released => {
            let s = settings::settings(tx, store).await?;
            let status = shop_orders::status(tx, store, &c.order_id).await?;
            if status == "awaiting_payment" && checkouts::rehold(tx, c, &s.branch, s.safety_stock).await? {
                checkouts::set_paid(tx, c.id).await?;
                return orders::mark_paid(tx, store, &c.order_no, &c.order_id).await;
            }
            // The stock went to others while the payment was late: the order cannot be sent.
            cancel(
                tx,
                store,
                c,
                "paid after its hold ran out and the stock was sold: refund due",
            )
            .await?;
            orders::mark_paid(tx, store, &c.order_no, &c.order_id).await?;
            let reason = format!(
                "order {} was paid (Rp {}) after its hold ran out and its stock was sold: refund the customer",
                c.order_no, c.total
            );
            shop_orders::owner_notice(tx, store, &c.order_id, &reason).await
        }
    }
}

/// Cancels the unpaid order on every terminal (a step the server makes, as for payments).
async fn cancel(tx: &Transaction<'_>, store: Uuid, c: &Checkout, note: &str) -> Result<(), ApiError> {
    if shop_orders::status(tx, store, &c.order_id).await? != "awaiting_payment" {
        return Ok(());
    }
    let id = Uuid::now_v7().to_string();
    let ev = json!({
        "id": id, "order_id": c.order_id, "order_no": c.order_no, "from": "awaiting_payment", "to": "cancelled",
        "note": note, "at": chrono::Utc::now().timestamp_millis(),
    });
    shop_orders::insert_fact(tx, store, "order_event", &id, &ev).await?;
    shop_orders::set_status(tx, store, &c.order_id, "cancelled").await?;
    log_change(tx, store, "order_event", &id, &ev).await
}
