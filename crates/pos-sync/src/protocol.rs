//! The sync wire format, version 1. JSON over HTTPS, request bodies gzip-compressed.
//!
//! Push: a terminal sends its outbox rows in order, numbered by a gap-free per-device sequence.
//! Pull: the server answers a page of its per-store change log after a cursor. Both ends use the
//! types here; the server also uses the validators, so a record is judged the same everywhere.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const PROTOCOL_VERSION: u32 = 1;
/// Most records in one push.
pub const MAX_BATCH: usize = 1000;
/// Largest push body after decompression.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Largest single record payload (a sale of 500 lines fits in about 200 KiB).
pub const MAX_PAYLOAD_BYTES: usize = 512 * 1024;
/// Most changes in one pull page.
pub const MAX_PAGE: i64 = 5000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub protocol: u32,
    pub device_id: String,
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// This device's outbox sequence: 1, 2, 3, ... without gaps.
    pub seq: i64,
    pub kind: String,
    /// The fact's or entity's id (UUIDv7 made on the device; "store"/"policies" for singletons).
    pub id: String,
    /// When the device wrote it (UTC ms).
    pub at: i64,
    pub payload: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored for the first time.
    Applied,
    /// The same fact (same id, same content) was already stored, e.g. from a retried push.
    Duplicate,
    /// The same id arrived before with different content: kept the first, reported this one.
    Conflict,
    /// Failed validation or authorisation: kept aside for the owner, the queue goes on.
    SetAside,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Duplicate => "duplicate",
            Status::Conflict => "conflict",
            Status::SetAside => "set_aside",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "applied" => Status::Applied,
            "duplicate" => Status::Duplicate,
            "conflict" => Status::Conflict,
            "set_aside" => Status::SetAside,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub seq: i64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The highest sequence of this device the server holds; everything up to it may leave the outbox.
    pub acked: i64,
    pub results: Vec<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the store's change log.
    pub seq: i64,
    pub kind: String,
    pub id: String,
    /// The device that pushed it (None for what the server made: oversold flags, sync issues).
    pub origin: Option<String>,
    /// For reference data, the server's version of the entity after this change.
    pub version: i64,
    pub payload: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// The cursor to ask from next time (the last position this page covered).
    pub next: i64,
    /// The store's newest position when this page was read: progress is next / head.
    pub head: i64,
    pub more: bool,
    /// The highest of this device's sequences the server holds: below what it once acknowledged,
    /// the server was restored from a backup and the device sends the rest again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked: Option<i64>,
    /// The stamp of the log row at `next`, to send with the next pull (see `rewind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<i64>,
    /// The row at the asked position does not carry the stamp the device sent: the log is not the
    /// one the cursor was read from (the server was restored from a backup). Read again from 0.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rewind: bool,
    /// Whether the owner trusts this device with owner and admin accounts (it may change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manages_staff: Option<bool>,
}

/// Every error the server answers: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// On a sequence gap: the highest sequence the server holds, so the device resends after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sale,
    Return,
    StockMovement,
    ShiftOpened,
    ShiftClosed,
    CashMovement,
    AuditEvent,
    ChatMessage,
    /// An order to deliver (from the online shop through the server, or made at a counter).
    Order,
    /// A step of an order's flow (paid, picking, packed, shipped, ...).
    OrderEvent,
    Product,
    Category,
    Supplier,
    Customer,
    User,
    StoreProfile,
    StorePolicies,
}

