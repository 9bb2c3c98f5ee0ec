//! Barcode labels for products, printed or as PDF.

use super::*;

/// Product or shelf labels: for products chosen by id, SKU or barcode.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductLabelsRequest {
    pub codes: Vec<String>,
    pub copies: u32,
    /// A PDF for an ordinary printer instead of the label printer.
    pub pdf: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ProductLabelsResult {
    pub labels: u32,
    pub printed: bool,
    pub pdf: Option<crate::counter::receipts::ReceiptPdf>,
}

impl Core {
    /// Name, price and barcode (EAN-13 when it is one, else Code128 of the SKU) on small labels,
    /// sent to this workstation's label printer or returned as a PDF.
    pub fn product_labels(&self, token: Option<&str>, req: ProductLabelsRequest) -> Result<ProductLabelsResult> {
        self.authorize(token, Permission::Fulfil)?;
        if req.codes.is_empty() || req.codes.len() > 500 {
            return Err(CoreError::invalid(
                "codes",
                "Choose 1 to 500 products",
                "Pilih 1 sampai 500 produk",
            ));
        }
        let copies =
            crate::error::bounded("copies", ("Copies", "Jumlah salinan"), i64::from(req.copies), 1, 100)? as u32;
        let (labels, printer) = self.read(|c| {
            let branch = Core::branch(c)?;
            let mut out = Vec::new();
            for code in &req.codes {
                let code = code.trim();
                let p = match pos_store::products::get(c, code, &branch)? {
                    Some(p) => Some(p),
                    None => {
                        let by_code =
                            pos_store::products::by_barcode(c, &pos_domain::Barcode::scan_forms(code), &branch)?;
                        match by_code {
                            Some(p) => Some(p),
                            None => pos_store::products::by_sku(c, code, &branch)?,
                        }
                    }
                }
                .ok_or_else(|| {
                    CoreError::invalid(
                        "codes",
                        format!("No product {code}"),
                        format!("Tidak ada produk {code}"),
                    )
                })?;
                out.push(pos_print::label::ProductLabel {
                    name: p.name,
                    price: p.price.to_string(),
                    barcode: p.barcode.unwrap_or_default(),
                    sku: p.sku,
                });
            }
            Ok((out, label_printer(c)?))
        })?;
        let n = labels.len() as u32 * copies;
        // Small labels: 50 × 30 mm on the same printer profile.
        let stock = LabelStock {
            width_mm: 50,
            height_mm: 30,
            ..printer.stock
        };
        if req.pdf {
            let pdf_stock = LabelStock {
                language: pos_print::label::LabelLanguage::Pdf,
                ..stock
            };
            let bytes = label::products(&labels, &pdf_stock, copies);
            return Ok(ProductLabelsResult {
                labels: n,
                printed: false,
                pdf: Some(pdf_file("product-labels.pdf".into(), bytes)),
            });
        }
        if printer.transport == pos_print::Transport::None {
            return Err(CoreError::invalid(
                "transport",
                "Set up the label printer first",
                "Atur printer label dulu",
            ));
        }
        let bytes = label::products(&labels, &stock, copies);
        send_labels(&printer, &bytes).map_err(|e| {
            CoreError::new(
                ErrorCode::Unavailable,
                format!("The label printer failed: {e}"),
                format!("Printer label gagal: {e}"),
            )
        })?;
        Ok(ProductLabelsResult {
            labels: n,
            printed: true,
            pdf: None,
        })
    }
}
