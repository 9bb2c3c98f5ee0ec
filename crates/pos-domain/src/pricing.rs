//! Pricing a sale: line prices (with overrides), line discounts, a whole-sale discount shared out
//! over the lines, and the tax parts of the total. Pure and exact: every rupiah of discount lands
//! on exactly one line, so a later return refunds exactly what that line was paid.

use crate::money::{Money, MoneyError};
use crate::tax::{TaxBreakdown, TaxMode, TaxRate, breakdown};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Discount {
    /// Basis points of the amount (1000 = 10%).
    Percent(i64),
    /// Whole rupiah off.
    Amount(i64),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PricingError {
    #[error("a percentage discount must be between 0 and 100%")]
    BadPercent,
    #[error("a discount must not be negative")]
    NegativeDiscount,
    #[error("the discount is larger than the amount")]
    DiscountTooLarge,
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl Discount {
    /// The discount in rupiah on `amount` (percentages round half up).
    pub fn on(self, amount: Money) -> Result<Money, PricingError> {
        let off = match self {
            Discount::Percent(bp) => {
                if !(0..=10_000).contains(&bp) {
                    return Err(PricingError::BadPercent);
                }
                ((amount.rupiah() as i128 * bp as i128 + 5_000) / 10_000) as i64
            }
            Discount::Amount(a) => {
                if a < 0 {
                    return Err(PricingError::NegativeDiscount);
                }
                a
            }
        };
        if off > amount.rupiah() {
            return Err(PricingError::DiscountTooLarge);
        }
        Ok(Money::new(off)?)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct LineInput {
    pub quantity: i64,
    /// The catalogue price.
    pub list_price: Money,
    /// The price charged per unit (the list price unless overridden).
    pub unit_price: Money,
    pub discount: Option<Discount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricedLine {
    /// quantity × unit price
    pub gross: Money,
    pub line_discount: Money,
    /// This line's share of the whole-sale discount.
    pub sale_discount: Money,
    /// What the customer pays for the line: gross − both discounts.
    pub net: Money,
    /// Everything below list price on this line (override and discounts), in basis points of
    /// quantity × list price: what the cashier's discount limit is checked against.
    pub reduction_bp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedSale {
    pub lines: Vec<PricedLine>,
    /// Sum of the lines' gross.
    pub gross: Money,
    pub discount_total: Money,
    pub tax: TaxBreakdown,
    /// The whole-sale discount in basis points of the lines after their own discounts.
    pub sale_discount_bp: i64,
}

fn bp_of(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        ((part as i128 * 10_000 + whole as i128 - 1) / whole as i128) as i64
    }
}

pub fn price_sale(
    lines: &[LineInput],
    sale_discount: Option<Discount>,
    mode: TaxMode,
    rate: TaxRate,
) -> Result<PricedSale, PricingError> {
    let mut priced = Vec::with_capacity(lines.len());
    for l in lines {
        let gross = l.unit_price.checked_mul(l.quantity)?;
        let line_discount = match l.discount {
            Some(d) => d.on(gross)?,
            None => Money::ZERO,
        };
        let after = gross.checked_sub(line_discount)?;
        let list = l.list_price.checked_mul(l.quantity)?;
        let reduction = list.rupiah() - after.rupiah();
        priced.push(PricedLine {
            gross,
            line_discount,
            sale_discount: Money::ZERO,
            net: after,
            reduction_bp: bp_of(reduction.max(0), list.rupiah()),
        });
    }
    let after_lines: i64 = priced.iter().map(|p| p.net.rupiah()).sum();
    let off = match sale_discount {
        Some(d) => d.on(Money::new(after_lines)?)?.rupiah(),
        None => 0,
    };
    // Share the whole-sale discount in proportion to each line, largest remainders first, so the
    // shares add up to the discount exactly.
    if off > 0 && after_lines > 0 {
        let mut shares: Vec<(usize, i64, i128)> = priced
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let exact = p.net.rupiah() as i128 * off as i128;
                (i, (exact / after_lines as i128) as i64, exact % after_lines as i128)
            })
            .collect();
        let mut left = off - shares.iter().map(|s| s.1).sum::<i64>();
        shares.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        for s in shares.iter_mut() {
            if left == 0 {
                break;
            }
            s.1 += 1;
            left -= 1;
        }
        for (i, share, _) in shares {
            let p = &mut priced[i];
            p.sale_discount = Money::new(share)?;
            p.net = p.net.checked_sub(p.sale_discount)?;
        }
    }
    let gross: i64 = priced.iter().map(|p| p.gross.rupiah()).sum();
    let net: i64 = priced.iter().map(|p| p.net.rupiah()).sum();
    let discount_total: i64 = priced
        .iter()
        .map(|p| p.line_discount.rupiah() + p.sale_discount.rupiah())
        .sum();
    Ok(PricedSale {
        gross: Money::new(gross)?,
        discount_total: Money::new(discount_total)?,
        tax: breakdown(Money::new(net)?, mode, rate)?,
        sale_discount_bp: bp_of(off, after_lines),
        lines: priced,
    })
}

/// The refund for returning `quantity` more units of a line of `sold` units that was paid `net`,
/// when `returned_before` units were already returned. Cumulative rounding: returning every unit,
/// in any steps, refunds exactly `net`.
pub fn refund_share(net: Money, sold: i64, returned_before: i64, quantity: i64) -> Money {
    let at = |k: i64| ((net.rupiah() as i128 * k as i128 + sold as i128 / 2) / sold as i128) as i64;
    Money::new(at(returned_before + quantity) - at(returned_before)).unwrap_or(Money::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(v: i64) -> Money {
        Money::new(v).unwrap()
    }

    fn line(q: i64, price: i64, d: Option<Discount>) -> LineInput {
        LineInput {
            quantity: q,
            list_price: m(price),
            unit_price: m(price),
            discount: d,
        }
    }

    #[test]
    fn a_counter_sale_adds_up() {
        let s = price_sale(
            &[
                line(1, 14_500_000, None),
                line(3, 95_000, Some(Discount::Percent(1000))),
                line(2, 65_000, None),
            ],
            Some(Discount::Amount(100_000)),
            TaxMode::Inclusive,
            TaxRate::STANDARD,
        )
        .unwrap();
        // 14.500.000 + (285.000 − 28.500) + 130.000 − 100.000
        assert_eq!(s.tax.total, m(14_786_500));
        assert_eq!(s.discount_total, m(128_500));
        assert_eq!(s.lines.iter().map(|l| l.sale_discount.rupiah()).sum::<i64>(), 100_000);
        assert_eq!(s.lines[1].reduction_bp, 1000);
        assert_eq!(s.tax.dpp.rupiah() + s.tax.ppn.rupiah(), 14_786_500);
    }

    #[test]
    fn bad_discounts_are_refused() {
        let l = [line(1, 10_000, Some(Discount::Percent(10_001)))];
        assert_eq!(
            price_sale(&l, None, TaxMode::Inclusive, TaxRate::STANDARD),
            Err(PricingError::BadPercent)
        );
        let l = [line(1, 10_000, Some(Discount::Amount(10_001)))];
        assert_eq!(
            price_sale(&l, None, TaxMode::Inclusive, TaxRate::STANDARD),
            Err(PricingError::DiscountTooLarge)
        );
        let l = [line(1, 10_000, Some(Discount::Amount(-1)))];
        assert_eq!(
            price_sale(&l, None, TaxMode::Inclusive, TaxRate::STANDARD),
            Err(PricingError::NegativeDiscount)
        );
    }

    #[test]
    fn an_override_below_list_counts_as_a_reduction() {
        let l = [LineInput {
            quantity: 2,
            list_price: m(100_000),
            unit_price: m(80_000),
            discount: None,
        }];
        assert_eq!(
            price_sale(&l, None, TaxMode::Inclusive, TaxRate::STANDARD)
                .unwrap()
                .lines[0]
                .reduction_bp,
            2000
        );
    }

    proptest! {
        #[test]
        fn parts_add_up_and_every_rupiah_lands_once(
            raw in proptest::collection::vec((1i64..20, 0i64..20_000_000, proptest::option::of(0i64..=10_000)), 1..12),
            sale_bp in proptest::option::of(0i64..=10_000),
        ) {
            let lines: Vec<LineInput> = raw.iter().map(|(q, p, d)| line(*q, *p, d.map(Discount::Percent))).collect();
            let s = price_sale(&lines, sale_bp.map(Discount::Percent), TaxMode::Inclusive, TaxRate::STANDARD).unwrap();
            let gross: i64 = lines.iter().map(|l| l.quantity * l.unit_price.rupiah()).sum();
            let net: i64 = s.lines.iter().map(|l| l.net.rupiah()).sum();
            prop_assert_eq!(s.gross.rupiah(), gross);
            prop_assert_eq!(gross - s.discount_total.rupiah(), net);
            prop_assert_eq!(s.tax.total.rupiah(), net);
            for l in &s.lines {
                prop_assert!(l.net.rupiah() >= 0);
                prop_assert_eq!(l.gross.rupiah() - l.line_discount.rupiah() - l.sale_discount.rupiah(), l.net.rupiah());
            }
        }

        #[test]
        fn returning_everything_in_any_steps_refunds_the_net(net in 0i64..50_000_000, sold in 1i64..50, cuts in proptest::collection::vec(1i64..10, 1..10)) {
            let mut returned = 0;
            let mut refunded = 0;
            for c in cuts {
                let q = c.min(sold - returned);
                if q == 0 { break; }
                refunded += refund_share(m(net), sold, returned, q).rupiah();
                returned += q;
            }
            if returned < sold {
                refunded += refund_share(m(net), sold, returned, sold - returned).rupiah();
            }
            prop_assert_eq!(refunded, net);
        }
    }
}
