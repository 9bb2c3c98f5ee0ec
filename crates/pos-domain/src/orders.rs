//! The order flow as a state machine: which steps an order to deliver may take. The warehouse's
//! use cases, every terminal applying a pulled step, and the sync server judging a pushed one all
//! ask [`OrderStatus::can_become`].

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    Picking,
    Packed,
    Shipped,
    Delivered,
    Cancelled,
    Backordered,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::AwaitingPayment,
        OrderStatus::Paid,
        OrderStatus::Picking,
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Backordered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Picking => "picking",
            OrderStatus::Packed => "packed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Backordered => "backordered",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The transitions the order flow allows (the old shop's flowchart): payment, picking, packing,
    /// shipping, delivery; back one step to re-pick or re-pack; a backorder waits for stock;
    /// cancel until it has left the building.
    pub fn can_become(self, to: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, to),
            (AwaitingPayment, Paid)
                | (AwaitingPayment, Cancelled)
                | (Paid, Picking)
                | (Paid, Backordered)
                | (Paid, Cancelled)
                | (Backordered, Paid)
                | (Backordered, Cancelled)
                | (Picking, Packed)
                | (Picking, Paid)
                | (Picking, Cancelled)
                | (Packed, Shipped)
                | (Packed, Picking)
                | (Packed, Cancelled)
                | (Shipped, Delivered)
        )
    }

    /// Stock is held for the order in these states.
    pub fn holds_stock(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid | OrderStatus::Picking | OrderStatus::Packed | OrderStatus::Backordered
        )
    }
}
