//! Changing many prices at once: by a percentage or an amount, then rounded to the shop's price
//! steps (Rp 100, 500 or 1 000), as Indonesian shelf prices are.

use crate::money::MAX_AMOUNT;
use serde::{Deserialize, Serialize};

/// How prices change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PriceAdjust {
    /// Basis points, up or down (1 000 = +10 %, −2 500 = −25 %); −90 % to +1 000 %.
    Percent(i64),
    /// Whole rupiah added (or taken off when negative).
    Amount(i64),
}

impl Default for PriceAdjust {
    fn default() -> Self {
        PriceAdjust::Percent(0)
    }
}

/// The step prices are rounded to (the nearest; halves up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PriceRounding {
    #[default]
    None,
    To100,
    To500,
    To1000,
}

impl PriceRounding {
    pub fn step(self) -> i64 {
        match self {
            PriceRounding::None => 1,
            PriceRounding::To100 => 100,
            PriceRounding::To500 => 500,
            PriceRounding::To1000 => 1_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriceChangeError {
    #[error("a percentage change is between -90% and +1000%")]
    BadPercent,
    #[error("the change is larger than any price")]
    BadAmount,
    #[error("the new price would be below zero")]
    BelowZero,
    #[error("the new price is too large")]
    TooLarge,
}

impl PriceAdjust {
    /// Checks the change itself, before any product is read.
    pub fn check(self) -> Result<(), PriceChangeError> {
        match self {
            PriceAdjust::Percent(bp) if !(-9_000..=100_000).contains(&bp) => Err(PriceChangeError::BadPercent),
            PriceAdjust::Amount(a) if a.abs() > MAX_AMOUNT => Err(PriceChangeError::BadAmount),
            _ => Ok(()),
        }
    }
}

/// The new price of a product now at `old`.
pub fn changed_price(old: i64, adjust: PriceAdjust, rounding: PriceRounding) -> Result<i64, PriceChangeError> {
    adjust.check()?;
    let raw: i128 = match adjust {
        PriceAdjust::Percent(bp) => {
            let n = old as i128 * (10_000 + bp as i128);
            (n + 5_000).div_euclid(10_000)
        }
        PriceAdjust::Amount(a) => old as i128 + a as i128,
    };
    let step = rounding.step() as i128;
    let rounded = (raw + step / 2).div_euclid(step) * step;
    if rounded < 0 {
        return Err(PriceChangeError::BelowZero);
    }
    if rounded > MAX_AMOUNT as i128 {
        return Err(PriceChangeError::TooLarge);
    }
    Ok(rounded as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PriceAdjust::*;
    use PriceRounding::*;

    #[test]
    fn percent_then_rounding() {
        assert_eq!(changed_price(95_000, Percent(1_000), None), Ok(104_500));
        assert_eq!(
            changed_price(95_000, Percent(1_000), To1000),
            Ok(105_000),
            "104 500 rounds up"
        );
        assert_eq!(changed_price(95_000, Percent(1_000), To500), Ok(104_500));
        assert_eq!(changed_price(17_800_000, Percent(-2_500), To1000), Ok(13_350_000));
        assert_eq!(changed_price(12_345, Percent(0), To100), Ok(12_300));
        assert_eq!(changed_price(12_350, Percent(0), To100), Ok(12_400));
    }

    #[test]
    fn amounts_and_limits() {
        assert_eq!(changed_price(95_000, Amount(5_000), None), Ok(100_000));
        assert_eq!(
            changed_price(3_000, Amount(-5_000), None),
            Err(PriceChangeError::BelowZero)
        );
        assert_eq!(
            changed_price(3_000, Percent(-9_001), None),
            Err(PriceChangeError::BadPercent)
        );
        assert_eq!(
            changed_price(3_000, Percent(100_001), None),
            Err(PriceChangeError::BadPercent)
        );
        assert_eq!(
            changed_price(MAX_AMOUNT, Amount(1), None),
            Err(PriceChangeError::TooLarge)
        );
        assert_eq!(
            changed_price(1_000, Percent(-9_000), To500),
            Ok(0),
            "100 rounds to 0 at Rp 500 steps"
        );
    }
}
