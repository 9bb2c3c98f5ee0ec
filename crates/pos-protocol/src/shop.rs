//! The online shop's API: an order as the shop sends it, and the answer. Prices are the
//! catalogue's (the server's copy of what the back office synced); a price the shop sends must
//! match it or the order is refused.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopOrder {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40, pattern = r"\S"))]
    pub order_no: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 8, pattern = r"\S"))]
    pub branch_code: String,
    pub customer: ShopCustomer,
    pub shipping: ShopAddress,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*(jne-reg|jne-yes|jnt-ez|sicepat-reg|own)\s*$")
    )]
    pub courier_service: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000000))]
    pub shipping_cost: i64,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub lines: Vec<ShopLine>,
    pub payment_status: PaymentStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Paid,
    Unpaid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopCustomer {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 30))]
    pub phone: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopAddress {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, pattern = r"\S"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 30, pattern = r"\S"))]
    pub phone: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300, pattern = r"\S"))]
    pub address: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub city: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10))]
    pub postal: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopLine {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub product_id: String,
    /// Informative; the catalogue's SKU and name are what the order carries.
    #[serde(default)]
    pub sku: String,
    #[serde(default)]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000))]
    pub quantity: i64,
    /// The price the shop showed; when given it must be the catalogue's current price.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub unit_price: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopOrderAccepted {
    pub order_id: String,
    pub order_no: String,
    pub status: String,
    /// The order's total as the catalogue priced it: lines, PPN where the store's prices exclude it,
    /// and shipping.
    #[serde(default)]
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopKeyRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80, pattern = r"\S"))]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopKeyCreated {
    /// Shown once; the server keeps only its hash.
    pub key: String,
    pub id: String,
}

/// A shop key as the owner's list shows it (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopKeyInfo {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub revoked: bool,
    pub last_used_at: Option<i64>,
}