impl Kind {
    pub const ALL: [Kind; 17] = [
        Kind::Sale,
        Kind::Return,
        Kind::StockMovement,
        Kind::ShiftOpened,
        Kind::ShiftClosed,
        Kind::CashMovement,
        Kind::AuditEvent,
        Kind::ChatMessage,
        Kind::Order,
        Kind::OrderEvent,
        Kind::Product,
        Kind::Category,
        Kind::Supplier,
        Kind::Customer,
        Kind::User,
        Kind::StoreProfile,
        Kind::StorePolicies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sale => "sale",
            Kind::Return => "return",
            Kind::StockMovement => "stock_movement",
            Kind::ShiftOpened => "shift_opened",
            Kind::ShiftClosed => "shift_closed",
            Kind::CashMovement => "cash_movement",
            Kind::AuditEvent => "audit_event",
            Kind::ChatMessage => "chat_message",
            Kind::Order => "order",
            Kind::OrderEvent => "order_event",
            Kind::Product => "product",
            Kind::Category => "category",
            Kind::Supplier => "supplier",
            Kind::Customer => "customer",
            Kind::User => "user",
            Kind::StoreProfile => "store_profile",
            Kind::StorePolicies => "store_policies",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Facts are append-only and stored once by id; the rest is reference data merged by field.
    pub fn is_fact(self) -> bool {
        !matches!(
            self,
            Kind::Product
                | Kind::Category
                | Kind::Supplier
                | Kind::Customer
                | Kind::User
                | Kind::StoreProfile
                | Kind::StorePolicies
        )
    }
}

/// Change kinds the server itself writes into the log.
pub const OVERSOLD: &str = "oversold";
pub const SYNC_ISSUE: &str = "sync_issue";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the body is not valid JSON for a push: {0}")]
    Json(String),
    #[error("protocol version {0} is not supported (this server speaks {PROTOCOL_VERSION})")]
    Protocol(u32),
    #[error("a push holds at most {MAX_BATCH} records, this one {0}")]
    TooMany(usize),
    #[error("records must be numbered 1, 2, 3, ... in order without gaps inside a batch (at {0})")]
    Order(i64),
    #[error("record {0}: {1}")]
    Record(i64, &'static str),
}

/// Decodes and checks the shape of a push body. Content rules per kind come later (a record that
/// breaks them is set aside, not refused with the batch).
pub fn decode_push(bytes: &[u8]) -> Result<PushRequest, DecodeError> {
    // Check the version before the shape, so an old or new client gets the real reason.
    #[derive(Deserialize)]
    struct Probe {
        protocol: Option<Value>,
    }
    if let Ok(Probe { protocol: Some(v) }) = serde_json::from_slice::<Probe>(bytes) {
        match v.as_u64() {
            Some(n) if n == PROTOCOL_VERSION as u64 => {}
            Some(n) => return Err(DecodeError::Protocol(n.min(u32::MAX as u64) as u32)),
            None => return Err(DecodeError::Json("protocol must be a number".into())),
        }
    }
    let req: PushRequest = serde_json::from_slice(bytes).map_err(|e| DecodeError::Json(e.to_string()))?;
    if req.records.len() > MAX_BATCH {
        return Err(DecodeError::TooMany(req.records.len()));
    }
    let mut prev: Option<i64> = None;
    for r in &req.records {
        if r.seq < 1 || prev.is_some_and(|p| r.seq != p + 1) {
            return Err(DecodeError::Order(r.seq));
        }
        prev = Some(r.seq);
        if r.id.is_empty() || r.id.len() > 64 {
            return Err(DecodeError::Record(r.seq, "the id must be 1 to 64 characters"));
        }
        if r.kind.is_empty() || r.kind.len() > 40 {
            return Err(DecodeError::Record(r.seq, "the kind must be 1 to 40 characters"));
        }
    }
    Ok(req)
}

/// A stable digest of a payload: serde_json's maps are sorted, so equal content gives equal bytes.
pub fn payload_hash(payload: &Value) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(serde_json::to_vec(payload).unwrap_or_default()).to_vec()
}

/// Who pushed a record, as the server knows it from the token.
#[derive(Debug, Clone)]
pub struct Pusher<'a> {
    pub branch: &'a str,
    pub terminal: &'a str,
}

/// One row of the stock ledger a fact implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: String,
    pub product_id: String,
    pub branch: String,
    pub quantity: i64,
    pub reason: String,
}

/// What the server needs from a valid fact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactView {
    pub ledger: Vec<LedgerRow>,
    /// For a sale: the sale id its ledger rows belong to (oversold flags point at it).
    pub sale_id: Option<String>,
    /// For a chat message: its conversation.
    pub conversation: Option<String>,
}

