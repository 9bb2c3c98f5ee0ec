//! Orders from the online shop. The shop names products and quantities; the server prices them
//! from the store's catalogue (a price the shop shows must be the catalogue's, else the order is
//! refused), refuses unknown or inactive products, and accepts each order number once: the same
//! order sent again, from one connection or twenty at once, gets the same answer, whether before
//! or after it was paid; other content under the same number is refused. Payment arrives with the
//! order or later (`…/paid`), once.

use super::log_change;
use crate::auth::Shop;
use crate::extract::JsonBody;
use crate::openapi::{Faults, ShopAuth};
use crate::store::{branches, shop_orders, stores};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use deadpool_postgres::Transaction;
use pos_protocol::shop::{PaymentStatus, ShopOrder, ShopOrderAccepted};
use pos_protocol::{ErrorBody, ErrorCode, payload_hash};
use serde_json::{Value, json};
use uuid::Uuid;

/// The couriers every store's rate table has (their ids are the terminals' own).
pub const COURIER_SERVICES: [&str; 5] = ["jne-reg", "jne-yes", "jnt-ez", "sicepat-reg", "own"];

fn text(field: &str, v: &str, max: usize, required: bool) -> Result<String, ApiError> {
    let n = v.trim().chars().count();
    if (required && n == 0) || n > max {
        return Err(ApiError::bad_request(format!(
            "{field} must be {} to {max} characters",
            usize::from(required)
        )));
    }
    Ok(v.trim().to_string())
}

/// Checks what can be checked without the catalogue.
fn check(o: &ShopOrder) -> Result<(), ApiError> {
    text("order_no", &o.order_no, 40, true)?;
    text("branch_code", &o.branch_code, 8, true)?;
    text("customer.name", &o.customer.name, 100, true)?;
    text("customer.phone", &o.customer.phone, 30, false)?;
    text("customer.email", &o.customer.email, 254, false)?;
    text("shipping.name", &o.shipping.name, 100, true)?;
    text("shipping.phone", &o.shipping.phone, 30, true)?;
    text("shipping.address", &o.shipping.address, 300, true)?;
    text("shipping.city", &o.shipping.city, 80, false)?;
    text("shipping.postal", &o.shipping.postal, 10, false)?;
    if !COURIER_SERVICES.contains(&o.courier_service.trim()) {
        return Err(ApiError::bad_request(format!(
            "courier_service must be one of {}",
            COURIER_SERVICES.join(", ")
        )));
    }
    if !(0..=100_000_000).contains(&o.shipping_cost) {
        return Err(ApiError::bad_request("shipping_cost is out of range"));
    }
    if o.lines.is_empty() || o.lines.len() > 100 {
        return Err(ApiError::bad_request("an order needs 1 to 100 lines"));
    }
    for (i, l) in o.lines.iter().enumerate() {
        if !pos_protocol::id_ok(&l.product_id) || !(1..=10_000).contains(&l.quantity) {
            return Err(ApiError::bad_request(format!(
                "line {}: a product and a quantity of 1 to 10 000 are needed",
                i + 1
            )));
        }
    }
    Ok(())
}

/// The order's identity for "sent again": everything but whether it is paid yet.
fn request_hash(o: &ShopOrder) -> Vec<u8> {
    let mut v = serde_json::to_value(o).unwrap_or(Value::Null);
    if let Some(m) = v.as_object_mut() {
        m.remove("payment_status");
    }
    payload_hash(&v)
}

