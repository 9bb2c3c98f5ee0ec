//! The past work on a service's page: each piece's photo (the thumbnail, opening the picture), its
//! title and caption, a link to a recording or video, its likes (a form: no JavaScript needed) and
//! ways to share it (WhatsApp, Facebook, X) pointing at its place on the page.

use crate::html::{parts, urlencode};
use crate::site::Site;
use maud::{Markup, html};
use pos_domain::bookings::BookingService;
use std::collections::HashMap;

pub fn section(site: &Site, service: &BookingService, page_url: &str, likes: &HashMap<String, (i64, bool)>) -> Markup {
    let t = |en, id| site.t(en, id);
    html! {
        @if !service.portfolio.is_empty() {
            h2 { (t("Past work", "Hasil karya")) }
            ul.portfolio {
                @for w in &service.portfolio {
                    @let (count, mine) = likes.get(&w.id).copied().unwrap_or((0, false));
                    @let share = urlencode(&format!("{page_url}#work-{}", w.id));
                    li id={ "work-" (w.id) } {
                        a href={ "/photos/" (w.photo) } { img src={ "/photos/" (w.thumb) } alt=(w.title) loading="lazy" width="320"; }
                        strong { (w.title) }
                        @if !w.caption.is_empty() { p { (w.caption) } }
                        @if !w.link.is_empty() {
                            p { a href=(w.link) rel="noopener noreferrer nofollow" target="_blank" { (t("Listen or watch", "Dengar atau tonton")) } }
                        }
                        form method="post" action={ "/book/" (service.slug) "/like" } {
                            (parts::csrf(site))
                            input type="hidden" name="item" value=(w.id);
                            button type="submit" aria-pressed=(if mine { "true" } else { "false" }) data-likes=(count) {
                                "♥ " (count) " " span.visually-hidden { (t("likes: like this", "suka: sukai ini")) }
                            }
                        }
                        p.share {
                            (t("Share: ", "Bagikan: "))
                            a href={ "https://wa.me/?text=" (share) } rel="noopener noreferrer" target="_blank" { "WhatsApp" }
                            " · "
                            a href={ "https://www.facebook.com/sharer/sharer.php?u=" (share) } rel="noopener noreferrer" target="_blank" { "Facebook" }
                            " · "
                            a href={ "https://twitter.com/intent/tweet?url=" (share) } rel="noopener noreferrer" target="_blank" { "X" }
                        }
                    }
                }
            }
        }
    }
}
