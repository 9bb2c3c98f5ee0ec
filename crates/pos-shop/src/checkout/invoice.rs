//! `GET /order/{token}/invoice.pdf` and `GET /account/orders/{order_no}/invoice.pdf`: the paid
//! order's invoice, the same A4 document the warehouse prints (`pos_print::document`): the store,
//! its NPWP when it is a PKP, the lines, shipping, DPP and PPN, the total.

use crate::site::Site;
use crate::store::checkouts::{self, Checkout};
use crate::{ShopError, ShopState};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use pos_domain::tax::TaxMode;
use pos_print::document::{DocLine, OrderDocument, invoice_pdf};
use serde_json::Value;

/// The invoice of an order as the server priced it.
pub fn document(site: &Site, order: &Value, tracking: Option<String>) -> OrderDocument {
    let s = |k: &str| order.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let n = |k: &str| order.get(k).and_then(Value::as_i64).unwrap_or(0);
    let settings = &site.settings;
    let goods = n("subtotal");
    // Goods carry PPN as the store prices them; shipping is outside the tax base (as the
    // warehouse's invoice).
    let tax = pos_domain::Money::new(goods)
        .ok()
        .and_then(|m| pos_domain::tax::breakdown(m, settings.tax_mode, settings.tax_rate).ok());
    let (dpp, ppn, total) = tax.map_or((goods, 0, goods), |t| {
        (t.dpp.rupiah(), t.ppn.rupiah(), t.total.rupiah())
    });
    let at = chrono::DateTime::from_timestamp_millis(n("created_at")).unwrap_or_default() + chrono::Duration::hours(7);
    OrderDocument {
        store_name: settings.store_name.clone(),
        store_address: settings.address.clone(),
        store_phone: settings.phone.clone(),
        npwp: if settings.tax_mode == TaxMode::NotRegistered {
            String::new()
        } else {
            settings.npwp.clone()
        },
        number: s("order_no"),
        date: at.format("%d-%m-%Y %H:%M WIB").to_string(),
        customer: s("customer_name"),
        ship_to: vec![
            s("ship_name"),
            s("ship_phone"),
            s("ship_address"),
            format!("{} {}", s("ship_city"), s("ship_postal")).trim().to_string(),
        ],
        courier: super::couriers::find(&s("courier_service"))
            .map_or_else(|| s("courier_service"), |c| format!("{} {}", c.courier, c.service)),
        tracking_no: tracking.unwrap_or_default(),
        lines: order
            .get("lines")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|l| {
                let q = l.get("quantity").and_then(Value::as_i64).unwrap_or(0);
                let p = l.get("unit_price").and_then(Value::as_i64).unwrap_or(0);
                DocLine {
                    sku: l.get("sku").and_then(Value::as_str).unwrap_or("").to_string(),
                    name: l.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                    quantity: q,
                    unit_price: p,
                    amount: p * q,
                }
            })
            .collect(),
        shipping: n("shipping_cost"),
        dpp,
        ppn,
        ppn_label: format!("PPN {}%", f64::from(settings.tax_rate.basis_points()) / 100.0),
        total: total + n("shipping_cost"),
    }
}

/// The PDF of a paid order (an unpaid one has no invoice yet: 404).
pub async fn pdf(state: &ShopState, site: &Site, c: &Checkout) -> Result<Response, ShopError> {
    let db = state.app.pool.get().await?;
    let (order, _, payment) = checkouts::order_view(&db, site.store, &c.order_id)
        .await?
        .ok_or(ShopError::NotFound)?;
    if payment != "paid" {
        return Err(ShopError::NotFound);
    }
    let tracking = checkouts::tracking(&db, site.store, &c.order_id).await?;
    let bytes = invoice_pdf(&document(site, &order, tracking));
    let name = format!(
        "attachment; filename=\"invoice-{}.pdf\"",
        c.order_no
            .replace(|ch: char| !ch.is_ascii_alphanumeric() && ch != '-', "")
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response())
}
