//! What goes to the supplier: the order as an A4 PDF in the store's letterhead, and as a CSV
//! (SKU, barcode, name, quantity, unit cost, discount, amount) for suppliers who key orders in.

use super::*;
use crate::counter::receipts::ReceiptPdf;
use crate::reports::files::csv_field;
use pos_print::purchase::{PoDocLine, PoDocument};
pub use pos_store::purchasing::receipts::{GoodsReceipt, GoodsReceiptLine, ReceiptSummary};

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CsvFile {
    pub file_name: String,
    pub csv: String,
}

impl Core {
    pub fn purchase_order_pdf(&self, token: Option<&str>, req: PoRef) -> Result<ReceiptPdf> {
        self.authorize(token, Permission::Purchase)?;
        let (po, profile, supplier) = self.read(|c| {
            let po = own_po(c, &req.po_id)?;
            let supplier = pos_store::suppliers::get(c, &po.supplier_id)?;
            Ok((po, pos_store::profile::get(c)?, supplier))
        })?;
        let profile = profile.ok_or_else(|| {
            CoreError::new(
                crate::ErrorCode::NeedsSetup,
                "The store is not set up yet.",
                "Toko belum disiapkan.",
            )
        })?;
        let supplier_lines = supplier
            .map(|s| {
                [s.name, s.contact_name, s.address, s.phone, s.email]
                    .into_iter()
                    .filter(|l| !l.trim().is_empty())
                    .collect()
            })
            .unwrap_or_else(|| vec![po.supplier_name.clone()]);
        let date = |ms: i64| pos_domain::clock::wib_date_of_ms(ms).format("%d-%m-%Y").to_string();
        let d = PoDocument {
            store_name: profile.name.clone(),
            store_address: profile.address.clone(),
            store_phone: profile.phone.clone(),
            npwp: if profile.vat_registered {
                profile.npwp.clone()
            } else {
                String::new()
            },
            po_no: po.po_no.clone(),
            date: date(po.sent_at.unwrap_or(po.created_at)),
            expected: po.expected_at.map(date).unwrap_or_default(),
            supplier: supplier_lines,
            note: po.note.clone(),
            lines: po
                .lines
                .iter()
                .map(|l| PoDocLine {
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.ordered,
                    unit_cost: l.unit_cost,
                    discount_bp: l.discount_bp,
                    amount: l.amount,
                })
                .collect(),
            subtotal: po.subtotal,
            ppn_label: format!("PPN Masukan {}%", po.ppn_bp as f64 / 100.0),
            ppn: po.ppn,
            total: po.total,
        };
        Ok(crate::warehouse::pdf_file(
            format!("{}.pdf", po.po_no),
            pos_print::purchase::purchase_order_pdf(&d),
        ))
    }

    pub fn purchase_order_csv(&self, token: Option<&str>, req: PoRef) -> Result<CsvFile> {
        self.authorize(token, Permission::Purchase)?;
        let po = self.read(|c| own_po(c, &req.po_id))?;
        let mut csv = String::from("po_no,sku,barcode,name,quantity,unit_cost,discount_percent,amount\r\n");
        for l in &po.lines {
            let fields = [
                csv_field(&po.po_no, true),
                csv_field(&l.sku, true),
                csv_field(l.barcode.as_deref().unwrap_or(""), true),
                csv_field(&l.name, true),
                l.ordered.to_string(),
                l.unit_cost.to_string(),
                format!("{}", l.discount_bp as f64 / 100.0),
                l.amount.to_string(),
            ];
            csv.push_str(&fields.join(","));
            csv.push_str("\r\n");
        }
        Ok(CsvFile {
            file_name: format!("{}.csv", po.po_no),
            csv,
        })
    }

    /// The receipts posted against an order, by every terminal this one has heard from.
    pub fn purchase_order_receipts(&self, token: Option<&str>, req: PoRef) -> Result<Vec<ReceiptSummary>> {
        self.authorize(token, Permission::Receive)?;
        self.read(|c| {
            own_po(c, &req.po_id)?;
            Ok(pos_store::purchasing::receipts::of_order(c, &req.po_id)?)
        })
    }
}
