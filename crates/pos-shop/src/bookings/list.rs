//! `GET /book`: the services the store takes bookings for online, with their lowest price.

use crate::html::{self, Head, parts};
use crate::site::Site;
use crate::{ShopError, ShopState};
use axum::extract::State;
use axum::response::Response;
use maud::html;
use pos_server::store::booking_setup;

pub async fn page(State(state): State<ShopState>, site: Site) -> Result<Response, ShopError> {
    let services = {
        let db = state.app.pool.get().await?;
        booking_setup::online(&db, site.store).await?
    };
    let t = |en, id| site.t(en, id);
    let body = html! {
        h1 { (t("Book a session", "Booking layanan")) }
        p { (t("Studio hours, lessons, repairs and photo sessions: choose a service, a date and a time.",
               "Jam studio, les, servis dan sesi foto: pilih layanan, tanggal dan jamnya.")) }
        @if services.is_empty() {
            p { (t("Nothing can be booked online yet.", "Belum ada layanan yang bisa dibooking online.")) }
        }
        ul.services {
            @for s in &services {
                @let (en, id) = s.kind.words();
                @let from = s.packages.iter().map(|p| p.price).min().unwrap_or(0);
                li {
                    h2 { a href={ "/book/" (s.slug) } { (s.name) } }
                    p { small { (site.lang.pick(en, id)) } }
                    p { (t("From ", "Mulai ")) strong { (parts::rupiah(from)) } }
                }
            }
        }
    };
    let count = crate::catalogue::cart_count(&state, &site).await?;
    Ok(html::page(
        &site,
        Head {
            title: t("Book a session", "Booking layanan"),
            description: t(
                "Book studio hours, lessons, repairs and photo sessions online.",
                "Booking jam studio, les, servis dan sesi foto secara online.",
            ),
            canonical: Some("/book"),
            noindex: false,
        },
        count,
        body,
    ))
}
