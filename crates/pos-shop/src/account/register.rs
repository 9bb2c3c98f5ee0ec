//! `GET /account/register` and `POST /account/register`: name, email, phone and password. The
//! answer is the same whether or not the email has an account: a new one gets a link to verify
//! it (24 hours), an existing one is told by mail that someone tried.

use super::{base_url, check_budget, email, mail_budget, password};
use crate::html::{self, parts};
use crate::mail::{Mail, dispatch};
use crate::site::Site;
use crate::store::customers::{self, Purpose};
use crate::visitor::{hash, random_token};
use crate::{ShopError, ShopState};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct RegisterForm {
    csrf: Option<String>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    password: Option<String>,
}

fn render(site: &Site, f: &RegisterForm, problem: Option<&ShopError>) -> Response {
    let t = |en, id| site.t(en, id);
    let v = |x: &Option<String>| x.clone().unwrap_or_default();
    let body = html! {
        h1 { (t("Create an account", "Buat akun")) }
        (parts::problem(site, problem))
        form.stack method="post" action="/account/register" {
            (parts::csrf(site))
            label for="name" { (t("Full name", "Nama lengkap")) }
            input #name name="name" required maxlength="100" autocomplete="name" value=(v(&f.name));
            label for="email" { (t("Email", "Email")) }
            input #email name="email" type="email" required maxlength="254" autocomplete="email" value=(v(&f.email));
            label for="phone" { (t("Phone (WhatsApp)", "Telepon (WhatsApp)")) }
            input #phone name="phone" type="tel" required maxlength="30" autocomplete="tel" value=(v(&f.phone));
            label for="password" { (t("Password (10 characters or more)", "Kata sandi (10 karakter atau lebih)")) }
            input #password name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password";
            p { button.primary type="submit" { (t("Create account", "Buat akun")) } }
        }
        p { (t("Have an account?", "Sudah punya akun?")) " " a href="/account/signin" { (t("Sign in", "Masuk")) } }
    };
    html::own_page(site, t("Create an account", "Buat akun"), 0, body, problem.is_some())
}

pub async fn form(site: Site) -> Response {
    render(&site, &RegisterForm::default(), None)
}

pub async fn register(
    State(state): State<ShopState>,
    site: Site,
    headers: HeaderMap,
    Form(f): Form<RegisterForm>,
) -> Result<Response, ShopError> {
    site.visitor.check_post(&headers, f.csrf.as_deref().unwrap_or(""))?;
    let checked = (|| {
        let name = crate::fields::text(f.name.as_deref(), 100, true, "Name", "Nama")?;
        Ok((
            name,
            email(f.email.as_deref())?,
            crate::fields::phone(f.phone.as_deref())?,
            password(f.password.as_deref())?,
        ))
    })();
    let (name, email, phone, password) = match checked {
        Ok(v) => v,
        Err(e) => return Ok(render(&site, &f, Some(&e))),
    };
    if let Err(e) = async {
        mail_budget(&state, &site).await?;
        check_budget(&state, &site).await
    }
    .await
    {
        return Ok(render(&site, &f, Some(&e)));
    }
    let hashed = state
        .app
        .limits
        .hash(move || pos_server::owner::hash_password(&password))
        .await??;
    let db = state.app.pool.get().await?;
    let base = base_url(&state, &site);
    let store_name = site.settings.store_name.clone();
    match customers::insert(&db, site.store, &email, &name, &phone, &hashed).await? {
        Some(id) => {
            let token = random_token();
            customers::new_link(&db, &hash(&token), id, Purpose::Verify, 24 * 60).await?;
            dispatch(
                state.mailer.clone(),
                Mail::verify(&email, &store_name, &format!("{base}/account/verify/{token}")),
            );
        }
        None => dispatch(
            state.mailer.clone(),
            Mail::already_registered(&email, &store_name, &base),
        ),
    }
    Ok(sent(&site, &email))
}

/// "Check your email", the same whatever happened.
pub fn sent(site: &Site, email: &str) -> Response {
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Check your email", "Periksa email Anda")) }
        p role="status" { (site.lang.pick(
            &format!("We sent a message to {email}. Open the link in it to verify your account, then sign in."),
            &format!("Kami mengirim pesan ke {email}. Buka tautan di dalamnya untuk memverifikasi akun Anda, lalu masuk."))) }
        p { a href="/account/signin" { (t("Sign in", "Masuk")) } }
    };
    html::own_page(site, t("Check your email", "Periksa email Anda"), 0, body, false)
}
