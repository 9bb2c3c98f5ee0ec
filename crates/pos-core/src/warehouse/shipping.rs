//! Courier services and a shipping quote from the store's rate table.

use super::*;

impl Core {
    pub fn courier_services(&self, token: Option<&str>) -> Result<Vec<CourierService>> {
        self.authorize(token, Permission::ViewCatalogue)?;
        self.read(|c| Ok(orders::courier_services(c)?))
    }

    /// The rate formula of the reference: billable weight (actual or volumetric, rounded up to
    /// whole kilograms) times the per-kg price, plus the base (and per-km when the service has one).
    pub fn shipping_quote(&self, token: Option<&str>, req: ShippingQuoteRequest) -> Result<ShippingQuote> {
        self.authorize(token, Permission::ViewCatalogue)?;
        for (field, v, max) in [
            ("weight_g", req.weight_g, 1_000_000),
            ("length_mm", req.length_mm, 10_000),
            ("width_mm", req.width_mm, 10_000),
            ("height_mm", req.height_mm, 10_000),
            ("distance_km", req.distance_km, 10_000),
        ] {
            crate::error::bounded(field, (field, field), v, 0, max)?;
        }
        let c = self.read(|conn| service(conn, &req.courier_service))?;
        let kg = billable_kg(
            req.weight_g,
            (req.length_mm, req.width_mm, req.height_mm),
            c.volume_factor,
        );
        Ok(ShippingQuote {
            billable_kg: kg,
            cost: rate(&tariff(&c), kg, req.distance_km),
            min_days: c.min_days,
            max_days: c.max_days,
        })
    }
}
