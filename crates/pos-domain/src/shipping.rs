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

/// One kind of item in a parcel: its weight and dimensions per unit, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParcelItem {
    pub weight_g: i64,
    pub dims_mm: (i64, i64, i64),
    pub quantity: i64,
}

/// Billable kilograms of a parcel of several items before it is packed: the larger of the summed
/// actual weights and the summed volumetric weights (each unit's L × W × H / factor), rounded up
/// to whole kilograms, at least 1. A guitar in its case bills by its volume whatever it weighs;
/// strings in a box of it bill by weight.
pub fn parcel_billable_kg(items: &[ParcelItem], volume_factor: i64) -> i64 {
    let (mut actual_g, mut volumetric_g) = (0i128, 0i128);
    for it in items {
        let q = it.quantity.max(0) as i128;
        let (l, w, h) = it.dims_mm;
        let mm3 = (l.max(0) as i128)
            .saturating_mul(w.max(0) as i128)
            .saturating_mul(h.max(0) as i128);
        // mm³ / 1000 = cm³; cm³ / factor kg = cm³ × 1000 / factor g.
        let unit_g = (mm3 / 1000).saturating_mul(1000) / volume_factor.max(1) as i128;
        actual_g = actual_g.saturating_add((it.weight_g.max(0) as i128).saturating_mul(q));
        volumetric_g = volumetric_g.saturating_add(unit_g.saturating_mul(q));
    }
    let grams = actual_g.max(volumetric_g).min(i64::MAX as i128 - 999) as i64;
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
    fn a_parcel_bills_the_larger_of_its_summed_weights_and_volumes() {
        // A guitar in a hardcase: 4 kg, 110 × 45 × 15 cm = 74 250 cm³ = 14.85 kg by volume.
        let guitar = ParcelItem {
            weight_g: 4000,
            dims_mm: (1100, 450, 150),
            quantity: 1,
        };
        assert_eq!(parcel_billable_kg(&[guitar], 5000), 15);
        // Two of them are twice the volume.
        assert_eq!(parcel_billable_kg(&[ParcelItem { quantity: 2, ..guitar }], 5000), 30);
        // Ten sets of strings (120 g, 15 × 15 × 1 cm) and an amp head (9 kg, 50 × 25 × 25 cm =
        // 6.25 kg by volume): 10.2 kg actual against 6.7 kg by volume, 11 kg billed.
        let strings = ParcelItem {
            weight_g: 120,
            dims_mm: (150, 150, 10),
            quantity: 10,
        };
        let head = ParcelItem {
            weight_g: 9000,
            dims_mm: (500, 250, 250),
            quantity: 1,
        };
        assert_eq!(parcel_billable_kg(&[strings, head], 5000), 11);
        // No dimensions known: the weight alone; nothing at all: the 1 kg minimum.
        assert_eq!(
            parcel_billable_kg(
                &[ParcelItem {
                    dims_mm: (0, 0, 0),
                    ..head
                }],
                5000
            ),
            9
        );
        assert_eq!(parcel_billable_kg(&[], 5000), 1);
        // Absurd values saturate instead of overflowing.
        let absurd = ParcelItem {
            weight_g: i64::MAX,
            dims_mm: (i64::MAX, i64::MAX, i64::MAX),
            quantity: i64::MAX,
        };
        assert!(parcel_billable_kg(&[absurd], 5000) > 0);
    }

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
