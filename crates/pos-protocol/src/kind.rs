//! What a record or a change is about.

/// The kinds of record a terminal pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// A stock count session opened at a branch.
    CountOpened,
    /// A scan or a typed count in a session.
    CountEntry,
    /// A session posted or cancelled (once: its id is the session's).
    CountClosed,
    /// Goods received from a supplier (its lines' stock movements come as their own records).
    GoodsReceipt,
    /// Goods sent back to a supplier (likewise).
    SupplierReturn,
    /// An order to a supplier: reference data, drafted, sent or cancelled.
    PurchaseOrder,
    /// A product's photos, in order (blob hashes; the files travel as blobs).
    ProductPhotos,
    Product,
    Category,
    Supplier,
    Customer,
    User,
    StoreProfile,
    StorePolicies,
    /// A room, teacher, photographer or bench that services are booked on (reference data).
    BookingResource,
    /// A bookable service with its packages and rules (reference data).
    BookingService,
    /// A desk asks for a booking (pencilled while offline); the server confirms or refuses it.
    BookingRequest,
    /// A desk moves a booking: accepts or rejects a proof, records a down payment, cancels,
    /// reschedules, marks it done.
    BookingEvent,
    /// A booking as the server holds it now (made by the server only; each change sends it whole).
    Booking,
}

impl Kind {
    pub const ALL: [Kind; 29] = [
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
        Kind::CountOpened,
        Kind::CountEntry,
        Kind::CountClosed,
        Kind::GoodsReceipt,
        Kind::SupplierReturn,
        Kind::PurchaseOrder,
        Kind::ProductPhotos,
        Kind::Product,
        Kind::Category,
        Kind::Supplier,
        Kind::Customer,
        Kind::User,
        Kind::StoreProfile,
        Kind::StorePolicies,
        Kind::BookingResource,
        Kind::BookingService,
        Kind::BookingRequest,
        Kind::BookingEvent,
        Kind::Booking,
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
            Kind::CountOpened => "count_opened",
            Kind::CountEntry => "count_entry",
            Kind::CountClosed => "count_closed",
            Kind::GoodsReceipt => "goods_receipt",
            Kind::SupplierReturn => "supplier_return",
            Kind::PurchaseOrder => "purchase_order",
            Kind::ProductPhotos => "product_photos",
            Kind::Product => "product",
            Kind::Category => "category",
            Kind::Supplier => "supplier",
            Kind::Customer => "customer",
            Kind::User => "user",
            Kind::StoreProfile => "store_profile",
            Kind::StorePolicies => "store_policies",
            Kind::BookingResource => "booking_resource",
            Kind::BookingService => "booking_service",
            Kind::BookingRequest => "booking_request",
            Kind::BookingEvent => "booking_event",
            Kind::Booking => "booking",
        }
    }

    /// The protocol version that introduced the kind: a terminal that speaks an older one is not
    /// sent it (it could not apply it), and reads the log again from the start once updated.
    pub fn since(self) -> u32 {
        match self {
            Kind::BookingResource
            | Kind::BookingService
            | Kind::BookingRequest
            | Kind::BookingEvent
            | Kind::Booking => 3,
            _ => 2,
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
                | Kind::PurchaseOrder
                | Kind::ProductPhotos
                | Kind::Category
                | Kind::Supplier
                | Kind::Customer
                | Kind::User
                | Kind::StoreProfile
                | Kind::StorePolicies
                | Kind::BookingResource
                | Kind::BookingService
        )
    }
}

/// What a change in the store's log is: a record some device pushed (or the server made on the
/// shop's behalf), or one of the server's own findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Record(Kind),
    /// A product sold below zero once every terminal's ledger met.
    Oversold,
    /// A record set aside, in conflict or overwritten: for the owner's review list.
    SyncIssue,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Record(k) => k.as_str(),
            ChangeKind::Oversold => "oversold",
            ChangeKind::SyncIssue => "sync_issue",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeKind> {
        match s {
            "oversold" => Some(ChangeKind::Oversold),
            "sync_issue" => Some(ChangeKind::SyncIssue),
            other => Kind::parse(other).map(ChangeKind::Record),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(ChangeKind::parse(k.as_str()), Some(ChangeKind::Record(k)));
        }
        assert_eq!(ChangeKind::parse("oversold"), Some(ChangeKind::Oversold));
        assert_eq!(ChangeKind::parse("nope"), None);
    }
}
