//! The vendor keys a terminal uses, read once by the shell at start from its environment (never
//! from or into the database, never logged): Midtrans for QRIS, one courier aggregator for live
//! rates and tracking.
//!
//! - `HURTROCK_MIDTRANS_SERVER_KEY` (and `HURTROCK_MIDTRANS_URL`, default the sandbox);
//! - `HURTROCK_BITESHIP_KEY` with `HURTROCK_BITESHIP_ORIGIN_POSTAL`, or `HURTROCK_RAJAONGKIR_KEY`
//!   with `HURTROCK_RAJAONGKIR_ORIGIN` (the store's destination id), each with an optional `…_URL`.

use crate::couriers::{Biteship, RajaOngkir, biteship, rajaongkir};
use crate::midtrans::{self, Midtrans};
use pos_core::counter::qris::PaymentGateway;
use pos_core::couriers::CourierApi;
use std::sync::Arc;

#[derive(Clone, PartialEq, Eq)]
pub struct Vendor {
    pub url: String,
    pub key: String,
}

#[derive(Clone, PartialEq, Eq)]
pub enum Courier {
    Biteship { vendor: Vendor, origin_postal: String },
    RajaOngkir { vendor: Vendor, origin: String },
}

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub midtrans: Option<Vendor>,
    pub courier: Option<Courier>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Which vendors, never their keys.
        let courier = self.courier.as_ref().map(|c| match c {
            Courier::Biteship { .. } => "Biteship",
            Courier::RajaOngkir { .. } => "RajaOngkir",
        });
        f.debug_struct("Keys")
            .field("midtrans", &self.midtrans.as_ref().map(|v| &v.url))
            .field("courier", &courier)
            .finish()
    }
}

impl Keys {
    pub fn from_env() -> Keys {
        Keys::from_vars(|k| std::env::var(k).ok())
    }

    /// From any source of variables (the environment, or a test's map); blank means unset.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Keys {
        let var = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let midtrans = var("HURTROCK_MIDTRANS_SERVER_KEY").map(|key| Vendor {
            url: var("HURTROCK_MIDTRANS_URL").unwrap_or_else(|| midtrans::SANDBOX.into()),
            key,
        });
        let courier = if let (Some(key), Some(origin_postal)) =
            (var("HURTROCK_BITESHIP_KEY"), var("HURTROCK_BITESHIP_ORIGIN_POSTAL"))
        {
            Some(Courier::Biteship {
                vendor: Vendor {
                    url: var("HURTROCK_BITESHIP_URL").unwrap_or_else(|| biteship::DEFAULT_URL.into()),
                    key,
                },
                origin_postal,
            })
        } else if let (Some(key), Some(origin)) = (var("HURTROCK_RAJAONGKIR_KEY"), var("HURTROCK_RAJAONGKIR_ORIGIN")) {
            Some(Courier::RajaOngkir {
                vendor: Vendor {
                    url: var("HURTROCK_RAJAONGKIR_URL").unwrap_or_else(|| rajaongkir::DEFAULT_URL.into()),
                    key,
                },
                origin,
            })
        } else {
            None
        };
        Keys { midtrans, courier }
    }

    pub fn payment_gateway(&self) -> Option<Arc<dyn PaymentGateway>> {
        let v = self.midtrans.as_ref()?;
        Some(Arc::new(Midtrans::new(&v.url, &v.key)))
    }

    pub fn courier_api(&self) -> Option<Arc<dyn CourierApi>> {
        Some(match self.courier.as_ref()? {
            Courier::Biteship { vendor, origin_postal } => {
                Arc::new(Biteship::new(&vendor.url, &vendor.key, origin_postal))
            }
            Courier::RajaOngkir { vendor, origin } => Arc::new(RajaOngkir::new(&vendor.url, &vendor.key, origin)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn keys(pairs: &[(&str, &str)]) -> Keys {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Keys::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn nothing_set_means_no_vendor() {
        let k = keys(&[("HURTROCK_MIDTRANS_SERVER_KEY", "  ")]);
        assert_eq!(k, Keys::default());
        assert!(k.payment_gateway().is_none() && k.courier_api().is_none());
    }

    #[test]
    fn biteship_wins_over_rajaongkir_and_needs_its_origin() {
        let k = keys(&[
            ("HURTROCK_RAJAONGKIR_KEY", "ro"),
            ("HURTROCK_RAJAONGKIR_ORIGIN", "31555"),
            ("HURTROCK_BITESHIP_KEY", "bs"),
        ]);
        assert_eq!(
            k.courier_api().unwrap().provider(),
            "RajaOngkir",
            "Biteship lacks its origin"
        );
        let k = keys(&[
            ("HURTROCK_RAJAONGKIR_KEY", "ro"),
            ("HURTROCK_RAJAONGKIR_ORIGIN", "31555"),
            ("HURTROCK_BITESHIP_KEY", "bs"),
            ("HURTROCK_BITESHIP_ORIGIN_POSTAL", "40154"),
        ]);
        assert_eq!(k.courier_api().unwrap().provider(), "Biteship");
    }

    #[test]
    fn debug_output_names_vendors_not_keys() {
        let k = keys(&[
            ("HURTROCK_MIDTRANS_SERVER_KEY", "SB-Mid-server-SECRET"),
            ("HURTROCK_BITESHIP_KEY", "biteship_live.SECRET"),
            ("HURTROCK_BITESHIP_ORIGIN_POSTAL", "40154"),
        ]);
        let d = format!("{k:?}");
        assert!(
            !d.contains("SECRET") && d.contains("Biteship") && d.contains("sandbox"),
            "{d}"
        );
    }
}
