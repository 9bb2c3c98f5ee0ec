//! Shipping labels: preview, the label printer's settings, and batch jobs that resume after a printer fault.

use super::*;
use pos_store::label_jobs;

impl Core {
    pub(super) fn shipping_label(&self, conn: &Connection, o: &Order) -> Result<ShippingLabel> {
        let p = pos_store::profile::get(conn)?
            .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
        let c = service(conn, &o.courier_service).or_else(|_| {
            orders::courier_services(conn)?
                .into_iter()
                .find(|c| c.id == o.courier_service)
                .ok_or_else(order_404)
        })?;
        let tracking = o.tracking_no.clone().unwrap_or_default();
        let qr = if !tracking.is_empty() && !c.tracking_url.is_empty() {
            c.tracking_url.replace("{tracking}", &tracking)
        } else {
            format!("HURTROCK-ORDER:{}", o.order_no)
        };
        let address = [o.ship_address.as_str(), o.ship_city.as_str(), o.ship_postal.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        Ok(ShippingLabel {
            sender: Party {
                name: p.name,
                phone: p.phone,
                address: p.address,
            },
            recipient: Party {
                name: o.ship_name.clone(),
                phone: o.ship_phone.clone(),
                address,
            },
            order_no: o.order_no.clone(),
            courier: c.courier,
            service: c.service,
            weight_g: o.packed_weight_g.unwrap_or(0),
            items: o.lines.iter().map(|l| format!("{}x {}", l.quantity, l.name)).collect(),
            tracking_no: tracking,
            qr,
            date: pos_domain::wib_date(self.clock.now()).format("%d/%m/%Y").to_string(),
        })
    }

    /// The label as the printer will print it, drawn for the screen.
    pub fn label_preview(&self, token: Option<&str>, req: OrderId) -> Result<LabelPreview> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(|c| {
            let o = self.load_order(c, &req.id)?;
            let printer = label_printer(c)?;
            let label = self.shipping_label(c, &o)?;
            Ok(LabelPreview {
                svg: label::shipping_svg(&label, &printer.stock),
                label,
            })
        })
    }

    pub fn label_printer(&self, token: Option<&str>) -> Result<LabelPrinter> {
        self.authorize(token, Permission::Fulfil)?;
        self.read(label_printer)
    }

    pub fn update_label_printer(&self, token: Option<&str>, req: LabelPrinter) -> Result<LabelPrinter> {
        let s = self.authorize(token, Permission::Fulfil)?;
        req.stock
            .check()
            .map_err(|e| CoreError::invalid("stock", e.clone(), e))?;
        self.write(|tx| {
            let before = label_printer(tx)?;
            pos_store::settings::set_device(
                tx,
                "label_printer",
                &serde_json::to_string(&req).map_err(CoreError::internal)?,
            )?;
            self.audit(
                tx,
                Some(&s.user.id),
                "settings.label_printer",
                ("device", None),
                json(&before),
                json(&req),
            )?;
            Ok(req.clone())
        })
    }

    /// A batch of shipping labels for packed orders, printed one by one with [`Core::label_job_step`].
    pub fn start_label_job(&self, token: Option<&str>, req: OrderIds) -> Result<LabelJob> {
        self.authorize(token, Permission::Fulfil)?;
        if req.ids.is_empty() || req.ids.len() > 1000 {
            return Err(CoreError::invalid(
                "ids",
                "Choose 1 to 1000 orders",
                "Pilih 1 sampai 1000 pesanan",
            ));
        }
        let now = self.now();
        self.write(|tx| {
            for id in &req.ids {
                let o = self.load_order(tx, id)?;
                if o.tracking_no.is_none() {
                    return Err(CoreError::invalid(
                        "ids",
                        format!("Order {} has no tracking number yet", o.order_no),
                        format!("Pesanan {} belum punya nomor resi", o.order_no),
                    ));
                }
            }
            let id = pos_domain::new_id();
            label_jobs::create(tx, &id, &req.ids, now)?;
            job(tx, &id)
        })
    }

    /// Prints the job's next label. The count moves only when the printer took the bytes, so after
    /// a fault (out of paper, unplugged) the same call resumes where it stopped.
    pub fn label_job_step(&self, token: Option<&str>, req: LabelJobId) -> Result<LabelJob> {
        self.authorize(token, Permission::Fulfil)?;
        let (mut j, bytes, printer) = self.read(|c| {
            let j = job(c, &req.id)?;
            let printer = label_printer(c)?;
            if j.done >= j.total {
                return Ok((j, None, printer));
            }
            let o = self.load_order(c, &j.order_ids[j.done as usize])?;
            let l = self.shipping_label(c, &o)?;
            Ok((j, Some(label::shipping(&l, &printer.stock)), printer))
        })?;
        let Some(bytes) = bytes else { return Ok(j) };
        if printer.transport == pos_print::Transport::None {
            return Err(CoreError::invalid(
                "transport",
                "Set up the label printer first",
                "Atur printer label dulu",
            ));
        }
        let result = send_labels(&printer, &bytes);
        let now = self.now();
        self.write(|tx| {
            match &result {
                Ok(()) => label_jobs::printed_one(tx, &req.id, now)?,
                Err(e) => label_jobs::failed(tx, &req.id, &e.to_string(), now)?,
            }
            Ok(())
        })?;
        j = self.read(|c| job(c, &req.id))?;
        Ok(j)
    }

    /// The labels of the given orders as one PDF (a page each), for an ordinary printer.
    pub fn labels_pdf(&self, token: Option<&str>, req: OrderIds) -> Result<crate::counter::receipts::ReceiptPdf> {
        self.authorize(token, Permission::Fulfil)?;
        if req.ids.is_empty() || req.ids.len() > 1000 {
            return Err(CoreError::invalid(
                "ids",
                "Choose 1 to 1000 orders",
                "Pilih 1 sampai 1000 pesanan",
            ));
        }
        let labels = self.read(|c| {
            req.ids
                .iter()
                .map(|id| self.shipping_label(c, &self.load_order(c, id)?))
                .collect::<Result<Vec<_>>>()
        })?;
        let stock = LabelStock {
            language: pos_print::label::LabelLanguage::Pdf,
            ..self.read(label_printer)?.stock
        };
        use base64::Engine;
        let pdf = label::shipping_batch(&labels, &stock);
        Ok(crate::counter::receipts::ReceiptPdf {
            file_name: format!("labels-{}.pdf", labels.first().map_or("", |l| l.order_no.as_str())),
            saved_to: None,
            base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        })
    }
}

/// Label printers get the bytes only; an ESC/POS printer the paper check first.
pub(super) fn send_labels(printer: &LabelPrinter, bytes: &[u8]) -> std::result::Result<(), pos_print::PrintError> {
    if printer.stock.language == pos_print::label::LabelLanguage::EscPos {
        printer.transport.send(bytes)
    } else {
        printer.transport.send_label(bytes)
    }
}

pub(super) fn job(conn: &Connection, id: &str) -> Result<LabelJob> {
    label_jobs::get(conn, id)?.ok_or_else(|| CoreError::not_found("id", "Print job", "Tugas cetak"))
}
