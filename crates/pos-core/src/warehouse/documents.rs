//! The invoice and the packing slip as PDF.

use super::*;

impl Core {
    pub(super) fn order_document(&self, conn: &Connection, o: &Order) -> Result<pos_print::document::OrderDocument> {
        let p = pos_store::profile::get(conn)?
            .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
        let c = orders::courier_services(conn)?
            .into_iter()
            .find(|c| c.id == o.courier_service);
        // Goods carry PPN the way the store prices them; shipping is outside the tax base here.
        let (mode, rate) = p.tax();
        let goods = pos_domain::Money::new(o.subtotal).map_err(CoreError::internal)?;
        let tax = pos_domain::tax::breakdown(goods, mode, rate).map_err(CoreError::internal)?;
        Ok(pos_print::document::OrderDocument {
            store_name: p.name,
            store_address: p.address,
            store_phone: p.phone,
            npwp: if p.vat_registered {
                crate::counter::receipts::npwp_display(&p.npwp)
            } else {
                String::new()
            },
            number: o.order_no.clone(),
            date: crate::counter::receipts::wib_time(o.created_at),
            customer: o.customer_name.clone(),
            ship_to: vec![
                o.ship_name.clone(),
                o.ship_phone.clone(),
                o.ship_address.clone(),
                format!("{} {}", o.ship_city, o.ship_postal).trim().to_string(),
            ],
            courier: c.map(|c| format!("{} {}", c.courier, c.service)).unwrap_or_default(),
            tracking_no: o.tracking_no.clone().unwrap_or_default(),
            lines: o
                .lines
                .iter()
                .map(|l| pos_print::document::DocLine {
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    amount: l.unit_price * l.quantity,
                })
                .collect(),
            shipping: o.shipping_cost,
            dpp: tax.dpp.rupiah(),
            ppn: tax.ppn.rupiah(),
            ppn_label: format!("PPN {}%", p.ppn_rate_bp as f64 / 100.0),
            total: tax.total.rupiah() + o.shipping_cost,
        })
    }

    /// The A4 invoice of an order (store profile, NPWP, lines, shipping, DPP and PPN).
    pub fn invoice_pdf(&self, token: Option<&str>, req: OrderId) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::Fulfil)?;
        let d = self.read(|c| self.order_document(c, &self.load_order(c, &req.id)?))?;
        Ok(pdf_file(
            format!("invoice-{}.pdf", d.number),
            pos_print::document::invoice_pdf(&d),
        ))
    }

    /// The packing slip that goes in the box.
    pub fn packing_slip_pdf(&self, token: Option<&str>, req: OrderId) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::Fulfil)?;
        let d = self.read(|c| self.order_document(c, &self.load_order(c, &req.id)?))?;
        Ok(pdf_file(
            format!("packing-slip-{}.pdf", d.number),
            pos_print::document::packing_slip_pdf(&d),
        ))
    }
}

pub(crate) fn pdf_file(file_name: String, pdf: Vec<u8>) -> crate::counter::receipts::ReceiptPdf {
    use base64::Engine;
    crate::counter::receipts::ReceiptPdf {
        file_name,
        saved_to: None,
        base64: base64::engine::general_purpose::STANDARD.encode(pdf),
    }
}
