//! The online shop's API: an order as the shop sends it, and the answer. Prices are the
//! catalogue's (the server's copy of what the back office synced); a price the shop sends must
//! match it or the order is refused.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopOrder {
    pub order_no: String,
    pub branch_code: String,
    pub customer: ShopCustomer,
    pub shipping: ShopAddress,
    pub courier_service: String,
    pub shipping_cost: i64,
    pub lines: Vec<ShopLine>,
    pub payment_status: PaymentStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Paid,
    Unpaid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopCustomer {
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopAddress {
    pub name: String,
    pub phone: String,
    pub address: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub postal: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopLine {
    pub product_id: String,
    /// Informative; the catalogue's SKU and name are what the order carries.
    #[serde(default)]
    pub sku: String,
    #[serde(default)]
    pub name: String,
    pub quantity: i64,
    /// The price the shop showed; when given it must be the catalogue's current price.
    #[serde(default)]
    pub unit_price: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopOrderAccepted {
    pub order_id: String,
    pub order_no: String,
    pub status: String,
    /// The order's total as the catalogue priced it (lines + shipping).
    #[serde(default)]
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopKeyRequest {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopKeyCreated {
    /// Shown once; the server keeps only its hash.
    pub key: String,
    pub id: String,
}

/// A shop key as the owner's list shows it (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopKeyInfo {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub revoked: bool,
    pub last_used_at: Option<i64>,
}
