//! The warehouse's requests and answers: orders, transitions, packing, pick lists, label printers and jobs.

use super::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderFilter {
    /// Empty: every order.
    pub statuses: Vec<OrderStatus>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderId {
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderIds {
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OrderLineInput {
    pub product_id: String,
    pub quantity: i64,
}

/// What a courier will charge for these products in one parcel.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DeliveryQuoteRequest {
    pub courier_service: String,
    pub lines: Vec<OrderLineInput>,
}

/// A sale to deliver, taken at the counter (or typed in for a phone order).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewDeliveryOrder {
    pub customer_name: String,
    pub customer_phone: String,
    pub ship_name: String,
    pub ship_phone: String,
    pub ship_address: String,
    pub ship_city: String,
    pub ship_postal: String,
    pub courier_service: String,
    pub lines: Vec<OrderLineInput>,
    /// Paid at the counter already (else it waits for payment).
    pub paid: bool,
    pub sale_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TransitionRequest {
    pub id: String,
    pub to: Option<OrderStatus>,
    pub note: String,
    pub expected_version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PackScan {
    pub id: String,
    /// A scanned barcode or a typed SKU.
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PackResult {
    pub order: Order,
    /// The line the scan counted.
    pub line_no: i64,
    pub complete: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PackedWeight {
    pub id: String,
    pub weight_g: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct TrackingRequest {
    pub id: String,
    /// From the courier's receipt (scanned or typed); none makes one for the store's own delivery.
    pub tracking_no: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ShippingQuoteRequest {
    pub courier_service: String,
    pub weight_g: i64,
    pub length_mm: i64,
    pub width_mm: i64,
    pub height_mm: i64,
    pub distance_km: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShippingQuote {
    pub billable_kg: i64,
    /// The billable weight is the parcel's volume, not what it weighs (a guitar in its case).
    #[serde(default)]
    pub by_volume: bool,
    pub cost: i64,
    pub min_days: i64,
    pub max_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PickItem {
    pub product_id: String,
    /// The main photo's thumbnail: what to look for on the shelf.
    pub thumb: Option<String>,
    pub sku: String,
    pub name: String,
    pub barcode: Option<String>,
    pub quantity: i64,
    pub orders: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PickGroup {
    pub category: String,
    pub items: Vec<PickItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PickList {
    pub orders: Vec<String>,
    pub groups: Vec<PickGroup>,
}

/// This workstation's label printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelPrinter {
    pub stock: LabelStock,
    pub transport: pos_print::Transport,
}

impl Default for LabelPrinter {
    fn default() -> Self {
        LabelPrinter {
            stock: LabelStock::SHIPPING_203,
            transport: pos_print::Transport::None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelPreview {
    pub svg: String,
    pub label: ShippingLabel,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct LabelJobId {
    pub id: String,
}

pub use pos_store::label_jobs::LabelJob;
