//! Integer rupiah. Rupiah has no minor unit in practice, so an amount is a whole number of rupiah
//! in an `i64`; conversion to a gateway's unit (Stripe wants IDR × 100) happens at that gateway's
//! edge, never here.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest amount the shop will ever handle on one line or receipt: one trillion rupiah.
/// Anything above is a typo or an attack, and refusing it keeps every sum far from `i64` overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MoneyError {
    #[error("amount out of range")]
    OutOfRange,
    #[error("amount must not be negative")]
    Negative,
}

/// Deserialising goes through [`Money::new`], so an amount read from a file, a request or a synced
/// record is in range like any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, ts_rs::TS)]
#[ts(type = "number")]
pub struct Money(i64);

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        Money::new(i64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount in whole rupiah within ±[`MAX_AMOUNT`].
    pub fn new(rupiah: i64) -> Result<Self, MoneyError> {
        if !(-MAX_AMOUNT..=MAX_AMOUNT).contains(&rupiah) {
            return Err(MoneyError::OutOfRange);
        }
        Ok(Money(rupiah))
    }

    /// A price, cost or other amount that can never be below zero.
    pub fn non_negative(rupiah: i64) -> Result<Self, MoneyError> {
        if rupiah < 0 {
            return Err(MoneyError::Negative);
        }
        Self::new(rupiah)
    }

    pub const fn rupiah(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_add(other.0)
            .ok_or(MoneyError::OutOfRange)
            .and_then(Money::new)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_sub(other.0)
            .ok_or(MoneyError::OutOfRange)
            .and_then(Money::new)
    }

    pub fn checked_mul(self, qty: i64) -> Result<Money, MoneyError> {
        self.0
            .checked_mul(qty)
            .ok_or(MoneyError::OutOfRange)
            .and_then(Money::new)
    }
}

/// Splits `total` over parts in proportion to `weights` so the parts add up to `total` exactly
/// (cumulative rounding: part i is round(total × W≤i / W) − round(total × W<i / W)). Used to give
/// each line of a receipt its share of the receipt's DPP and PPN, which are rounded once per
/// receipt. With no weight at all, everything lands on the first part.
pub fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| *w as i128).sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum == 0 {
        let mut out = vec![0; weights.len()];
        out[0] = total;
        return out;
    }
    let share = |cum: i128| -> i128 {
        let n = total as i128 * cum;
        // rounded half away from zero; the sign of `sum` is folded into the numerator
        let (n, d) = if sum < 0 { (-n, -sum) } else { (n, sum) };
        if n >= 0 {
            (2 * n + d) / (2 * d)
        } else {
            -((-2 * n + d) / (2 * d))
        }
    };
    let mut cum = 0i128;
    let mut before = 0i128;
    weights
        .iter()
        .map(|w| {
            cum += *w as i128;
            let upto = share(cum);
            let part = upto - before;
            before = upto;
            part as i64
        })
        .collect()
}

/// `Rp 1.250.000`: dot-grouped thousands, no decimals, a leading minus for negatives.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}Rp {grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_like_the_shelf_labels() {
        assert_eq!(Money(1_250_000).to_string(), "Rp 1.250.000");
        assert_eq!(Money(0).to_string(), "Rp 0");
        assert_eq!(Money(999).to_string(), "Rp 999");
        assert_eq!(Money(1000).to_string(), "Rp 1.000");
        assert_eq!(Money(-15_500).to_string(), "-Rp 15.500");
    }

    #[test]
    fn refuses_negative_prices_and_absurd_amounts() {
        assert_eq!(Money::non_negative(-1), Err(MoneyError::Negative));
        assert_eq!(Money::new(MAX_AMOUNT + 1), Err(MoneyError::OutOfRange));
        assert_eq!(Money::new(i64::MIN), Err(MoneyError::OutOfRange));
        assert!(Money::new(MAX_AMOUNT).unwrap().checked_add(Money(1)).is_err());
    }

    #[test]
    fn deserialising_checks_the_range_too() {
        assert_eq!(serde_json::from_str::<Money>("1500").unwrap(), Money(1500));
        assert!(serde_json::from_str::<Money>(&(MAX_AMOUNT + 1).to_string()).is_err());
        assert!(serde_json::from_str::<Money>("-9223372036854775808").is_err());
        assert_eq!(serde_json::to_string(&Money(-7)).unwrap(), "-7");
    }

    proptest! {
        #[test]
        fn display_round_trips(v in -MAX_AMOUNT..=MAX_AMOUNT) {
            let s = Money(v).to_string();
            let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
            let parsed: i64 = digits.parse().unwrap();
            prop_assert_eq!(if s.starts_with('-') { -parsed } else { parsed }, v);
        }

        #[test]
        fn addition_is_exact_or_refused(a in -MAX_AMOUNT..=MAX_AMOUNT, b in -MAX_AMOUNT..=MAX_AMOUNT) {
            match Money(a).checked_add(Money(b)) {
                Ok(sum) => prop_assert_eq!(sum.rupiah(), a + b),
                Err(_) => prop_assert!((a + b).abs() > MAX_AMOUNT),
            }
        }

        #[test]
        fn allocated_parts_add_up_and_follow_the_weights(
            total in -MAX_AMOUNT..=MAX_AMOUNT,
            weights in proptest::collection::vec(0i64..MAX_AMOUNT, 1..40),
        ) {
            let parts = allocate(total, &weights);
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().map(|p| *p as i128).sum::<i128>(), total as i128);
            let sum: i128 = weights.iter().map(|w| *w as i128).sum();
            for (p, w) in parts.iter().zip(&weights) {
                if sum > 0 {
                    // each part is within one rupiah of its exact share
                    let exact = total as f64 * (*w as f64) / sum as f64;
                    prop_assert!((*p as f64 - exact).abs() <= 1.0 + exact.abs() * 1e-12, "{} vs {}", p, exact);
                }
            }
        }
    }

    #[test]
    fn allocation_of_a_receipt_dpp() {
        // 256 757 DPP over lines of 100 000 and 185 000 (inclusive 285 000)
        assert_eq!(allocate(256_757, &[100_000, 185_000]), vec![90_090, 166_667]);
        assert_eq!(allocate(-10, &[1, 1, 1]), vec![-3, -4, -3]);
        assert_eq!(allocate(7, &[0, 0]), vec![7, 0]);
        assert!(allocate(7, &[]).is_empty());
    }
}
