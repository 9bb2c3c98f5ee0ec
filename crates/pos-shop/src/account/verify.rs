//! `GET /account/verify/{token}`: the link in the verification mail, once, within 24 hours.

use crate::html;
use crate::site::Site;
use crate::store::customers::{self, Purpose};
use crate::{ShopError, ShopState, visitor};
use axum::extract::{Path, State};
use axum::response::Response;
use maud::html;

pub async fn verify(
    State(state): State<ShopState>,
    site: Site,
    Path(token): Path<String>,
) -> Result<Response, ShopError> {
    let t = |en, id| site.t(en, id);
    let db = state.app.pool.get().await?;
    let done = match customers::use_link(&db, &visitor::hash(&token), Purpose::Verify).await? {
        Some(id) => {
            customers::set_verified(&db, id).await?;
            true
        }
        None => false,
    };
    let body = html! {
        @if done {
            h1 { (t("Your email is verified", "Email Anda sudah terverifikasi")) }
            p { a.button href="/account/signin" { (t("Sign in", "Masuk")) } }
        } @else {
            h1 { (t("This link cannot be used", "Tautan ini tidak bisa dipakai")) }
            p { (t("It was used already or it expired. Sign in to get a new one.",
                   "Tautan sudah dipakai atau kedaluwarsa. Masuk untuk mendapatkan yang baru.")) }
            p { a href="/account/signin" { (t("Sign in", "Masuk")) } }
        }
    };
    Ok(html::own_page(
        &site,
        t("Verify your email", "Verifikasi email"),
        0,
        body,
        false,
    ))
}
