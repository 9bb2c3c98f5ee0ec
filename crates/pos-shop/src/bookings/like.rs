//! `POST /book/{slug}/like`: a visitor likes a piece of past work on a service's page (one like
//! per visitor's cookie; a second press takes it back), then comes back to it on the page.

use super::service::find;
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use pos_server::store::portfolio_likes;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct LikeForm {
    pub csrf: Option<String>,
    pub item: Option<String>,
}

pub async fn like(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<LikeForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let service = find(&state, &site, &slug).await?;
    let item = f.item.unwrap_or_default();
    if !service.portfolio.iter().any(|w| w.id == item) {
        return Err(ShopError::NotFound);
    }
    let db = state.app.pool.get().await?;
    portfolio_likes::toggle(&db, site.store, &item, &site.visitor.hash()).await?;
    Ok(crate::html::see_other(&format!("/book/{}#work-{item}", service.slug)))
}
