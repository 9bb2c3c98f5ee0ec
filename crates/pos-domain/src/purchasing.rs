//! Buying from suppliers: a purchase order's line amounts and PPN input tax, where an order stands
//! from what was received, the moving-average cost a receipt gives a product, landed costs split
//! over a receipt's lines, and the reorder suggestion. Pure arithmetic in whole rupiah.

use crate::money::allocate;
use serde::{Deserialize, Serialize};

/// Most units one purchase-order line, receipt line or supplier return line may hold.
pub const MAX_UNITS: i64 = 100_000;
/// Largest unit cost (Rp 10 billion: more than any instrument a music shop buys).
pub const MAX_UNIT_COST: i64 = 10_000_000_000;

/// Where a purchase order stands. `Draft`, `Sent` and `Cancelled` are decided by people; `Partly
/// received` and `Received` follow from the receipts, so two terminals receiving one order
/// offline agree once they have met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PoStatus {
    Draft,
    Sent,
    PartlyReceived,
    Received,
    Cancelled,
}

impl PoStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PoStatus::Draft => "draft",
            PoStatus::Sent => "sent",
            PoStatus::PartlyReceived => "partly_received",
            PoStatus::Received => "received",
            PoStatus::Cancelled => "cancelled",
        }
    }

    /// The status people set (what is stored and synced): draft, sent or cancelled.
    pub fn parse_decided(s: &str) -> Option<PoStatus> {
        match s {
            "draft" => Some(PoStatus::Draft),
            "sent" => Some(PoStatus::Sent),
            "cancelled" => Some(PoStatus::Cancelled),
            _ => None,
        }
    }

    /// What the order shows: the decided status, and for a sent order what the receipts say.
    /// `lines` is (ordered, received) per line.
    pub fn shown(decided: PoStatus, lines: &[(i64, i64)]) -> PoStatus {
        if decided != PoStatus::Sent {
            return decided;
        }
        let any = lines.iter().any(|(_, r)| *r > 0);
        let all = !lines.is_empty() && lines.iter().all(|(o, r)| r >= o);
        match (any, all) {
            (_, true) => PoStatus::Received,
            (true, false) => PoStatus::PartlyReceived,
            _ => PoStatus::Sent,
        }
    }
}

/// A line's amount before PPN: quantity × unit cost less the line discount (basis points, 0 to
/// 10 000), rounded half up to the rupiah.
pub fn line_amount(quantity: i64, unit_cost: i64, discount_bp: i64) -> i64 {
    let gross = quantity as i128 * unit_cost as i128;
    let net = gross * (10_000 - discount_bp as i128);
    ((net + 5_000) / 10_000) as i64
}

/// PPN input tax on an amount at `rate_bp` (1 100 = 11 %), rounded half up, once per document.
pub fn ppn_input(amount: i64, rate_bp: i64) -> i64 {
    ((amount as i128 * rate_bp as i128 + 5_000) / 10_000) as i64
}

/// The cost of one unit after a receipt, by moving average over what is on hand.
///
/// Negative-stock rule: when the branch has sold below zero (on hand ≤ 0 before the receipt), the
/// units sold short already left at the old cost; averaging them in would weigh a cost against
/// units that are not there. The received units then set the cost alone. Otherwise the average is
/// (on hand × old cost + received × unit cost) ÷ (on hand + received), rounded half up.
pub fn moving_average(on_hand: i64, old_cost: i64, received: i64, unit_cost: i64) -> i64 {
    if received <= 0 {
        return old_cost;
    }
    if on_hand <= 0 {
        return unit_cost;
    }
    let value = on_hand as i128 * old_cost as i128 + received as i128 * unit_cost as i128;
    let units = (on_hand + received) as i128;
    ((2 * value + units) / (2 * units)) as i64
}

/// How landed costs (freight, duties) are split over a receipt's lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LandedSplit {
    /// In proportion to each line's amount (cheap strings carry little of the freight).
    #[default]
    Value,
    /// In proportion to each line's weight (a drum kit carries more than a box of picks); lines of
    /// products with no weight fall back to value when every line has none.
    Weight,
}

/// Each line's share of `landed` (whole rupiah, adding up exactly). `lines` is (amount, weight in
/// grams × quantity) per line.
pub fn split_landed(landed: i64, by: LandedSplit, lines: &[(i64, i64)]) -> Vec<i64> {
    let weights: Vec<i64> = match by {
        LandedSplit::Weight if lines.iter().any(|(_, w)| *w > 0) => lines.iter().map(|(_, w)| *w).collect(),
        _ => lines.iter().map(|(a, _)| *a).collect(),
    };
    if weights.iter().all(|w| *w == 0) {
        // Free goods: split by count of lines.
        return allocate(landed, &vec![1; lines.len()]);
    }
    allocate(landed, &weights)
}

