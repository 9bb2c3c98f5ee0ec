//! The courier services the shop offers and their prices from the store's rate table: the same
//! services and tariffs every terminal starts with (`migrations/local/V4__warehouse.sql`),
//! `base + per_kg × billable kg`, the billable weight the larger of the parcel's actual and
//! volumetric weight, rounded up to whole kilograms.

use crate::i18n::Lang;
use pos_domain::shipping::{Tariff, rate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The id terminals know (`pos_server::shop::orders::COURIER_SERVICES`).
    pub id: &'static str,
    pub courier: &'static str,
    pub service: &'static str,
    pub tariff: Tariff,
    pub min_days: i64,
    pub max_days: i64,
}

const fn tariff(base: i64, per_kg: i64) -> Tariff {
    Tariff {
        base,
        per_kg,
        per_km: 0,
        volume_factor: 5000,
    }
}

pub const SERVICES: [Service; 4] = [
    Service {
        id: "jne-reg",
        courier: "JNE",
        service: "REG",
        tariff: tariff(15_000, 5_000),
        min_days: 2,
        max_days: 3,
    },
    Service {
        id: "jne-yes",
        courier: "JNE",
        service: "YES",
        tariff: tariff(25_000, 8_000),
        min_days: 1,
        max_days: 1,
    },
    Service {
        id: "jnt-ez",
        courier: "J&T",
        service: "EZ",
        tariff: tariff(12_000, 4_000),
        min_days: 2,
        max_days: 4,
    },
    Service {
        id: "sicepat-reg",
        courier: "SiCepat",
        service: "REG",
        tariff: tariff(11_000, 4_500),
        min_days: 2,
        max_days: 3,
    },
];

pub fn find(id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.id == id)
}

impl Service {
    pub fn price(&self, billable_kg: i64) -> i64 {
        rate(&self.tariff, billable_kg, 0)
    }

    pub fn label(&self, lang: Lang) -> String {
        let days = if self.min_days == self.max_days {
            lang.pick(&format!("{} day", self.min_days), &format!("{} hari", self.min_days))
                .to_string()
        } else {
            lang.pick(
                &format!("{}–{} days", self.min_days, self.max_days),
                &format!("{}–{} hari", self.min_days, self.max_days),
            )
            .to_string()
        };
        format!("{} {} ({days})", self.courier, self.service)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_is_one_the_terminals_know_and_prices_by_the_kilo() {
        for s in SERVICES {
            assert!(pos_server::shop::orders::COURIER_SERVICES.contains(&s.id), "{}", s.id);
        }
        assert_eq!(find("jne-reg").unwrap().price(15), 15_000 + 15 * 5_000);
        assert!(find("teleport").is_none());
    }
}
