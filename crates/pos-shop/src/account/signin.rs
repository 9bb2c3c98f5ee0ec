//! `GET /account/signin`, `POST /account/signin` and `POST /account/signout`. A failed attempt is
//! counted before the password is checked (a burst of parallel guesses gets no more than five);
//! an email without an account is checked against a dummy hash and answered in the same words.
//! Signing in makes a new session (never the one a visitor came with), and this browser's cart
//! becomes the account's, with what the account left in another browser added to it.

use super::{
    MAX_FAILURES, MAX_FAILURES_ANYWHERE, base_url, check_budget, clear_cookie, email, email_key, session_cookie,
    session_token,
};
use crate::html::{self, parts};
use crate::i18n::local_path;
use crate::mail::{Mail, dispatch};
use crate::site::Site;
use crate::store::customers::{self, Purpose};
use crate::visitor::{hash, random_token};
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use pos_server::store::login_failures;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    csrf: Option<String>,
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Next {
    next: Option<String>,
}

fn render(site: &Site, f: &SignInForm, problem: Option<&ShopError>) -> Response {
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Sign in", "Masuk")) }
        (parts::problem(site, problem))
        form.stack method="post" action="/account/signin" {
            (parts::csrf(site))
            input type="hidden" name="next" value=(f.next.as_deref().map_or("/account".to_string(), |n| local_path(Some(n))));
            label for="email" { (t("Email", "Email")) }
            input #email name="email" type="email" required maxlength="254" autocomplete="email" value=(f.email.clone().unwrap_or_default());
            label for="password" { (t("Password", "Kata sandi")) }
            input #password name="password" type="password" required maxlength="200" autocomplete="current-password";
            p { button.primary type="submit" { (t("Sign in", "Masuk")) } }
        }
        p { a href="/account/forgot" { (t("Forgot your password?", "Lupa kata sandi?")) } }
        p { (t("New here?", "Baru di sini?")) " " a href="/account/register" { (t("Create an account", "Buat akun")) } }
    };
    html::own_page(site, t("Sign in", "Masuk"), 0, body, problem.is_some())
}

pub async fn form(site: Site, Query(q): Query<Next>) -> Response {
    render(
        &site,
        &SignInForm {
            next: q.next,
            ..SignInForm::default()
        },
        None,
    )
}

fn wrong() -> ShopError {
    ShopError::bad("The email or the password is wrong.", "Email atau kata sandi salah.")
}

fn locked() -> ShopError {
    ShopError::bad(
        "Too many wrong passwords for this email. Wait 15 minutes, or reset the password.",
        "Terlalu banyak kata sandi salah untuk email ini. Tunggu 15 menit, atau atur ulang kata sandi.",
    )
}

pub async fn sign_in(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<SignInForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let Ok(email) = email(f.email.as_deref()) else {
        return Ok(render(&site, &f, Some(&wrong())));
    };
    let password = f.password.clone().unwrap_or_default();
    if password.len() > 1024 {
        return Ok(render(&site, &f, Some(&wrong())));
    }
    if let Err(e) = check_budget(&state, &site).await {
        return Ok(render(&site, &f, Some(&e)));
    }
    let key = email_key(&site, &email);
    let account = {
        let db = state.app.pool.get().await?;
        let counts = login_failures::count_attempt(&db, &key, &site.client).await?;
        let open = counts.iter().all(|(who, n, is_locked)| {
            let max = if who == login_failures::ANYWHERE {
                MAX_FAILURES_ANYWHERE
            } else {
                MAX_FAILURES
            };
            !is_locked && *n <= max
        });
        if !open {
            return Ok(render(&site, &f, Some(&locked())));
        }
        customers::by_email(&db, site.store, &email).await?
    };
    let hashed = account
        .as_ref()
        .map_or(pos_server::owner::NO_ACCOUNT_HASH.to_string(), |a| {
            a.password_hash.clone()
        });
    let ok = state
        .app
        .limits
        .hash(move || pos_server::owner::verify_password(&password, &hashed))
        .await?;
    let db = state.app.pool.get().await?;
    let Some(c) = account.filter(|_| ok) else {
        login_failures::lock_reached(&db, &key, &site.client, MAX_FAILURES, MAX_FAILURES_ANYWHERE).await?;
        return Ok(render(&site, &f, Some(&wrong())));
    };
    login_failures::forgive(&db, &key, &site.client).await?;
    if !c.verified {
        let token = random_token();
        customers::new_link(&db, &hash(&token), c.id, Purpose::Verify, 24 * 60).await?;
        let link = format!("{}/account/verify/{token}", base_url(&state, &site));
        dispatch(
            state.mailer.clone(),
            Mail::verify(&c.email, &site.settings.store_name, &link),
        );
        return Ok(render(
            &site,
            &f,
            Some(&ShopError::bad(
                "Verify your email first: we sent you a new link.",
                "Verifikasi email Anda dulu: kami mengirim tautan baru.",
            )),
        ));
    }
    let token = random_token();
    customers::open_session(&db, &hash(&token), c.id, super::SESSION_DAYS).await?;
    customers::claim_cart(&db, site.store, c.id, &site.visitor.hash()).await?;
    // So does this browser's chat: the account finds it from any browser.
    pos_server::store::chat_conversations::claim(&db, site.store, c.id, &site.visitor.hash()).await?;
    if let Some(old) = session_token(&headers) {
        customers::close_session(&db, &hash(&old)).await?;
    }
    let mut r = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, local_path(f.next.as_deref().or(Some("/account"))))],
    )
        .into_response();
    if let Some(cookie) = session_cookie(&token, site.secure) {
        r.headers_mut().append(header::SET_COOKIE, cookie);
    }
    html::with_visitor(&site, &mut r);
    Ok(r)
}

#[derive(Debug, Default, Deserialize)]
pub struct SignOutForm {
    csrf: Option<String>,
}

pub async fn sign_out(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<SignOutForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    if let Some(token) = session_token(&headers) {
        customers::close_session(&state.app.pool.get().await?, &hash(&token)).await?;
    }
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
    r.headers_mut().append(header::SET_COOKIE, clear_cookie());
    Ok(r)
}
