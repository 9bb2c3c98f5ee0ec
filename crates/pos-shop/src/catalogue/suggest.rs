//! `GET /suggest?q=…`: the autocomplete under the search box (JSON, eight at most).

use crate::html::{parts, product_url};
use crate::site::Site;
use crate::store::catalogue::{Filter, Sort, Words};
use crate::{ShopError, ShopState};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Q {
    q: Option<String>,
}

#[derive(Serialize)]
pub struct Suggestion {
    pub name: String,
    pub url: String,
    pub price: String,
}

pub async fn suggest(State(state): State<ShopState>, site: Site, Query(q): Query<Q>) -> Result<Response, ShopError> {
    let Some(words) = q.q.as_deref().and_then(Words::parse) else {
        return Ok(Json(Vec::<Suggestion>::new()).into_response());
    };
    let mut f = Filter {
        words: Some(words),
        sort: Sort::Relevance,
        limit: 8,
        count: false,
        ..Filter::default()
    };
    let cards = super::find(&state, &site, &mut f).await?.0.cards;
    let list: Vec<Suggestion> = cards
        .iter()
        .map(|c| Suggestion {
            name: c.name.clone(),
            url: product_url(&c.id, &c.name),
            price: parts::rupiah(site.settings.gross(c.price)),
        })
        .collect();
    let mut r = Json(list).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=30"));
    Ok(r)
}