#[derive(Deserialize)]
struct SaleFact {
    id: String,
    branch: String,
    terminal: String,
    shift_id: String,
    total: i64,
    lines: Vec<SaleLineFact>,
}
#[derive(Deserialize)]
struct SaleLineFact {
    id: String,
    product_id: String,
    quantity: i64,
}
#[derive(Deserialize)]
struct ReturnFact {
    id: String,
    sale_id: String,
    branch: String,
    terminal: String,
    total: i64,
    lines: Vec<ReturnLineFact>,
}
#[derive(Deserialize)]
struct ReturnLineFact {
    id: String,
    product_id: String,
    quantity: i64,
}
#[derive(Deserialize)]
struct MovementFact {
    id: String,
    product_id: String,
    branch: String,
    quantity: i64,
    reason: String,
}
#[derive(Deserialize)]
struct ShiftFact {
    id: String,
    terminal: String,
    branch: String,
}
#[derive(Deserialize)]
struct CashFact {
    id: String,
    shift_id: String,
    amount: i64,
}
#[derive(Deserialize)]
struct AuditFact {
    id: String,
    action: String,
}
#[derive(Deserialize)]
struct OrderFact {
    id: String,
    order_no: String,
    branch: String,
    status: String,
    lines: Vec<OrderLineFact>,
}
#[derive(Deserialize)]
struct OrderLineFact {
    id: String,
    product_id: String,
    quantity: i64,
    unit_price: i64,
}
#[derive(Deserialize)]
struct OrderEventFact {
    id: String,
    order_id: String,
    to: String,
}
#[derive(Deserialize)]
struct ChatFact {
    id: String,
    conversation_id: String,
    author: String,
    body: String,
}

/// Largest quantity on one line or movement: more than any music shop moves at once.
pub const MAX_QUANTITY: i64 = 1_000_000;
const MOVEMENT_REASONS: [&str; 6] = ["opening", "count", "damage", "correction", "receipt", "shipment"];
const ORDER_STATUSES: [&str; 8] = [
    "awaiting_payment",
    "paid",
    "picking",
    "packed",
    "shipped",
    "delivered",
    "cancelled",
    "backordered",
];

fn id_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64
}

fn parse<T: serde::de::DeserializeOwned>(payload: &Value) -> Result<T, String> {
    T::deserialize(payload).map_err(|e| format!("malformed: {e}"))
}

