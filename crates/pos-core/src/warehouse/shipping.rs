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
        let actual = billable_kg(req.weight_g, (0, 0, 0), c.volume_factor);
        Ok(ShippingQuote {
            billable_kg: kg,
            by_volume: kg > actual,
            cost: rate(&tariff(&c), kg, req.distance_km),
            min_days: c.min_days,
            max_days: c.max_days,
        })
    }

    /// What the courier will charge for these products in one parcel: the same figure a delivery
    /// order of them is charged (see [`parcel_quote`]).
    pub fn delivery_quote(&self, token: Option<&str>, req: DeliveryQuoteRequest) -> Result<ShippingQuote> {
        self.authorize(token, Permission::Sell)?;
        self.read(|c| {
            let s = service(c, &req.courier_service)?;
            let branch = Core::branch(c)?;
            let mut items = Vec::with_capacity(req.lines.len());
            for l in &req.lines {
                let p = pos_store::products::get(c, &l.product_id, &branch)?
                    .ok_or_else(|| CoreError::not_found("product_id", "Product", "Produk"))?;
                items.push((p, l.quantity));
            }
            parcel_quote(&s, &items)
        })
    }
}

/// The quote for a parcel of products (each with its quantity) before it is packed: billed on the
/// larger of their summed weights and summed volumes, as couriers bill. Delivery orders are charged
/// exactly this, so the quote shown and the order agree.
pub(super) fn parcel_quote(c: &CourierService, items: &[(pos_store::products::Product, i64)]) -> Result<ShippingQuote> {
    if items.is_empty() || items.len() > 100 {
        return Err(CoreError::invalid(
            "lines",
            "An order needs 1 to 100 lines",
            "Pesanan perlu 1 sampai 100 baris",
        ));
    }
    let mut parcel = Vec::with_capacity(items.len());
    for (p, quantity) in items {
        crate::error::bounded("quantity", ("Quantity", "Jumlah"), *quantity, 1, 10_000)?;
        parcel.push(ParcelItem {
            weight_g: p.weight_g,
            dims_mm: (p.length_mm, p.width_mm, p.height_mm),
            quantity: *quantity,
        });
    }
    let kg = parcel_billable_kg(&parcel, c.volume_factor);
    let by_weight = parcel_billable_kg(
        &parcel
            .iter()
            .map(|i| ParcelItem {
                dims_mm: (0, 0, 0),
                ..*i
            })
            .collect::<Vec<_>>(),
        c.volume_factor,
    );
    Ok(ShippingQuote {
        billable_kg: kg,
        by_volume: kg > by_weight,
        cost: rate(&tariff(c), kg, 0),
        min_days: c.min_days,
        max_days: c.max_days,
    })
}
