//! `POST /cart/add` and `POST /cart/update`: a product and a quantity, from this visitor's own
//! form (CSRF). Adding more than can be sold adds what can be; an unknown or withdrawn product is
//! refused; quantities are whole numbers from 0 (remove) to 99.

use crate::i18n::local_path;
use crate::site::Site;
use crate::store::{carts, catalogue};
use crate::{ShopError, ShopState, html};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct LineForm {
    csrf: Option<String>,
    product: Option<String>,
    quantity: Option<String>,
    back: Option<String>,
}

fn quantity(q: Option<&str>, default: i64) -> Result<i64, ShopError> {
    match q.map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (0..=carts::MAX_UNITS).contains(&n) => Ok(n),
            _ => Err(ShopError::bad(
                "A quantity is a whole number from 0 to 99.",
                "Jumlah adalah bilangan bulat dari 0 sampai 99.",
            )),
        },
    }
}

async fn apply(
    state: &ShopState,
    site: &Site,
    headers: &HeaderMap,
    f: &LineForm,
    add: bool,
) -> Result<Response, ShopError> {
    site.visitor.check_post(headers, f.csrf.as_deref().unwrap_or(""))?;
    let product = f.product.as_deref().unwrap_or("");
    if !pos_protocol::id_ok(product) {
        return Err(ShopError::bad("No such product.", "Produk tidak ditemukan."));
    }
    let wanted = quantity(f.quantity.as_deref(), if add { 1 } else { 0 })?;
    let db = state.app.pool.get().await?;
    let found = catalogue::by_ids(&db, site.store, &site.settings.branch, &[product.to_string()]).await?;
    let Some(card) = found.into_iter().find(|s| s.active).map(|s| s.card) else {
        return Err(ShopError::bad(
            "This product is not sold online any more.",
            "Produk ini tidak lagi dijual online.",
        ));
    };
    let cart = carts::get_or_create(&db, site.store, &site.visitor.hash()).await?;
    let current = carts::lines(&db, cart)
        .await?
        .into_iter()
        .find(|(p, _)| p == product)
        .map_or(0, |(_, q)| q);
    let sellable = site.settings.sellable(card.on_hand, card.held);
    let target = if add { current + wanted.max(1) } else { wanted };
    let target = target.min(sellable).min(carts::MAX_UNITS);
    if add && target <= current {
        return Err(ShopError::bad(
            format!("Only {sellable} of {} can be ordered online.", card.name),
            format!("Hanya {sellable} {} yang bisa dipesan online.", card.name),
        ));
    }
    if !carts::set(&db, cart, product, target).await? {
        return Err(ShopError::bad(
            "A cart holds at most 50 different products.",
            "Keranjang berisi paling banyak 50 produk berbeda.",
        ));
    }
    let back = local_path(f.back.as_deref().or(Some("/cart")));
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    html::with_visitor(site, &mut r);
    Ok(r)
}

pub async fn add(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<LineForm>,
) -> Result<Response, ShopError> {
    apply(&state, &site, &headers, &f, true).await
}

pub async fn update(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<LineForm>,
) -> Result<Response, ShopError> {
    apply(&state, &site, &headers, &f, false).await
}
