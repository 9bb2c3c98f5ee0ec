//! A booking's statuses, as the old booking app had them, and the only moves between them.
//!
//! ```text
//!  pencilled ─▶ waiting_dp ─▶ waiting_approval ─▶ accepted ─▶ done
//!      │            │  └──────(paid online)─────────▲ │
//!      ▼            ▼              │                  ▼
//!   refused      expired ◀── rejected ─(re-upload ≤ 1 h)─▶ waiting_approval
//!                               (any open one) ─▶ cancelled
//! ```

use serde::{Deserialize, Serialize};

/// How long a customer whose proof was rejected may upload another before the slot frees.
pub const REUPLOAD_MS: i64 = 60 * 60 * 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Made at a desk that was offline: not yet confirmed by the server.
    Pencilled,
    /// Holding its slot until the hold runs out, while the down payment is due.
    WaitingDp,
    /// A transfer proof was uploaded: staff check it.
    WaitingApproval,
    Accepted,
    /// The proof was refused: another may be uploaded within an hour, then the slot frees.
    Rejected,
    /// The service was given (its day passed): in history.
    Done,
    Cancelled,
    /// The hold ran out without a down payment (or a rejected proof was not replaced in time).
    Expired,
    /// A pencilled booking that lost its slot; the reason is kept with it.
    Refused,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 9] = [
        BookingStatus::Pencilled,
        BookingStatus::WaitingDp,
        BookingStatus::WaitingApproval,
        BookingStatus::Accepted,
        BookingStatus::Rejected,
        BookingStatus::Done,
        BookingStatus::Cancelled,
        BookingStatus::Expired,
        BookingStatus::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Pencilled => "pencilled",
            BookingStatus::WaitingDp => "waiting_dp",
            BookingStatus::WaitingApproval => "waiting_approval",
            BookingStatus::Accepted => "accepted",
            BookingStatus::Rejected => "rejected",
            BookingStatus::Done => "done",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Expired => "expired",
            BookingStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<BookingStatus> {
        BookingStatus::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Whether a booking in this status holds its slot (at the server; a hold may run out).
    pub fn holds_slot(self) -> bool {
        matches!(
            self,
            BookingStatus::WaitingDp
                | BookingStatus::WaitingApproval
                | BookingStatus::Accepted
                | BookingStatus::Rejected
        )
    }

    /// Whether a hold of this status runs out at its `hold_until`.
    pub fn expires(self) -> bool {
        matches!(self, BookingStatus::WaitingDp | BookingStatus::Rejected)
    }

    /// The moves a booking may make.
    pub fn may_become(self, next: BookingStatus) -> bool {
        use BookingStatus::*;
        matches!(
            (self, next),
            (Pencilled, WaitingDp | Accepted | Refused | Cancelled)
                | (WaitingDp, WaitingApproval | Accepted | Expired | Cancelled)
                | (WaitingApproval, Accepted | Rejected | Cancelled)
                | (Rejected, WaitingApproval | Expired | Cancelled)
                | (Accepted, Done | Cancelled)
        )
    }

    /// The status in words (English, Bahasa Indonesia).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            BookingStatus::Pencilled => ("Pencilled in, not yet confirmed", "Dicatat, belum dikonfirmasi"),
            BookingStatus::WaitingDp => ("Waiting for the down payment", "Menunggu DP"),
            BookingStatus::WaitingApproval => ("Payment proof being checked", "Bukti bayar sedang dicek"),
            BookingStatus::Accepted => ("Confirmed", "Dikonfirmasi"),
            BookingStatus::Rejected => ("Payment proof rejected", "Bukti bayar ditolak"),
            BookingStatus::Done => ("Done", "Selesai"),
            BookingStatus::Cancelled => ("Cancelled", "Dibatalkan"),
            BookingStatus::Expired => ("Expired unpaid", "Kedaluwarsa belum dibayar"),
            BookingStatus::Refused => ("Not possible: the time was taken", "Tidak bisa: waktunya sudah terisi"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_moves_only_go_forward() {
        for s in BookingStatus::ALL {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(s));
            assert!(!s.may_become(s), "{s:?} to itself is not a move");
            assert!(!s.may_become(BookingStatus::Pencilled));
        }
        use BookingStatus::*;
        assert!(WaitingDp.may_become(Accepted), "paid online needs no approval");
        assert!(Rejected.may_become(WaitingApproval));
        for end in [Done, Cancelled, Expired, Refused] {
            assert!(
                BookingStatus::ALL.iter().all(|n| !end.may_become(*n)),
                "{end:?} is final"
            );
        }
        assert!(!Accepted.may_become(WaitingDp));
    }
}