/// Checks a fact record against its kind's rules and the pushing terminal, and says which ledger
/// rows it implies. An error is the reason it is set aside.
pub fn validate_fact(kind: Kind, id: &str, payload: &Value, by: &Pusher<'_>) -> Result<FactView, String> {
    let own = |branch: &str, terminal: Option<&str>| -> Result<(), String> {
        if branch != by.branch || terminal.is_some_and(|t| t != by.terminal) {
            return Err(format!(
                "recorded at {branch}/{} but pushed by {}/{}",
                terminal.unwrap_or("-"),
                by.branch,
                by.terminal
            ));
        }
        Ok(())
    };
    let same_id = |fid: &str| -> Result<(), String> {
        if fid != id {
            return Err("the payload's id differs from the record's".into());
        }
        Ok(())
    };
    let qty_ok = |q: i64, allow_negative: bool| q != 0 && (allow_negative || q > 0) && q.abs() <= MAX_QUANTITY;
    let mut view = FactView::default();
    match kind {
        Kind::Sale => {
            let s: SaleFact = parse(payload)?;
            same_id(&s.id)?;
            own(&s.branch, Some(&s.terminal))?;
            if s.lines.is_empty() || s.lines.len() > 500 || !id_ok(&s.shift_id) || s.total < 0 {
                return Err("a sale needs 1 to 500 lines, a shift and a total of zero or more".into());
            }
            for l in s.lines {
                if !qty_ok(l.quantity, false) || !id_ok(&l.id) || !id_ok(&l.product_id) {
                    return Err("a sale line needs an id, a product and a quantity of 1 or more".into());
                }
                view.ledger.push(LedgerRow {
                    id: l.id,
                    product_id: l.product_id,
                    branch: s.branch.clone(),
                    quantity: -l.quantity,
                    reason: "sale".into(),
                });
            }
            view.sale_id = Some(s.id);
        }
        Kind::Return => {
            let r: ReturnFact = parse(payload)?;
            same_id(&r.id)?;
            own(&r.branch, Some(&r.terminal))?;
            if r.lines.is_empty() || r.lines.len() > 500 || !id_ok(&r.sale_id) || r.total < 0 {
                return Err("a return needs 1 to 500 lines, the sale and a total of zero or more".into());
            }
            for l in r.lines {
                if !qty_ok(l.quantity, false) || !id_ok(&l.id) || !id_ok(&l.product_id) {
                    return Err("a return line needs an id, a product and a quantity of 1 or more".into());
                }
                view.ledger.push(LedgerRow {
                    id: l.id,
                    product_id: l.product_id,
                    branch: r.branch.clone(),
                    quantity: l.quantity,
                    reason: "return".into(),
                });
            }
        }
        Kind::StockMovement => {
            let m: MovementFact = parse(payload)?;
            same_id(&m.id)?;
            own(&m.branch, None)?;
            if !qty_ok(m.quantity, true) || !id_ok(&m.product_id) {
                return Err(format!(
                    "a stock movement needs a product and a quantity of ±1 to ±{MAX_QUANTITY}"
                ));
            }
            if !MOVEMENT_REASONS.contains(&m.reason.as_str()) {
                return Err(format!("unknown stock movement reason {:?}", m.reason));
            }
            view.ledger.push(LedgerRow {
                id: m.id,
                product_id: m.product_id,
                branch: m.branch,
                quantity: m.quantity,
                reason: m.reason,
            });
        }
        Kind::ShiftOpened | Kind::ShiftClosed => {
            // A closed shift may come wrapped as {shift, totals} from terminals before 2026-11-22.
            let s: ShiftFact = parse(payload.get("shift").unwrap_or(payload))?;
            same_id(&s.id)?;
            own(&s.branch, Some(&s.terminal))?;
        }
        Kind::CashMovement => {
            let c: CashFact = parse(payload)?;
            same_id(&c.id)?;
            if c.amount == 0 || c.amount.abs() > 10_000_000_000 || !id_ok(&c.shift_id) {
                return Err("a cash movement needs a shift and a non-zero amount".into());
            }
        }
        Kind::AuditEvent => {
            let a: AuditFact = parse(payload)?;
            same_id(&a.id)?;
            if a.action.is_empty() || a.action.len() > 100 {
                return Err("an audit event needs an action".into());
            }
        }
        Kind::ChatMessage => {
            let c: ChatFact = parse(payload)?;
            same_id(&c.id)?;
            let chars = c.body.chars().count();
            if !id_ok(&c.conversation_id) || c.author.is_empty() || c.author.len() > 200 || chars == 0 || chars > 4000 {
                return Err("a chat message needs a conversation, an author and 1 to 4000 characters".into());
            }
            view.conversation = Some(c.conversation_id);
        }
        Kind::Order => {
            let o: OrderFact = parse(payload)?;
            same_id(&o.id)?;
            own(&o.branch, None)?;
            if o.order_no.is_empty() || o.order_no.len() > 40 || !ORDER_STATUSES.contains(&o.status.as_str()) {
                return Err("an order needs a number and a known status".into());
            }
            check_order_lines(&o.lines)?;
        }
        Kind::OrderEvent => {
            let e: OrderEventFact = parse(payload)?;
            same_id(&e.id)?;
            if !id_ok(&e.order_id) || !ORDER_STATUSES.contains(&e.to.as_str()) {
                return Err("an order event needs the order and a known status".into());
            }
        }
        _ => return Err(format!("{} is not a fact", kind.as_str())),
    }
    Ok(view)
}

fn check_order_lines(lines: &[OrderLineFact]) -> Result<(), String> {
    if lines.is_empty() || lines.len() > 100 {
        return Err("an order needs 1 to 100 lines".into());
    }
    for l in lines {
        if !id_ok(&l.id) || !id_ok(&l.product_id) || !(1..=10_000).contains(&l.quantity) || l.unit_price < 0 {
            return Err("an order line needs an id, a product, a quantity of 1 to 10 000 and a price".into());
        }
    }
    Ok(())
}

/// An online order as the shop sends it to the server.
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
    /// "paid" or "unpaid".
    pub payment_status: String,
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
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
}

