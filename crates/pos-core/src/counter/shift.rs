//! Shifts: open with a float, pay cash in or out with a reason, an X report at any time and a Z
//! report at close with expected against counted cash. Selling needs an open shift.

use crate::error::{CoreError, Result, bounded, text};
use crate::permissions::Permission;
use crate::{Core, json};
use pos_domain::Money;
use pos_domain::money::MAX_AMOUNT;
use pos_store::shifts::{self, Shift, ShiftTotals};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct OpenShift {
    pub opening_float: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CashMovement {
    /// Positive: cash put into the drawer; negative: taken out.
    pub amount: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CloseShift {
    pub counted_cash: i64,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ShiftReport {
    pub shift: Shift,
    pub totals: ShiftTotals,
    /// counted − expected, at close.
    pub variance: Option<Money>,
    pub printed: bool,
    pub print_error: Option<String>,
}

impl Core {
    pub fn current_shift(&self, token: Option<&str>) -> Result<Option<Shift>> {
        self.authorize(token, Permission::Sell)?;
        self.read(|c| Ok(shifts::open_for(c, &Core::branch(c)?, &super::settings::terminal(c)?)?))
    }

    pub fn open_shift(&self, token: Option<&str>, req: OpenShift) -> Result<Shift> {
        let s = self.authorize(token, Permission::Sell)?;
        let float = bounded(
            "opening_float",
            ("Opening float", "Modal awal kas"),
            req.opening_float,
            0,
            MAX_AMOUNT,
        )?;
        self.write(|tx| {
            let terminal = super::settings::terminal(tx)?;
            if shifts::open_for(tx, &Core::branch(tx)?, &terminal)?.is_some() {
                return Err(CoreError::invalid(
                    "shift",
                    "A shift is already open on this terminal",
                    "Sudah ada shift terbuka di terminal ini",
                ));
            }
            let shift = Shift {
                id: pos_domain::new_id(),
                terminal,
                branch: Core::branch(tx)?,
                opened_by: s.user.id.clone(),
                opened_by_name: s.user.name.clone(),
                opened_at: self.now(),
                opening_float: Money::new(float).unwrap_or_default(),
                closed_at: None,
                closed_by: None,
                counted_cash: None,
                expected_cash: None,
                note: String::new(),
            };
            shifts::insert(tx, &shift)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "shift.opened",
                ("shift", Some(&shift.id)),
                None,
                json(&shift),
            )?;
            pos_store::outbox::append(tx, "shift_opened", &shift.id, &shift, self.now(), Some(&s.user.id))?;
            Ok(shift)
        })
    }

    pub fn cash_movement(&self, token: Option<&str>, req: CashMovement) -> Result<ShiftTotals> {
        let s = self.authorize(token, Permission::Sell)?;
        let amount = bounded("amount", ("Amount", "Jumlah"), req.amount, -MAX_AMOUNT, MAX_AMOUNT)?;
        if amount == 0 {
            return Err(CoreError::invalid("amount", "Enter an amount", "Isi jumlahnya"));
        }
        let reason = text("reason", ("Reason", "Alasan"), &req.reason, 200, true)?;
        self.write(|tx| {
            let shift = super::open_shift(tx)?;
            let before = shifts::totals(tx, &shift)?;
            if amount < 0 && before.expected_cash.rupiah() + amount < 0 {
                return Err(CoreError::invalid(
                    "amount",
                    "The drawer does not hold that much cash",
                    "Kas di laci tidak sebanyak itu",
                ));
            }
            let id = pos_domain::new_id();
            shifts::add_cash(tx, &id, &shift.id, amount, &reason, &s.user.id, self.now())?;
            let after = serde_json::json!({
                "id": id, "amount": amount, "reason": reason, "shift_id": shift.id, "user_id": s.user.id, "at": self.now(),
            });
            self.audit(
                tx,
                Some(&s.user.id),
                "shift.cash_movement",
                ("shift", Some(&shift.id)),
                None,
                Some(after.clone()),
            )?;
            pos_store::outbox::append(tx, "cash_movement", &id, &after, self.now(), Some(&s.user.id))?;
            Ok(shifts::totals(tx, &shift)?)
        })
    }

    /// The X report: the open shift's figures so far, printed when a printer is set up.
    pub fn x_report(&self, token: Option<&str>) -> Result<ShiftReport> {
        self.authorize(token, Permission::Sell)?;
        let (shift, totals) = self.read(|c| {
            let shift = super::open_shift(c)?;
            let totals = shifts::totals(c, &shift)?;
            Ok((shift, totals))
        })?;
        let (printed, print_error) = self.print_shift_report("X REPORT", &shift, &totals, None);
        Ok(ShiftReport {
            shift,
            totals,
            variance: None,
            printed,
            print_error,
        })
    }

    /// Closes the shift with the counted cash; the Z report shows expected against counted.
    pub fn close_shift(&self, token: Option<&str>, req: CloseShift) -> Result<ShiftReport> {
        let s = self.authorize(token, Permission::Sell)?;
        let counted = bounded(
            "counted_cash",
            ("Counted cash", "Kas terhitung"),
            req.counted_cash,
            0,
            MAX_AMOUNT,
        )?;
        let note = pos_domain::text::note(&req.note, 500)
            .map_err(|_| CoreError::invalid("note", "The note is too long", "Catatan terlalu panjang"))?;
        let (shift, totals) = self.write(|tx| {
            let shift = super::open_shift(tx)?;
            let totals = shifts::totals(tx, &shift)?;
            let counted = Money::new(counted).unwrap_or_default();
            if !shifts::close(
                tx,
                &shift.id,
                &s.user.id,
                self.now(),
                counted,
                totals.expected_cash,
                &note,
            )? {
                return Err(super::no_shift());
            }
            let closed = shifts::get(tx, &shift.id)?.ok_or_else(super::no_shift)?;
            let after = serde_json::json!({ "shift": closed, "totals": totals });
            self.audit(
                tx,
                Some(&s.user.id),
                "shift.closed",
                ("shift", Some(&shift.id)),
                None,
                Some(after.clone()),
            )?;
            // The synced fact is the closed shift itself (with its totals alongside).
            let mut fact = serde_json::to_value(&closed).map_err(crate::CoreError::internal)?;
            fact["totals"] = after["totals"].clone();
            pos_store::outbox::append(tx, "shift_closed", &shift.id, &fact, self.now(), Some(&s.user.id))?;
            Ok((closed, totals))
        })?;
        let variance = Money::new(counted - totals.expected_cash.rupiah()).ok();
        let (printed, print_error) = self.print_shift_report("Z REPORT", &shift, &totals, variance);
        Ok(ShiftReport {
            shift,
            totals,
            variance,
            printed,
            print_error,
        })
    }
}
