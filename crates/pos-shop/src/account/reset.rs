//! `GET/POST /account/forgot` (the same answer whatever the email; a link valid one hour, once) and
//! `GET/POST /account/reset/{token}` (a new password; every session of the account ends).

use super::{base_url, check_budget, email, mail_budget, password};
use crate::html::{self, parts};
use crate::mail::{Mail, dispatch};
use crate::site::Site;
use crate::store::customers::{self, Purpose};
use crate::visitor::{hash, random_token};
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

fn forgot_page(site: &Site, e: Option<&ShopError>) -> Response {
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Forgot your password?", "Lupa kata sandi?")) }
        (parts::problem(site, e))
        form.stack method="post" action="/account/forgot" {
            (parts::csrf(site))
            label for="email" { (t("Your account's email", "Email akun Anda")) }
            input #email name="email" type="email" required maxlength="254" autocomplete="email";
            p { button.primary type="submit" { (t("Send me a link", "Kirimi saya tautan")) } }
        }
    };
    html::own_page(
        site,
        t("Forgot your password?", "Lupa kata sandi?"),
        0,
        body,
        e.is_some(),
    )
}

pub async fn forgot_form(site: Site) -> Response {
    forgot_page(&site, None)
}

#[derive(Debug, Default, Deserialize)]
pub struct ForgotForm {
    csrf: Option<String>,
    email: Option<String>,
}

pub async fn forgot(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<ForgotForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let email = match email(f.email.as_deref()) {
        Ok(e) => e,
        Err(e) => return Ok(forgot_page(&site, Some(&e))),
    };
    if let Err(e) = mail_budget(&state, &site).await {
        return Ok(forgot_page(&site, Some(&e)));
    }
    let db = state.app.pool.get().await?;
    if let Some(c) = customers::by_email(&db, site.store, &email).await? {
        let token = random_token();
        customers::new_link(&db, &hash(&token), c.id, Purpose::Reset, 60).await?;
        let link = format!("{}/account/reset/{token}", base_url(&state, &site));
        dispatch(
            state.mailer.clone(),
            Mail::reset(&c.email, &site.settings.store_name, &link),
        );
    }
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Check your email", "Periksa email Anda")) }
        p role="status" { (site.lang.pick(
            &format!("If {email} has an account here, a link to choose a new password is on its way. It works once, for an hour."),
            &format!("Jika {email} punya akun di sini, tautan untuk membuat kata sandi baru sedang dikirim. Tautan berlaku sekali, selama satu jam."))) }
    };
    Ok(html::own_page(
        &site,
        t("Check your email", "Periksa email Anda"),
        0,
        body,
        false,
    ))
}

fn reset_page(site: &Site, token: &str, alive: bool, e: Option<&ShopError>) -> Response {
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Choose a new password", "Buat kata sandi baru")) }
        (parts::problem(site, e))
        @if alive {
            form.stack method="post" action={ "/account/reset/" (token) } {
                (parts::csrf(site))
                label for="password" { (t("New password (10 characters or more)", "Kata sandi baru (10 karakter atau lebih)")) }
                input #password name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password";
                p { button.primary type="submit" { (t("Save the password", "Simpan kata sandi")) } }
            }
        } @else {
            p { (t("This link was used already or it expired.", "Tautan ini sudah dipakai atau kedaluwarsa.")) " "
                a href="/account/forgot" { (t("Ask for a new one", "Minta yang baru")) } }
        }
    };
    html::own_page(
        site,
        t("Choose a new password", "Buat kata sandi baru"),
        0,
        body,
        e.is_some() || !alive,
    )
}

pub async fn reset_form(
    State(state): State<ShopState>,
    site: Site,
    Path(token): Path<String>,
) -> Result<Response, ShopError> {
    let alive = customers::link_alive(&state.app.pool.get().await?, &hash(&token), Purpose::Reset).await?;
    Ok(reset_page(&site, &token, alive, None))
}

#[derive(Debug, Default, Deserialize)]
pub struct ResetForm {
    csrf: Option<String>,
    password: Option<String>,
}

pub async fn reset(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<ResetForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let password = match password(f.password.as_deref()) {
        Ok(p) => p,
        Err(e) => return Ok(reset_page(&site, &token, true, Some(&e))),
    };
    check_budget(&state, &site).await?;
    let hashed = state
        .app
        .limits
        .hash(move || pos_server::owner::hash_password(&password))
        .await??;
    let db = state.app.pool.get().await?;
    let Some(customer) = customers::use_link(&db, &hash(&token), Purpose::Reset).await? else {
        return Ok(reset_page(&site, &token, false, None));
    };
    customers::set_password(&db, customer, &hashed).await?;
    customers::close_all(&db, customer).await?;
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Your password is changed", "Kata sandi Anda sudah diganti")) }
        p { (t("You are signed out everywhere.", "Anda keluar dari semua perangkat.")) " " a href="/account/signin" { (t("Sign in", "Masuk")) } }
    };
    Ok(html::own_page(
        &site,
        t("Your password is changed", "Kata sandi Anda sudah diganti"),
        0,
        body,
        false,
    ))
}
