//! `GET /book/{slug}?package=…&day=…`: a service's page. Its packages with price, length, what is
//! included and the down payment; the next two weeks' free dates; the free times of the chosen day
//! as a form (a signed-in customer books with one press; a visitor is asked to sign in first).

use super::{clock, wib};
use crate::html::{self, Head, parts};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use maud::html;
use pos_domain::bookings::{BookingService, Slot};
use pos_server::store::booking_setup;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
pub struct ServiceQuery {
    pub package: Option<String>,
    pub day: Option<String>,
}

/// Days shown at once.
const DAYS: i64 = 14;

pub async fn page(
    State(state): State<ShopState>,
    site: Site,
    Path(slug): Path<String>,
    Query(q): Query<ServiceQuery>,
) -> Result<Response, ShopError> {
    let service = find(&state, &site, &slug).await?;
    render(&state, &site, &service, q.package.as_deref(), q.day.as_deref(), None).await
}

pub async fn find(state: &ShopState, site: &Site, slug: &str) -> Result<BookingService, ShopError> {
    let db = state.app.pool.get().await?;
    booking_setup::by_slug(&db, site.store, slug)
        .await?
        .filter(|s| s.active && s.online)
        .ok_or(ShopError::NotFound)
}

/// The page, with the reason a booking was refused when there is one.
pub async fn render(
    state: &ShopState,
    site: &Site,
    service: &BookingService,
    package: Option<&str>,
    day: Option<&str>,
    problem: Option<&ShopError>,
) -> Result<Response, ShopError> {
    let package = package
        .and_then(|p| service.package(p))
        .or(service.packages.first())
        .ok_or(ShopError::NotFound)?;
    let now = chrono::Utc::now().timestamp_millis();
    let (first, _) = service.window.days(now);
    let slots = {
        let db = state.app.pool.get().await?;
        pos_server::bookings::slots::free(
            &db,
            site.store,
            service,
            &package.id,
            first,
            first + chrono::Duration::days(DAYS - 1),
            now,
        )
        .await?
    };
    let mut by_day: BTreeMap<NaiveDate, Vec<&Slot>> = BTreeMap::new();
    for s in &slots {
        by_day
            .entry(pos_domain::clock::wib_date_of_ms(s.start_ms))
            .or_default()
            .push(s);
    }
    let likes = {
        let db = state.app.pool.get().await?;
        let ids: Vec<String> = service.portfolio.iter().map(|w| w.id.clone()).collect();
        pos_server::store::portfolio_likes::counts(&db, site.store, &ids, &site.visitor.hash()).await?
    };
    let page_url = format!(
        "{}/book/{}",
        state
            .config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", site.host)),
        service.slug
    );
    let chosen = day
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .filter(|d| by_day.contains_key(d))
        .or_else(|| by_day.keys().next().copied());
    let t = |en, id| site.t(en, id);
    let dp = service.deposit.on(package.price);
    let here = format!("/book/{}", service.slug);
    let body = html! {
        p { a href="/book" { (t("All services", "Semua layanan")) } }
        h1 { (service.name) }
        @for para in service.description.split("\n\n").filter(|p| !p.trim().is_empty()) {
            p { (para) }
        }
        (parts::problem(site, problem))
        h2 { (t("Packages", "Paket")) }
        ul.packages {
            @for p in &service.packages {
                li.chosen[p.id == package.id] {
                    a href={ (here) "?package=" (html::urlencode(&p.id)) } aria-current=[(p.id == package.id).then_some("true")] {
                        strong { (p.name) }
                    }
                    " · " (parts::rupiah(p.price)) " · " (duration(site, p.duration_min))
                    @if !p.included.trim().is_empty() {
                        ul { @for line in p.included.lines().filter(|l| !l.trim().is_empty()) { li { (line) } } }
                    }
                }
            }
        }
        p {
            (t("Down payment to confirm: ", "DP untuk konfirmasi: ")) strong { (parts::rupiah(dp)) }
            ". "
            (site.lang.pick(
                &format!("An unpaid booking is held {} minutes. Bookings are taken from tomorrow.", service.hold_minutes),
                &format!("Booking yang belum dibayar ditahan {} menit. Booking diterima mulai besok.", service.hold_minutes)))
        }
        (super::portfolio::section(site, service, &page_url, &likes))
        h2 { (t("Free dates", "Tanggal tersedia")) }
        @if by_day.is_empty() {
            p { (t("No free time in the next two weeks: ask us in the chat.", "Tidak ada waktu kosong dua minggu ke depan: tanya kami lewat chat.")) }
        }
        ul.days {
            @for (d, list) in &by_day {
                li {
                    a href={ (here) "?package=" (html::urlencode(&package.id)) "&day=" (d.format("%Y-%m-%d")) }
                        aria-current=[(Some(*d) == chosen).then_some("true")] {
                        (wib(site, pos_domain::bookings::slots::wib_midnight_ms(*d)).split(' ').take(2).collect::<Vec<_>>().join(" "))
                    }
                    " " small { "(" (list.len()) ")" }
                }
            }
        }
        @if let Some(d) = chosen {
            h2 { (t("Free times on ", "Jam tersedia pada ")) (d.format("%d-%m-%Y")) }
            @match &site.customer {
                None => p {
                    a.button href={ "/account/signin?next=" (html::urlencode(&site.path)) } { (t("Sign in to book", "Masuk untuk booking")) }
                    " " (t("(or register: it takes a minute)", "(atau daftar: hanya semenit)"))
                },
                Some(_) => form method="post" action=(here) {
                    (parts::csrf(site))
                    input type="hidden" name="package" value=(package.id);
                    input type="hidden" name="request" value=(uuid::Uuid::now_v7());
                    fieldset {
                        legend { (t("Time (WIB)", "Jam (WIB)")) }
                        @for (i, s) in by_day.get(&d).into_iter().flatten().enumerate() {
                            label {
                                input type="radio" name="start" value=(s.start_ms) required checked[i == 0];
                                " " (clock(s.start_ms)) "–" (clock(s.end_ms))
                            }
                        }
                    }
                    label for="note" { (t("Anything we should know (optional)", "Catatan untuk kami (opsional)")) }
                    textarea #note name="note" maxlength="2000" rows="3" {}
                    button.primary type="submit" { (t("Book", "Booking")) }
                },
            }
        }
    };
    let count = crate::catalogue::cart_count(state, site).await?;
    let mut r = html::page(
        site,
        Head {
            title: &service.name,
            description: &service.name,
            canonical: Some(&here),
            noindex: false,
        },
        count,
        body,
    );
    if let Some(p) = problem {
        *r.status_mut() = p.status();
    }
    Ok(r)
}

fn duration(site: &Site, minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let (en, id) = match (h, m) {
        (0, m) => (format!("{m} minutes"), format!("{m} menit")),
        (h, 0) => (format!("{h} h"), format!("{h} jam")),
        (h, m) => (format!("{h} h {m} min"), format!("{h} jam {m} menit")),
    };
    site.lang.pick(&en, &id).to_string()
}