/// A unit's landed cost: its line's amount plus its share of landed costs, per unit, rounded
/// half up.
pub fn landed_unit_cost(amount: i64, share: i64, quantity: i64) -> i64 {
    if quantity <= 0 {
        return 0;
    }
    let total = (amount + share) as i128;
    ((2 * total + quantity as i128) / (2 * quantity as i128)) as i64
}

/// What to order of a product: enough to cover the minimum stock plus the next 30 days' demand,
/// less what is on hand and on order. Demand is the faster of the last 30 days and the last 90
/// days' monthly average, so a product that sold out (and so sold nothing lately) is not
/// forgotten and a seasonal burst is not ignored. Zero when nothing is needed.
pub fn reorder_quantity(on_hand: i64, on_order: i64, min_stock: i64, sold_30: i64, sold_90: i64) -> i64 {
    let monthly = sold_30.max((sold_90 + 2) / 3).max(0);
    let target = min_stock.max(0) + monthly;
    (target - on_hand.max(0) - on_order.max(0)).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_receipts() {
        assert_eq!(PoStatus::shown(PoStatus::Sent, &[(5, 0), (2, 0)]), PoStatus::Sent);
        assert_eq!(
            PoStatus::shown(PoStatus::Sent, &[(5, 1), (2, 0)]),
            PoStatus::PartlyReceived
        );
        assert_eq!(PoStatus::shown(PoStatus::Sent, &[(5, 5), (2, 3)]), PoStatus::Received);
        assert_eq!(PoStatus::shown(PoStatus::Cancelled, &[(5, 5)]), PoStatus::Cancelled);
        assert_eq!(PoStatus::shown(PoStatus::Draft, &[(5, 0)]), PoStatus::Draft);
        assert_eq!(PoStatus::parse_decided("received"), None, "derived, never stored");
    }

    #[test]
    fn amounts_round_once() {
        assert_eq!(line_amount(3, 1_000_001, 0), 3_000_003);
        assert_eq!(line_amount(1, 999, 1_000), 899, "899.1 rounds down");
        assert_eq!(line_amount(1, 995, 1_000), 896, "895.5 rounds up");
        assert_eq!(ppn_input(1_000_000, 1_100), 110_000);
        assert_eq!(ppn_input(1_005, 1_100), 111, "110.55 rounds up");
    }

    #[test]
    fn moving_average_and_the_negative_stock_rule() {
        // 4 on hand at 1 000 000, 6 received at 1 100 000: (4 000 000 + 6 600 000) / 10.
        assert_eq!(moving_average(4, 1_000_000, 6, 1_100_000), 1_060_000);
        assert_eq!(moving_average(1, 100, 2, 101), 101, "300.5/3 → 100.67 → 101");
        // Sold two below zero: the received units set the cost.
        assert_eq!(moving_average(-2, 1_000_000, 5, 1_200_000), 1_200_000);
        assert_eq!(moving_average(0, 1_000_000, 5, 1_200_000), 1_200_000);
        assert_eq!(moving_average(3, 500, 0, 900), 500);
    }

    #[test]
    fn landed_costs_add_up() {
        let lines = [(9_000_000, 4_000), (1_000_000, 100), (0, 0)];
        let by_value = split_landed(100_001, LandedSplit::Value, &lines);
        assert_eq!(by_value.iter().sum::<i64>(), 100_001);
        assert_eq!(by_value, vec![90_001, 10_000, 0]);
        let by_weight = split_landed(41_000, LandedSplit::Weight, &lines);
        assert_eq!(by_weight, vec![40_000, 1_000, 0]);
        // No weights at all: by value.
        assert_eq!(split_landed(10, LandedSplit::Weight, &[(3, 0), (1, 0)]), vec![8, 2]);
        assert_eq!(split_landed(10, LandedSplit::Value, &[(0, 0), (0, 0)]), vec![5, 5]);
        assert_eq!(landed_unit_cost(9_000_000, 90_001, 3), 3_030_000);
    }

    #[test]
    fn reorder_covers_minimum_and_a_month() {
        assert_eq!(reorder_quantity(2, 0, 5, 10, 12), 13);
        assert_eq!(reorder_quantity(2, 10, 5, 10, 12), 3, "what is on order counts");
        assert_eq!(
            reorder_quantity(0, 0, 3, 0, 30),
            13,
            "sold out lately: the 90 days speak"
        );
        assert_eq!(reorder_quantity(50, 0, 5, 10, 12), 0);
        assert_eq!(reorder_quantity(-4, 0, 2, 0, 0), 2, "below zero counts as empty");
    }
}
