//! PPN (Indonesian VAT). Since 2025 the statutory rate is 12% on a base of 11/12 of the price for
//! non-luxury goods, so the effective rate on musical instruments is 11%. A store setting holds the
//! effective rate in basis points (1100 = 11%) and whether shelf prices include it. Tax is rounded
//! once per receipt, and DPP + PPN always equals the total.

use crate::money::{MAX_AMOUNT, Money, MoneyError};
use serde::{Deserialize, Serialize};

/// Effective PPN rate in basis points of the price base (1100 = 11%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(type = "number")]
pub struct TaxRate(u32);

impl TaxRate {
    /// 12% × 11/12: the effective rate for goods outside the luxury (PPnBM) list.
    pub const STANDARD: TaxRate = TaxRate(1100);

    /// Rates from 0 to 100%.
    pub fn from_basis_points(bp: i64) -> Option<TaxRate> {
        (0..=10_000).contains(&bp).then_some(TaxRate(bp as u32))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TaxMode {
    /// Not a PKP: no PPN is charged or shown.
    NotRegistered,
    /// Shelf prices include PPN (the usual retail case).
    Inclusive,
    /// PPN is added on top of the prices.
    Exclusive,
}

impl TaxMode {
    /// The name stored with each sale ("inclusive", "exclusive", "not_registered").
    pub fn as_str(self) -> &'static str {
        match self {
            TaxMode::NotRegistered => "not_registered",
            TaxMode::Inclusive => "inclusive",
            TaxMode::Exclusive => "exclusive",
        }
    }

    /// The mode of a store's profile: whether it is a PKP and whether its shelf prices include PPN.
    pub fn of(vat_registered: bool, prices_include_tax: bool) -> TaxMode {
        match (vat_registered, prices_include_tax) {
            (false, _) => TaxMode::NotRegistered,
            (true, true) => TaxMode::Inclusive,
            (true, false) => TaxMode::Exclusive,
        }
    }

    /// The stored name back (anything else is a store that charges no PPN).
    pub fn parse(s: &str) -> TaxMode {
        match s {
            "inclusive" => TaxMode::Inclusive,
            "exclusive" => TaxMode::Exclusive,
            _ => TaxMode::NotRegistered,
        }
    }
}

/// The tax parts of one receipt: `dpp + ppn == total`, always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TaxBreakdown {
    pub dpp: Money,
    pub ppn: Money,
    pub total: Money,
}

/// `n / d` rounded half away from zero.
fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d.abs() {
        q + n.signum() * d.signum()
    } else {
        q
    }
}

/// Splits the sum of a receipt's lines (after discounts) into DPP and PPN. Works for negative sums
/// (returns) symmetrically, so a full return mirrors its sale exactly.
pub fn breakdown(lines_total: Money, mode: TaxMode, rate: TaxRate) -> Result<TaxBreakdown, MoneyError> {
    let t = lines_total.rupiah() as i128;
    let r = rate.0 as i128;
    let (dpp, ppn) = match mode {
        TaxMode::NotRegistered => (t, 0),
        TaxMode::Inclusive => {
            let ppn = div_round(t * r, 10_000 + r);
            (t - ppn, ppn)
        }
        TaxMode::Exclusive => (t, div_round(t * r, 10_000)),
    };
    let total = dpp + ppn;
    if total.abs() > MAX_AMOUNT as i128 {
        return Err(MoneyError::OutOfRange);
    }
    Ok(TaxBreakdown {
        dpp: Money::new(dpp as i64)?,
        ppn: Money::new(ppn as i64)?,
        total: Money::new(total as i64)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(v: i64) -> Money {
        Money::new(v).unwrap()
    }

    #[test]
    fn inclusive_price_of_1_110_000_holds_110_000_ppn() {
        let b = breakdown(m(1_110_000), TaxMode::Inclusive, TaxRate::STANDARD).unwrap();
        assert_eq!((b.dpp, b.ppn, b.total), (m(1_000_000), m(110_000), m(1_110_000)));
    }

    #[test]
    fn exclusive_adds_on_top_and_rounds_half_up() {
        let b = breakdown(m(1_000_000), TaxMode::Exclusive, TaxRate::STANDARD).unwrap();
        assert_eq!(b.total, m(1_110_000));
        // 50 × 11% = 5.5 → 6
        assert_eq!(
            breakdown(m(50), TaxMode::Exclusive, TaxRate::STANDARD).unwrap().ppn,
            m(6)
        );
        assert_eq!(
            breakdown(m(-50), TaxMode::Exclusive, TaxRate::STANDARD).unwrap().ppn,
            m(-6)
        );
    }

    #[test]
    fn not_registered_charges_nothing() {
        let b = breakdown(m(99_999), TaxMode::NotRegistered, TaxRate::STANDARD).unwrap();
        assert_eq!((b.dpp, b.ppn, b.total), (m(99_999), m(0), m(99_999)));
    }

    #[test]
    fn rates_outside_0_to_100_percent_are_refused() {
        assert!(TaxRate::from_basis_points(-1).is_none());
        assert!(TaxRate::from_basis_points(10_001).is_none());
        assert_eq!(TaxRate::from_basis_points(1200).unwrap().basis_points(), 1200);
    }

    proptest! {
        #[test]
        fn parts_always_add_up(t in -MAX_AMOUNT / 2..=MAX_AMOUNT / 2, bp in 0i64..=10_000,
                               mode in prop_oneof![Just(TaxMode::Inclusive), Just(TaxMode::Exclusive), Just(TaxMode::NotRegistered)]) {
            let rate = TaxRate::from_basis_points(bp).unwrap();
            let b = breakdown(Money::new(t).unwrap(), mode, rate).unwrap();
            prop_assert_eq!(b.dpp.rupiah() + b.ppn.rupiah(), b.total.rupiah());
            if mode != TaxMode::Exclusive { prop_assert_eq!(b.total.rupiah(), t); }
            // PPN has the sign of the sale and never exceeds the amount it is part of.
            prop_assert!(b.ppn.rupiah() * t.signum() >= 0);
            prop_assert!(b.ppn.rupiah().abs() <= b.total.rupiah().abs());
        }

        #[test]
        fn inclusive_ppn_is_within_half_a_rupiah_of_exact(t in 0i64..=MAX_AMOUNT / 2) {
            let b = breakdown(Money::new(t).unwrap(), TaxMode::Inclusive, TaxRate::STANDARD).unwrap();
            // exact = t × 1100 / 11100; |ppn − exact| ≤ 0.5  ⇔  |2·ppn·11100 − 2·t·1100| ≤ 11100
            let diff = (2 * b.ppn.rupiah() as i128 * 11_100 - 2 * t as i128 * 1_100).abs();
            prop_assert!(diff <= 11_100);
        }

        #[test]
        fn a_return_mirrors_its_sale(t in 0i64..=MAX_AMOUNT / 2, bp in 0i64..=10_000) {
            let rate = TaxRate::from_basis_points(bp).unwrap();
            for mode in [TaxMode::Inclusive, TaxMode::Exclusive] {
                let sale = breakdown(Money::new(t).unwrap(), mode, rate).unwrap();
                let ret = breakdown(Money::new(-t).unwrap(), mode, rate).unwrap();
                prop_assert_eq!(sale.ppn.rupiah(), -ret.ppn.rupiah());
                prop_assert_eq!(sale.total.rupiah(), -ret.total.rupiah());
            }
        }
    }
}