/// Prices the lines from the catalogue and makes the order fact every terminal applies.
async fn priced_fact(tx: &Transaction<'_>, store: Uuid, o: &ShopOrder, id: &str, now: i64) -> Result<Value, ApiError> {
    let ids: Vec<&str> = o.lines.iter().map(|l| l.product_id.as_str()).collect();
    let catalogue = shop_orders::products(tx, store, &ids).await?;
    let mut lines = Vec::new();
    let mut subtotal: i64 = 0;
    for (i, l) in o.lines.iter().enumerate() {
        let p = catalogue
            .get(&l.product_id)
            .filter(|p| p.get("active").and_then(Value::as_bool).unwrap_or(true))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "line {}: product {} is not for sale in this store",
                    i + 1,
                    l.product_id
                ))
            })?;
        let price = p.get("price").and_then(Value::as_i64).unwrap_or(-1);
        if price < 0 {
            return Err(ApiError::bad_request(format!(
                "line {}: the product has no price",
                i + 1
            )));
        }
        if let Some(shown) = l.unit_price
            && shown != price
        {
            return Err(ApiError::bad_request(format!(
                "line {}: the price shown ({shown}) is not the store's price ({price}); show the customer the new price",
                i + 1
            )));
        }
        subtotal += price * l.quantity;
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        lines.push(json!({
            "id": format!("{id}-{}", i + 1), "line_no": i + 1, "product_id": l.product_id, "sku": s("sku"),
            "name": s("name"), "quantity": l.quantity, "unit_price": price, "packed": 0,
            "barcode": p.get("barcode").cloned().unwrap_or(Value::Null), "category": "",
        }));
    }
    // Goods carry PPN as the store prices them (added on top where its prices exclude it, as every
    // terminal's invoice shows); shipping is outside the tax base.
    let (mode, rate) = crate::store::store_profile::tax(tx, store).await?;
    let goods = pos_domain::Money::new(subtotal)
        .and_then(|m| pos_domain::tax::breakdown(m, mode, rate))
        .map_err(|_| ApiError::bad_request("the order's total is out of range"))?;
    let total = goods.total.rupiah() + o.shipping_cost;
    let paid = o.payment_status == PaymentStatus::Paid;
    Ok(json!({
        "id": id, "order_no": o.order_no.trim(), "source": "online",
        "status": if paid { "paid" } else { "awaiting_payment" },
        "branch": o.branch_code.trim().to_ascii_uppercase(),
        "customer_name": o.customer.name.trim(), "customer_phone": o.customer.phone.trim(),
        "customer_email": o.customer.email.trim(),
        "ship_name": o.shipping.name.trim(), "ship_phone": o.shipping.phone.trim(),
        "ship_address": o.shipping.address.trim(), "ship_city": o.shipping.city.trim(),
        "ship_postal": o.shipping.postal.trim(), "courier_service": o.courier_service.trim(),
        "shipping_cost": o.shipping_cost, "subtotal": subtotal, "total": total,
        "payment_status": if paid { "paid" } else { "unpaid" }, "packed_weight_g": null, "tracking_no": null,
        "parent_id": null, "note": "", "created_at": now, "updated_at": now, "version": 1,
        "lines": lines, "events": [],
    }))
}

/// Runs `f` in a transaction holding the store's lock, again when a concurrent one got in the way.
pub async fn serialised<T>(
    app: &AppState,
    store: Uuid,
    f: impl for<'t> Fn(
        &'t Transaction<'t>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, ApiError>> + Send + 't>>,
) -> Result<T, ApiError> {
    let mut attempt = 0;
    loop {
        let mut client = app.pool.get().await?;
        let tx = client.transaction().await?;
        stores::lock(&tx, store).await?;
        let result = match f(&tx).await {
            Ok(v) => tx.commit().await.map(|_| v).map_err(ApiError::from),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.retry && attempt < 5 => attempt += 1,
            other => return other,
        }
    }
}

/// An order from the online shop, priced from the catalogue; the same order sent again gets the
/// same answer.
#[utoipa::path(post, path = "/v1/shop/orders", tag = "shop", security(("shopKey" = [])), request_body = ShopOrder,
    responses((status = 200, body = ShopOrderAccepted),
        (status = 400, description = "`bad_request`: malformed, a constraint broken, a branch that is not the store's, a product not for sale, or a price that is not the catalogue's", body = ErrorBody),
        (status = 413, description = "`too_large`", body = ErrorBody), ShopAuth,
        (status = 409, description = "`conflict`: this order number was sent before with other content", body = ErrorBody), Faults))]
