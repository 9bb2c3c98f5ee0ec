//! `POST /checkout`: places the order. Under the store's lock, in one transaction: the cart is read
//! again (a second click finds it empty and is sent to the order the first one made), every line's
//! stock is held if it can all be (else nothing is, and the customer is told what is short), the
//! order is made as the shop API makes it, and the cart is emptied. Then the gateway's payment page
//! is opened and the customer sent to it.

use super::{CheckoutForm, couriers, form, parcel_kg};
use crate::cart::{Line, load};
use crate::html::see_other;
use crate::pay;
use crate::site::Site;
use crate::store::checkouts::{self, Gateway, NewCheckout};
use crate::store::{carts, query_opt};
use crate::visitor;
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use deadpool_postgres::Transaction;
use pos_protocol::shop::{PaymentStatus, ShopAddress, ShopCustomer, ShopLine, ShopOrder};
use pos_server::ApiError;
use pos_server::store::stores;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The secret in the address of a checkout's order page: only this visitor's cookie makes it, so
/// a second click finds the first click's order again without the server keeping the secret.
pub fn order_token(visitor_token: &str, checkout: Uuid) -> String {
    let mut h = Sha256::new();
    h.update(b"hurtrock-shop-order:");
    h.update(visitor_token.as_bytes());
    h.update(b":");
    h.update(checkout.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(h.finalize())
}

enum Placed {
    New {
        checkout: Uuid,
    },
    /// The cart was already ordered (a second click): the order it made, if recent.
    Again(Option<Uuid>),
    /// These products no longer have enough stock: (name, asked, sellable).
    Short(Vec<(String, i64, i64)>),
}

pub async fn place(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<CheckoutForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let (cart, lines, fixes) = {
        let db = state.app.pool.get().await?;
        load(&db, &site).await?
    };
    let Some(cart) = cart else {
        return Ok(see_other("/cart"));
    };
    if lines.is_empty() {
        return Ok(match recent_checkout(&state, cart).await? {
            Some(id) => see_other(&format!("/order/{}", order_token(&site.visitor.token, id))),
            None => see_other("/cart"),
        });
    }
    let prices = super::rates::for_form(&state, &f, &lines, crate::cart::view::goods_total(&site, &lines)).await;
    let refuse = |e: ShopError| Ok(form::render(&state, &site, &lines, &fixes, &f, &prices, Some(&e)));
    if !fixes.is_empty() {
        return refuse(ShopError::bad(
            "Your cart changed: check it and place the order again.",
            "Keranjang Anda berubah: periksa lalu buat pesanan lagi.",
        ));
    }
    let contact = match f.contact() {
        Ok(c) => c,
        Err(e) => return refuse(e),
    };
    let Some(courier) = f.courier.as_deref().and_then(couriers::find) else {
        return refuse(ShopError::bad("Choose a courier.", "Pilih kurir."));
    };
    let gateway = match f.gateway.as_deref().and_then(Gateway::parse) {
        Some(g) if form::gateways(&state).contains(&g) => g,
        _ => return refuse(ShopError::bad("Choose how to pay.", "Pilih cara pembayaran.")),
    };
    // Charged only at the price the customer was shown: a rate that changed (the couriers asked
    // for this postal code, or unreachable now) shows the form again with the new prices.
    let shipping_cost = prices
        .of(courier.id)
        .unwrap_or_else(|| courier.price(parcel_kg(&lines)));
    if super::rates::Prices::said(f.shown.as_deref().unwrap_or(""), courier.id) != Some(shipping_cost) {
        return refuse(ShopError::bad(
            "Shipping was priced again for your postal code: check it and place the order again.",
            "Ongkir dihitung ulang untuk kode pos Anda: periksa lalu buat pesanan lagi.",
        ));
    }
    let kept = contact.clone();
    let order = ShopOrder {
        order_no: super::order_number(chrono::Utc::now()),
        branch_code: site.settings.branch.clone(),
        customer: ShopCustomer {
            name: contact.name.clone(),
            phone: contact.phone.clone(),
            email: contact.email.clone(),
        },
        shipping: ShopAddress {
            name: contact.name,
            phone: contact.phone,
            address: contact.address,
            city: contact.city,
            postal: contact.postal,
        },
        courier_service: courier.id.to_string(),
        shipping_cost,
        lines: vec![],
        payment_status: PaymentStatus::Unpaid,
    };
    let placed = place_in_tx(&state, &site, cart, &lines, order, gateway).await?;
    let checkout = match placed {
        Placed::New { checkout } => checkout,
        Placed::Again(Some(id)) => return Ok(see_other(&format!("/order/{}", order_token(&site.visitor.token, id)))),
        Placed::Again(None) => return Ok(see_other("/cart")),
        Placed::Short(short) => {
            let en: Vec<String> = short.iter().map(|(n, a, s)| format!("{n}: {s} left of {a}")).collect();
            let id: Vec<String> = short
                .iter()
                .map(|(n, a, s)| format!("{n}: sisa {s} dari {a}"))
                .collect();
            return refuse(ShopError::bad(
                format!(
                    "Someone was quicker: {}. Change your cart and try again.",
                    en.join("; ")
                ),
                format!(
                    "Ada yang lebih cepat: {}. Ubah keranjang lalu coba lagi.",
                    id.join("; ")
                ),
            ));
        }
    };
    let token = order_token(&site.visitor.token, checkout);
    let c = {
        let db = state.app.pool.get().await?;
        if let Some(customer) = &site.customer {
            crate::store::customers::own_checkout(&db, checkout, customer.id).await?;
            crate::store::customers::remember_address(&db, customer.id, &kept).await?;
        }
        checkouts::by_access(&db, &visitor::hash(&token))
            .await?
            .ok_or(ShopError::Internal)?
    };
    match pay::payment_page(&state, &site, &c, &token).await {
        Ok(url) => Ok(see_other(&url)),
        // The order is kept with its hold: its page offers to pay again.
        Err(_) => Ok(see_other(&format!("/order/{token}?retry=1"))),
    }
}

async fn recent_checkout(state: &ShopState, cart: Uuid) -> Result<Option<Uuid>, ShopError> {
    let db = state.app.pool.get().await?;
    Ok(query_opt(
        &db,
        "SELECT id FROM shop_checkouts WHERE cart_id = $1 AND created_at > now() - interval '1 hour'
         ORDER BY created_at DESC LIMIT 1",
        &[&cart],
    )
    .await?
    .map(|r| r.get(0)))
}

async fn place_in_tx(
    state: &ShopState,
    site: &Site,
    cart: Uuid,
    lines: &[Line],
    order: ShopOrder,
    gateway: Gateway,
) -> Result<Placed, ShopError> {
    let mut attempt = 0;
    loop {
        let mut client = state.app.pool.get().await?;
        let tx = client.transaction().await.map_err(ApiError::from)?;
        match attempt_place(&tx, site, cart, lines, &order, gateway).await {
            Ok(Placed::New { checkout }) => match tx.commit().await {
                Ok(()) => return Ok(Placed::New { checkout }),
                Err(e) => {
                    let e = ApiError::from(e);
                    if !(e.retry && attempt < 5) {
                        return Err(e.into());
                    }
                }
            },
            // Nothing is kept of a checkout that could not hold everything.
            Ok(other) => {
                let _ = tx.rollback().await;
                return Ok(other);
            }
            Err(e) if e.retry && attempt < 5 => {}
            Err(e) => return Err(e.into()),
        }
        attempt += 1;
    }
}

async fn attempt_place(
    tx: &Transaction<'_>,
    site: &Site,
    cart: Uuid,
    lines: &[Line],
    order: &ShopOrder,
    gateway: Gateway,
) -> Result<Placed, ApiError> {
    let store = site.store;
    stores::lock(tx, store).await?;
    // The cart as it is now, under the lock: a second click finds it ordered.
    let now: Vec<(String, i64)> = carts::lines(tx, cart).await?;
    if now.is_empty() {
        return Ok(Placed::Again(None));
    }
    let mut products = Vec::new();
    let mut quantities = Vec::new();
    let mut order_lines = Vec::new();
    for (id, q) in &now {
        // A line added in another tab since the page was read is not in this order's price.
        let Some(l) = lines.iter().find(|l| &l.card.id == id) else {
            return Ok(Placed::Short(vec![(id.clone(), *q, 0)]));
        };
        products.push(id.clone());
        quantities.push(*q);
        order_lines.push(ShopLine {
            product_id: id.clone(),
            sku: String::new(),
            name: String::new(),
            quantity: *q,
            unit_price: Some(l.card.price),
        });
    }
    let s = &site.settings;
    let held = checkouts::reserve(tx, store, &s.branch, s.safety_stock, &products, &quantities).await?;
    if held.len() != products.len() {
        let short = lines
            .iter()
            .filter(|l| products.contains(&l.card.id) && !held.contains(&l.card.id))
            .map(|l| (l.card.name.clone(), l.quantity, l.sellable))
            .collect();
        return Ok(Placed::Short(short));
    }
    let mut order = order.clone();
    order.lines = order_lines;
    let accepted = pos_server::shop::orders::accept(tx, store, &order).await?;
    let checkout = Uuid::now_v7();
    let token = order_token(&site.visitor.token, checkout);
    checkouts::insert(
        tx,
        &NewCheckout {
            id: checkout,
            store,
            order_id: &accepted.order_id,
            order_no: &accepted.order_no,
            cart: Some(cart),
            access_hash: &visitor::hash(&token),
            total: accepted.total,
            gateway,
            hold_minutes: s.hold_minutes,
        },
        &products,
        &quantities,
    )
    .await?;
    carts::clear(tx, cart).await?;
    tracing::info!(order_no = %accepted.order_no, total = accepted.total, "online checkout placed");
    Ok(Placed::New { checkout })
}
