//! Courier rates: `base + per_kg × billable_kg + per_km × km`, where the billable weight is the
//! larger of the actual and the volumetric weight (L × W × H in cm / volume factor), rounded UP to
//! whole kilograms as couriers bill (the old shop did not round).

/// A courier service's tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tariff {
    pub base: i64,
    pub per_kg: i64,
    pub per_km: i64,
    /// cm³ per kg (5000 for most Indonesian couriers).
    pub volume_factor: i64,
}

/// Billable kilograms for a parcel of `weight_g` grams and `dims_mm` (length, width, height).
/// At least 1 kg.
pub fn billable_kg(weight_g: i64, dims_mm: (i64, i64, i64), volume_factor: i64) -> i64 {
    let actual_g = weight_g.max(0);
    let (l, w, h) = dims_mm;
    // volumetric grams = (L×W×H mm³ / 1000 → cm³) / factor × 1000
    let cm3 = (l.max(0) as i128 * w.max(0) as i128 * h.max(0) as i128) / 1000;
    let volumetric_g = (cm3 * 1000 / volume_factor.max(1) as i128) as i64;
    let grams = actual_g.max(volumetric_g);
    ((grams + 999) / 1000).max(1)
}

/// The rate in rupiah, saturating rather than overflowing on absurd inputs.
pub fn rate(t: &Tariff, billable_kg: i64, distance_km: i64) -> i64 {
    t.base
        .saturating_add(t.per_kg.saturating_mul(billable_kg.max(1)))
        .saturating_add(t.per_km.saturating_mul(distance_km.max(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guitar_case_bills_by_volume_rounded_up() {
        // 3.5 kg, 110 × 40 × 12 cm: 10.56 kg volumetric, billed as 11 kg.
        assert_eq!(billable_kg(3500, (1100, 400, 120), 5000), 11);
        let jne_reg = Tariff {
            base: 15_000,
            per_kg: 5_000,
            per_km: 0,
            volume_factor: 5000,
        };
        assert_eq!(rate(&jne_reg, 11, 0), 70_000);
        // A set of strings: 100 g in a small box bills the 1 kg minimum.
        assert_eq!(billable_kg(100, (150, 150, 10), 5000), 1);
        // 2.01 kg is 3 kg.
        assert_eq!(billable_kg(2010, (0, 0, 0), 5000), 3);
        assert_eq!(rate(&jne_reg, 1, 0), 20_000);
        assert_eq!(
            rate(
                &Tariff {
                    per_km: 2_000,
                    ..jne_reg
                },
                1,
                12
            ),
            44_000
        );
    }
}