pub async fn create_order(
    State(app): State<AppState>,
    shop: Shop,
    JsonBody(order): JsonBody<ShopOrder>,
) -> Result<Json<ShopOrderAccepted>, ApiError> {
    check(&order)?;
    let store = shop.store_id;
    let order = std::sync::Arc::new(order);
    let accepted = serialised(&app, store, |tx| {
        let order = order.clone();
        Box::pin(async move { accept(tx, store, &order).await })
    })
    .await?;
    Ok(Json(accepted))
}

pub async fn accept(tx: &Transaction<'_>, store: Uuid, order: &ShopOrder) -> Result<ShopOrderAccepted, ApiError> {
    let order_no = order.order_no.trim().to_string();
    let branch = order.branch_code.trim().to_ascii_uppercase();
    if branches::id_by_code(tx, store, &branch).await?.is_none() {
        return Err(ApiError::bad_request("branch_code is not a branch of this store"));
    }
    let hash = request_hash(order);
    if let Some((id, previous, paid)) = shop_orders::by_number(tx, store, &order_no).await? {
        if previous != hash {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                "This order number was sent before with other content",
            ));
        }
        if order.payment_status == PaymentStatus::Paid && !paid {
            mark_paid(tx, store, &order_no, &id).await?;
        }
        return answer(tx, store, &id, &order_no).await;
    }
    let id = Uuid::now_v7().to_string();
    let fact = priced_fact(tx, store, order, &id, chrono::Utc::now().timestamp_millis()).await?;
    shop_orders::insert(tx, store, &order_no, &hash, &fact).await?;
    log_change(tx, store, "order", &id, &fact).await?;
    tracing::info!(%store, order_no = %order_no, "online order received");
    answer(tx, store, &id, &order_no).await
}

/// Where the order stands now.
async fn answer(tx: &Transaction<'_>, store: Uuid, id: &str, order_no: &str) -> Result<ShopOrderAccepted, ApiError> {
    let (status, total) = shop_orders::status_and_total(tx, store, id).await?;
    Ok(ShopOrderAccepted {
        order_id: id.to_string(),
        order_no: order_no.to_string(),
        status,
        total,
    })
}

/// The order becomes paid on every terminal, once.
pub async fn mark_paid(tx: &Transaction<'_>, store: Uuid, order_no: &str, id: &str) -> Result<(), ApiError> {
    let status = shop_orders::status(tx, store, id).await?;
    shop_orders::mark_number_paid(tx, store, order_no).await?;
    if status != "awaiting_payment" {
        // Cancelled (or moved on) before the payment landed: the owner refunds it.
        return shop_orders::payment_landed_late(tx, store, id).await;
    }
    let event_id = Uuid::now_v7().to_string();
    let ev = json!({
        "id": event_id, "order_id": id, "order_no": order_no, "from": "awaiting_payment", "to": "paid",
        "note": "paid online", "at": chrono::Utc::now().timestamp_millis(),
    });
    shop_orders::insert_fact(tx, store, "order_event", &event_id, &ev).await?;
    shop_orders::set_paid(tx, store, id).await?;
    log_change(tx, store, "order_event", &event_id, &ev).await?;
    Ok(())
}

/// The shop's payment confirmation: the order moves to paid on every terminal (once).
#[utoipa::path(post, path = "/v1/shop/orders/{order_no}/paid", tag = "shop", security(("shopKey" = [])),
    params(("order_no" = String, Path, description = "The shop's order number")),
    responses((status = 200, body = ShopOrderAccepted), ShopAuth,
        (status = 404, description = "`not_found`: no order with this number", body = ErrorBody), Faults))]
pub async fn order_paid(
    State(app): State<AppState>,
    shop: Shop,
    Path(order_no): Path<String>,
) -> Result<Json<ShopOrderAccepted>, ApiError> {
    let store = shop.store_id;
    let order_no = std::sync::Arc::new(order_no);
    let accepted = serialised(&app, store, |tx| {
        let order_no = order_no.clone();
        Box::pin(async move {
            let (id, _, paid) = shop_orders::by_number(tx, store, &order_no)
                .await?
                .ok_or_else(|| ApiError::not_found("No such order"))?;
            if !paid {
                mark_paid(tx, store, &order_no, &id).await?;
            }
            answer(tx, store, &id, &order_no).await
        })
    })
    .await?;
    Ok(Json(accepted))
}
