//! `shop_settings` and `update_shop_settings` (owners and admins, at a terminal the owner trusts
//! with store-wide settings). The logo is set in `logo.rs`.

use crate::error::{CoreError, Result, bounded};
use crate::permissions::Permission;
use crate::{Core, json};
use pos_store::rusqlite::Connection;
use pos_store::settings;
use serde::{Deserialize, Serialize};

pub const DEFAULT_HOLD_MINUTES: i64 = 30;
pub const DEFAULT_ACCENT: &str = "#c1121f";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ShopSettings {
    /// The branch whose stock online orders are fulfilled from (its code, e.g. BDG1); empty: the
    /// store's first branch.
    pub branch: String,
    /// Units of each product kept back for the counter (never offered online).
    pub safety_stock: i64,
    /// How long a checkout holds its stock while the payment is due, in minutes (5 to 1 440).
    pub hold_minutes: i64,
    /// The shop's colour for buttons and links, `#rrggbb`.
    pub accent: String,
    /// A line under the store's name on the shop's pages.
    pub tagline: String,
    /// The logo's blob (a PNG's SHA-256), empty for none. Set by `set_shop_logo`; an update may
    /// only keep it or clear it.
    #[serde(default)]
    pub logo: String,
}

fn policy(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(settings::policy(conn, key)?)
}

pub(crate) fn load(conn: &Connection) -> Result<ShopSettings> {
    let number = |k: &str, d: i64| -> Result<i64> { Ok(policy(conn, k)?.and_then(|v| v.parse().ok()).unwrap_or(d)) };
    Ok(ShopSettings {
        branch: policy(conn, "shop_branch")?.unwrap_or_default(),
        safety_stock: number("shop_safety_stock", 0)?,
        hold_minutes: number("shop_hold_minutes", DEFAULT_HOLD_MINUTES)?,
        accent: policy(conn, "shop_accent")?.unwrap_or_else(|| DEFAULT_ACCENT.into()),
        tagline: policy(conn, "shop_tagline")?.unwrap_or_default(),
        logo: policy(conn, "shop_logo")?.unwrap_or_default(),
    })
}

fn checked(req: &ShopSettings) -> Result<ShopSettings> {
    let branch = req.branch.trim().to_uppercase();
    if branch.len() > 8 || !branch.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(CoreError::invalid(
            "branch",
            "A branch code is up to 8 letters or digits, like BDG1",
            "Kode cabang paling banyak 8 huruf atau angka, misalnya BDG1",
        ));
    }
    let accent = req.accent.trim().to_lowercase();
    if accent.len() != 7 || !accent.starts_with('#') || !accent[1..].bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CoreError::invalid(
            "accent",
            "The colour is written #rrggbb, like #c1121f",
            "Warna ditulis #rrggbb, misalnya #c1121f",
        ));
    }
    Ok(ShopSettings {
        branch,
        safety_stock: bounded(
            "safety_stock",
            ("Safety stock", "Stok pengaman"),
            req.safety_stock,
            0,
            1_000,
        )?,
        hold_minutes: bounded("hold_minutes", ("Hold time", "Waktu tahan"), req.hold_minutes, 5, 1_440)?,
        accent,
        tagline: crate::error::text("tagline", ("Tagline", "Slogan"), &req.tagline, 200, false)?,
        logo: req.logo.trim().to_string(),
    })
}

impl Core {
    pub fn shop_settings(&self, token: Option<&str>) -> Result<ShopSettings> {
        self.authorize(token, Permission::ManageCounter)?;
        self.read(load)
    }

    pub fn update_shop_settings(&self, token: Option<&str>, req: ShopSettings) -> Result<ShopSettings> {
        let s = self.authorize(token, Permission::ManageCounter)?;
        let new = checked(&req)?;
        self.write(|tx| {
            let before = load(tx)?;
            if !new.logo.is_empty() && new.logo != before.logo {
                return Err(CoreError::invalid(
                    "logo",
                    "Choose the logo's picture with its button",
                    "Pilih gambar logo dengan tombolnya",
                ));
            }
            self.save_shop_settings(tx, &s.user.id, before, new.clone())
        })
    }

    /// Writes the settings as policies every terminal and the shop follow, with their audit
    /// event; nothing when they did not change.
    pub(crate) fn save_shop_settings(
        &self,
        tx: &Connection,
        user: &str,
        before: ShopSettings,
        new: ShopSettings,
    ) -> Result<ShopSettings> {
        // Store-wide: only at a desk the owner trusts with them.
        crate::permissions::trusted_desk(tx)?;
        if before == new {
            return Ok(before);
        }
        settings::set_policy(tx, "shop_branch", &new.branch)?;
        settings::set_policy(tx, "shop_safety_stock", &new.safety_stock.to_string())?;
        settings::set_policy(tx, "shop_hold_minutes", &new.hold_minutes.to_string())?;
        settings::set_policy(tx, "shop_accent", &new.accent)?;
        settings::set_policy(tx, "shop_tagline", &new.tagline)?;
        settings::set_policy(tx, "shop_logo", &new.logo)?;
        // Text like every policy (the server and the shop read them so).
        let policies = serde_json::json!({
            "shop_branch": new.branch, "shop_safety_stock": new.safety_stock.to_string(),
            "shop_hold_minutes": new.hold_minutes.to_string(), "shop_accent": new.accent,
            "shop_tagline": new.tagline, "shop_logo": new.logo,
        });
        self.outbox(tx, user, "store_policies", "policies", &policies)?;
        self.audit(
            tx,
            Some(user),
            "settings.shop",
            ("shop", None),
            json(&before),
            json(&new),
        )?;
        Ok(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> ShopSettings {
        ShopSettings {
            branch: " bdg1 ".into(),
            safety_stock: 1,
            hold_minutes: 30,
            accent: "#C1121F".into(),
            tagline: "Rock on".into(),
            logo: String::new(),
        }
    }

    #[test]
    fn settings_are_checked_and_tidied() {
        let c = checked(&ok()).unwrap();
        assert_eq!((c.branch.as_str(), c.accent.as_str()), ("BDG1", "#c1121f"));
        for bad in [
            ShopSettings {
                branch: "BDG 1".into(),
                ..ok()
            },
            ShopSettings {
                safety_stock: -1,
                ..ok()
            },
            ShopSettings {
                hold_minutes: 4,
                ..ok()
            },
            ShopSettings {
                hold_minutes: 1_441,
                ..ok()
            },
            ShopSettings {
                accent: "red".into(),
                ..ok()
            },
            ShopSettings {
                accent: "#12345g".into(),
                ..ok()
            },
            ShopSettings {
                tagline: "x".repeat(201),
                ..ok()
            },
        ] {
            assert!(checked(&bad).is_err(), "{bad:?}");
        }
    }
}
