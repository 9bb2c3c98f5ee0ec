//! A service: its packages, down payment, past work, and the rules it is booked and cancelled by.

use super::{SetupError, err, id_ok, name_ok};
use crate::bookings::{BookingWindow, ServiceShape};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ServicePackage {
    pub id: String,
    pub name: String,
    /// Whole rupiah, PPN as the store prices.
    pub price: i64,
    pub duration_min: i64,
    /// What is included, one item per line (shown on the shop and the invoice).
    pub included: String,
}

/// A piece of past work shown on the service's page: a photo (and its thumbnail), and maybe a
/// recording or video kept elsewhere (an https link).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PortfolioItem {
    pub id: String,
    pub title: String,
    pub caption: String,
    /// Blob hashes (SHA-256, hex) of the picture and its thumbnail.
    pub photo: String,
    pub thumb: String,
    pub link: String,
}

/// Most pieces of work one service shows.
pub const MAX_PORTFOLIO: usize = 60;

fn blob_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The down payment: a share of the price (basis points) or a fixed amount, whichever is set.
#[derive(Debug, Clone, Default, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Deposit {
    pub percent_bp: i64,
    pub amount: i64,
}

impl Deposit {
    /// The down payment on `price`: never more than the price, rounded up to whole rupiah.
    pub fn on(self, price: i64) -> i64 {
        let dp = if self.amount > 0 {
            self.amount
        } else {
            ((i128::from(price.max(0)) * i128::from(self.percent_bp) + 9_999) / 10_000) as i64
        };
        dp.clamp(0, price.max(0))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BookingService {
    pub id: String,
    /// The shop's address for it (`/book/{slug}`).
    pub slug: String,
    pub name: String,
    pub kind: super::ServiceKind,
    pub description: String,
    /// The resources that can give it, in the order they are offered.
    pub resource_ids: Vec<String>,
    pub packages: Vec<ServicePackage>,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub step_min: i64,
    pub deposit: Deposit,
    pub window: BookingWindow,
    /// How long an unpaid booking holds its slot.
    pub hold_minutes: i64,
    /// Cancelled at least this many days before: the down payment is refunded in full; later,
    /// `late_refund_bp` of it.
    pub free_cancel_days: i64,
    pub late_refund_bp: i64,
    /// Offered on the shop.
    pub online: bool,
    pub active: bool,
    /// Past work, in the order shown (the owner curates it).
    #[serde(default)]
    pub portfolio: Vec<PortfolioItem>,
}

impl BookingService {
    pub fn validate(&self) -> Result<(), SetupError> {
        if !id_ok(&self.id) {
            return Err(err("id", "A service needs an id.", "Layanan perlu id."));
        }
        if !name_ok(&self.name) {
            return Err(err(
                "name",
                "A name of 1 to 120 characters.",
                "Nama 1 sampai 120 karakter.",
            ));
        }
        let slug_ok = !self.slug.is_empty()
            && self.slug.len() <= 60
            && self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug_ok {
            return Err(err(
                "slug",
                "The web address is 1 to 60 lowercase letters, digits and dashes.",
                "Alamat web 1 sampai 60 huruf kecil, angka dan tanda minus.",
            ));
        }
        if self.description.chars().count() > 4_000 {
            return Err(err(
                "description",
                "At most 4 000 characters.",
                "Paling banyak 4.000 karakter.",
            ));
        }
        if self.resource_ids.is_empty() || self.resource_ids.len() > 50 {
            return Err(err(
                "resource_ids",
                "Choose the resources that give this service.",
                "Pilih sumber daya yang memberikan layanan ini.",
            ));
        }
        if self.packages.is_empty() || self.packages.len() > 30 {
            return Err(err("packages", "1 to 30 packages.", "1 sampai 30 paket."));
        }
        for p in &self.packages {
            let ok = id_ok(&p.id)
                && name_ok(&p.name)
                && (0..=crate::money::MAX_AMOUNT).contains(&p.price)
                && (15..=7 * 24 * 60).contains(&p.duration_min)
                && p.included.chars().count() <= 2_000;
            if !ok {
                return Err(err(
                    "packages",
                    "Each package has a name, a price and 15 minutes to 7 days.",
                    "Setiap paket punya nama, harga, dan durasi 15 menit sampai 7 hari.",
                ));
            }
        }
        let minutes = |m: i64| (0..=24 * 60).contains(&m);
        if !(minutes(self.buffer_before_min) && minutes(self.buffer_after_min)) {
            return Err(err("buffers", "Buffers of 0 to 24 hours.", "Jeda 0 sampai 24 jam."));
        }
        if !(5..=24 * 60).contains(&self.step_min) {
            return Err(err(
                "step_min",
                "Starts every 5 minutes to 24 hours.",
                "Jarak mulai 5 menit sampai 24 jam.",
            ));
        }
        if !(0..=10_000).contains(&self.deposit.percent_bp) || self.deposit.amount < 0 {
            return Err(err(
                "deposit",
                "A down payment of 0–100 % or an amount.",
                "DP 0–100 % atau nominal.",
            ));
        }
        if !(5..=7 * 24 * 60).contains(&self.hold_minutes) {
            return Err(err(
                "hold_minutes",
                "An unpaid booking is held 5 minutes to 7 days.",
                "Booking belum dibayar ditahan 5 menit sampai 7 hari.",
            ));
        }
        if self.portfolio.len() > MAX_PORTFOLIO {
            return Err(err(
                "portfolio",
                "At most 60 pieces of work.",
                "Paling banyak 60 karya.",
            ));
        }
        for w in &self.portfolio {
            let ok = id_ok(&w.id)
                && name_ok(&w.title)
                && w.caption.chars().count() <= 1_000
                && blob_hash(&w.photo)
                && blob_hash(&w.thumb)
                && (w.link.is_empty()
                    || (w.link.starts_with("https://")
                        && w.link.len() <= 500
                        && !w.link.contains(char::is_whitespace)));
            if !ok {
                return Err(err(
                    "portfolio",
                    "Each piece of work has a title, a photo, and maybe an https link.",
                    "Setiap karya punya judul, foto, dan bila ada tautan https.",
                ));
            }
        }
        if !(0..=365).contains(&self.free_cancel_days) || !(0..=10_000).contains(&self.late_refund_bp) {
            return Err(err(
                "cancellation",
                "Cancellation rules: 0–365 days, 0–100 % refunded late.",
                "Aturan pembatalan: 0–365 hari, 0–100 % dikembalikan.",
            ));
        }
        Ok(())
    }

    pub fn package(&self, id: &str) -> Option<&ServicePackage> {
        self.packages.iter().find(|p| p.id == id)
    }

    pub fn shape(&self, package: &ServicePackage) -> ServiceShape {
        ServiceShape {
            duration_min: package.duration_min,
            buffer_before_min: self.buffer_before_min,
            buffer_after_min: self.buffer_after_min,
            step_min: self.step_min,
        }
    }

    /// The down payment refunded when cancelled at `now_ms` for a booking starting at `start_ms`.
    pub fn refund_on_cancel(&self, dp_paid: i64, now_ms: i64, start_ms: i64) -> i64 {
        let days = (crate::clock::wib_date_of_ms(start_ms) - crate::clock::wib_date_of_ms(now_ms)).num_days();
        if days >= self.free_cancel_days {
            dp_paid
        } else {
            (i128::from(dp_paid) * i128::from(self.late_refund_bp) / 10_000) as i64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BookingResource, DayHours, ResourceKind, ServiceKind};
    use super::*;

    pub fn studio() -> BookingService {
        BookingService {
            id: "svc-studio".into(),
            slug: "studio-a".into(),
            name: "Studio A".into(),
            kind: ServiceKind::Studio,
            description: String::new(),
            resource_ids: vec!["room-a".into()],
            packages: vec![ServicePackage {
                id: "1h".into(),
                name: "1 jam".into(),
                price: 150_000,
                duration_min: 60,
                included: "Drum, 2 ampli gitar, 1 ampli bass".into(),
            }],
            buffer_before_min: 0,
            buffer_after_min: 15,
            step_min: 60,
            deposit: Deposit {
                percent_bp: 3_333,
                amount: 0,
            },
            window: BookingWindow::default(),
            hold_minutes: 30,
            free_cancel_days: 2,
            late_refund_bp: 5_000,
            online: true,
            active: true,
            portfolio: vec![],
        }
    }

    #[test]
    fn a_portfolio_names_its_pictures_by_hash_and_links_only_to_https() {
        let mut s = studio();
        s.portfolio.push(PortfolioItem {
            id: "w1".into(),
            title: "Rekaman Seringai".into(),
            caption: String::new(),
            photo: "a".repeat(64),
            thumb: "b".repeat(64),
            link: "https://example.com/rekaman".into(),
        });
        assert!(s.validate().is_ok());
        s.portfolio[0].link = "javascript:alert(1)".into();
        assert_eq!(s.validate().unwrap_err().field, "portfolio");
        s.portfolio[0].link = String::new();
        s.portfolio[0].photo = "../etc/passwd".into();
        assert_eq!(s.validate().unwrap_err().field, "portfolio");
    }

    #[test]
    fn a_down_payment_is_rounded_up_and_never_above_the_price() {
        let d = Deposit {
            percent_bp: 3_333,
            amount: 0,
        };
        assert_eq!(d.on(150_000), 49_995);
        assert_eq!(d.on(100_001), 33_331, "33 330.33 rounded up");
        let fixed = Deposit {
            percent_bp: 0,
            amount: 500_000,
        };
        assert_eq!(fixed.on(300_000), 300_000);
    }

    #[test]
    fn bad_set_ups_are_refused_with_the_field() {
        assert!(studio().validate().is_ok());
        let mut s = studio();
        s.slug = "Studio A".into();
        assert_eq!(s.validate().unwrap_err().field, "slug");
        let mut s = studio();
        s.packages[0].price = -1;
        assert_eq!(s.validate().unwrap_err().field, "packages");
        let mut s = studio();
        s.step_min = 0;
        assert_eq!(s.validate().unwrap_err().field, "step_min");
        let r = BookingResource {
            id: "room-a".into(),
            name: "Studio A".into(),
            kind: ResourceKind::Room,
            capacity: 1,
            hours: vec![
                Some(DayHours {
                    open_min: 600,
                    close_min: 540
                });
                7
            ],
            closed: vec![],
            active: true,
        };
        assert_eq!(r.validate().unwrap_err().field, "hours");
    }

    #[test]
    fn a_late_cancellation_refunds_its_share() {
        let s = studio();
        let day = 86_400_000;
        let start = 1_800_000_000_000;
        assert_eq!(s.refund_on_cancel(50_000, start - 3 * day, start), 50_000);
        assert_eq!(s.refund_on_cancel(50_000, start - day, start), 25_000);
    }
}