impl ShopOrder {
    /// Checks an online order and turns it into the order fact every terminal applies.
    pub fn to_fact(&self, id: &str, now: i64) -> Result<Value, String> {
        let text = |field: &str, v: &str, max: usize, required: bool| {
            let n = v.trim().chars().count();
            if (required && n == 0) || n > max {
                Err(format!("{field} must be {} to {max} characters", usize::from(required)))
            } else {
                Ok(v.trim().to_string())
            }
        };
        let order_no = text("order_no", &self.order_no, 40, true)?;
        text("branch_code", &self.branch_code, 8, true)?;
        text("customer.name", &self.customer.name, 100, true)?;
        text("shipping.name", &self.shipping.name, 100, true)?;
        text("shipping.phone", &self.shipping.phone, 30, true)?;
        text("shipping.address", &self.shipping.address, 300, true)?;
        text("shipping.city", &self.shipping.city, 80, false)?;
        text("shipping.postal", &self.shipping.postal, 10, false)?;
        text("courier_service", &self.courier_service, 40, true)?;
        if !(0..=100_000_000).contains(&self.shipping_cost) {
            return Err("shipping_cost is out of range".into());
        }
        let paid = match self.payment_status.as_str() {
            "paid" => true,
            "unpaid" => false,
            _ => return Err("payment_status must be paid or unpaid".into()),
        };
        if self.lines.is_empty() || self.lines.len() > 100 {
            return Err("an order needs 1 to 100 lines".into());
        }
        let mut lines = Vec::new();
        let mut subtotal: i64 = 0;
        for (i, l) in self.lines.iter().enumerate() {
            if !id_ok(&l.product_id)
                || !(1..=10_000).contains(&l.quantity)
                || !(0..=10_000_000_000).contains(&l.unit_price)
            {
                return Err(format!(
                    "line {}: a product, a quantity of 1 to 10 000 and a price are needed",
                    i + 1
                ));
            }
            text("lines.name", &l.name, 200, true)?;
            subtotal += l.quantity * l.unit_price;
            lines.push(serde_json::json!({
                "id": format!("{id}-{}", i + 1), "line_no": i + 1, "product_id": l.product_id, "sku": l.sku,
                "name": l.name, "quantity": l.quantity, "unit_price": l.unit_price, "packed": 0,
                "barcode": null, "category": "",
            }));
        }
        Ok(serde_json::json!({
            "id": id, "order_no": order_no, "source": "online",
            "status": if paid { "paid" } else { "awaiting_payment" },
            "branch": self.branch_code.trim().to_ascii_uppercase(),
            "customer_name": self.customer.name.trim(), "customer_phone": self.customer.phone.trim(),
            "customer_email": self.customer.email.trim(),
            "ship_name": self.shipping.name.trim(), "ship_phone": self.shipping.phone.trim(),
            "ship_address": self.shipping.address.trim(), "ship_city": self.shipping.city.trim(),
            "ship_postal": self.shipping.postal.trim(), "courier_service": self.courier_service.trim(),
            "shipping_cost": self.shipping_cost, "subtotal": subtotal, "total": subtotal + self.shipping_cost,
            "payment_status": if paid { "paid" } else { "unpaid" }, "packed_weight_g": null, "tracking_no": null,
            "parent_id": null, "note": "", "created_at": now, "updated_at": now, "version": 1,
            "lines": lines, "events": [],
        }))
    }
}

/// A change to reference data: the entity after the edit, which fields the edit touched, and the
/// server version the device had seen when it made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefEdit {
    pub state: serde_json::Map<String, Value>,
    /// None on creation (every field).
    #[serde(default)]
    pub changed: Option<Vec<String>>,
    #[serde(default)]
    pub base: i64,
}

/// Fields that are the device's own bookkeeping, never merged.
pub const LOCAL_FIELDS: [&str; 6] = [
    "version",
    "sync_version",
    "on_hand",
    "category_name",
    "product_count",
    "updated_at",
];

