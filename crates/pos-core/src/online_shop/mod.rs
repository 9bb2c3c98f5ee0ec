//! What the owner decides about the online shop, kept as store policies (`shop_*`) that sync to
//! the hosted server, where the shop (`crates/pos-shop`) reads them: which branch's stock online
//! orders are fulfilled from, a safety stock kept back for the counter, how long a checkout holds
//! its stock while the payment is due, and the shop's colour, tagline and logo.

pub mod logo;
pub mod settings;