pub fn validate_ref(kind: Kind, id: &str, payload: &Value) -> Result<RefEdit, String> {
    let edit: RefEdit = parse(payload)?;
    if matches!(kind, Kind::StoreProfile | Kind::StorePolicies) {
        let want = if kind == Kind::StoreProfile {
            "store"
        } else {
            "policies"
        };
        if id != want {
            return Err(format!("the {} record's id must be {want:?}", kind.as_str()));
        }
    } else if edit.state.get("id").and_then(Value::as_str) != Some(id) {
        return Err("the payload's id differs from the record's".into());
    }
    if edit.state.len() > 64 || edit.changed.as_ref().is_some_and(|c| c.len() > 64) || edit.base < 0 {
        return Err("too many fields".into());
    }
    // The fields every terminal's schema requires, checked here so that no terminal is sent a
    // record it would refuse.
    let text = |k: &str, max: usize| match edit.state.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= max => Ok(()),
        _ => Err(format!("{k} must be text of 1 to {max} characters")),
    };
    let amount = |k: &str| match edit.state.get(k).map(Value::as_i64) {
        Some(Some(v)) if (0..=1_000_000_000_000).contains(&v) => Ok(()),
        _ => Err(format!("{k} must be a whole number of rupiah, 0 or more")),
    };
    match kind {
        Kind::Product => {
            text("sku", 64)?;
            text("name", 200)?;
            text("category_id", 64)?;
            amount("price")?;
            amount("cost")?;
        }
        Kind::Category | Kind::Supplier | Kind::Customer => text("name", 200)?,
        Kind::User => {
            text("email", 254)?;
            text("password_hash", 512)?;
            let role = edit.state.get("role").and_then(Value::as_str).unwrap_or("");
            if !["owner", "admin", "cashier", "warehouse"].contains(&role) {
                return Err(format!("unknown role {role:?}"));
            }
        }
        Kind::StoreProfile => text("name", 200)?,
        _ => {}
    }
    Ok(edit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(records: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({"protocol": 1, "device_id": "d", "records": records})).unwrap()
    }

    #[test]
    fn decode_checks_version_order_and_size() {
        let ok = body(json!([{"seq": 3, "kind": "sale", "id": "a", "at": 1, "payload": {}},
                             {"seq": 4, "kind": "sale", "id": "b", "at": 1, "payload": {}}]));
        assert_eq!(decode_push(&ok).unwrap().records.len(), 2);
        let gap = body(json!([{"seq": 3, "kind": "sale", "id": "a", "at": 1, "payload": {}},
                              {"seq": 5, "kind": "sale", "id": "b", "at": 1, "payload": {}}]));
        assert_eq!(decode_push(&gap), Err(DecodeError::Order(5)));
        let v2 = serde_json::to_vec(&json!({"protocol": 2, "device_id": "d", "records": []})).unwrap();
        assert_eq!(decode_push(&v2), Err(DecodeError::Protocol(2)));
        assert!(matches!(
            decode_push(b"{\"protocol\": 1, \"device_id\": 5}"),
            Err(DecodeError::Json(_))
        ));
        assert!(matches!(decode_push(b"\xff\x00"), Err(DecodeError::Json(_))));
        let many: Vec<Value> = (1..=1001)
            .map(|i| json!({"seq": i, "kind": "sale", "id": "a", "at": 1, "payload": {}}))
            .collect();
        assert_eq!(decode_push(&body(Value::Array(many))), Err(DecodeError::TooMany(1001)));
    }

    #[test]
    fn a_sale_from_another_terminal_is_refused() {
        let sale = json!({"id": "s1", "branch": "BDG", "terminal": "T1", "shift_id": "x", "total": 10,
                          "lines": [{"id": "l1", "product_id": "p", "quantity": 2}]});
        let here = Pusher {
            branch: "BDG",
            terminal: "T1",
        };
        let view = validate_fact(Kind::Sale, "s1", &sale, &here).unwrap();
        assert_eq!(view.ledger[0].quantity, -2);
        let there = Pusher {
            branch: "BDG",
            terminal: "T2",
        };
        assert!(validate_fact(Kind::Sale, "s1", &sale, &there).is_err());
        assert!(validate_fact(Kind::Sale, "s2", &sale, &here).is_err());
        let neg = json!({"id": "s1", "branch": "BDG", "terminal": "T1", "shift_id": "x", "total": 10,
                         "lines": [{"id": "l1", "product_id": "p", "quantity": -2}]});
        assert!(validate_fact(Kind::Sale, "s1", &neg, &here).is_err());
    }

    #[test]
    fn reference_records_need_what_every_terminal_requires() {
        let product = |price: Value| json!({"state": {"id": "p1", "sku": "S", "name": "N", "category_id": "c", "price": price, "cost": 1}});
        assert!(validate_ref(Kind::Product, "p1", &product(json!(5))).is_ok());
        assert!(validate_ref(Kind::Product, "p1", &product(json!(-5))).is_err());
        assert!(validate_ref(Kind::Product, "p1", &product(json!("5"))).is_err());
        assert!(
            validate_ref(Kind::Product, "p2", &product(json!(5))).is_err(),
            "id mismatch"
        );
        let user = json!({"state": {"id": "u", "email": "a@b", "password_hash": "h", "role": "root"}});
        assert!(validate_ref(Kind::User, "u", &user).is_err());
    }

    proptest::proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = decode_push(&bytes);
        }
    }
}
