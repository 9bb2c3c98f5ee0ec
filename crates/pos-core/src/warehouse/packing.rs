//! Packing by scanning, the packed weight, and the courier's tracking number.

use super::*;

impl Core {
    /// Packing: each scan counts one unit of the matching line. A product that is not in the
    /// order, or one more than ordered, is refused loudly and counts nothing.
    pub fn pack_scan(&self, token: Option<&str>, req: PackScan) -> Result<PackResult> {
        self.authorize(token, Permission::Fulfil)?;
        let code = req.code.trim();
        if code.is_empty() || code.len() > 64 {
            return Err(CoreError::invalid(
                "code",
                "Scan the item's barcode",
                "Pindai barcode barang",
            ));
        }
        let forms = pos_domain::Barcode::scan_forms(code);
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if o.status != OrderStatus::Picking {
                return Err(CoreError::invalid(
                    "id",
                    "Pick the order before packing it",
                    "Ambil barang pesanan sebelum mengemas",
                ));
            }
            let matches = |l: &OrderLine| {
                l.sku.eq_ignore_ascii_case(code) || l.barcode.as_ref().is_some_and(|b| forms.iter().any(|f| f == b))
            };
            let Some(line) = o.lines.iter().find(|l| matches(l)) else {
                return Err(CoreError::new(
                    ErrorCode::Invalid,
                    format!("WRONG ITEM: {code} is not in order {}", o.order_no),
                    format!("BARANG SALAH: {code} tidak ada di pesanan {}", o.order_no),
                )
                .on("code"));
            };
            let Some(line) = o.lines.iter().filter(|l| matches(l)).find(|l| l.packed < l.quantity) else {
                return Err(CoreError::new(
                    ErrorCode::Invalid,
                    format!("TOO MANY: all {} of {} are packed already", line.quantity, line.name),
                    format!("KELEBIHAN: {} {} sudah dikemas semua", line.quantity, line.name),
                )
                .on("code"));
            };
            orders::count_packed(tx, &line.id)?;
            orders::touch(tx, &o.id, self.now())?;
            let order = self.load_order(tx, &o.id)?;
            let complete = order.lines.iter().all(|l| l.packed == l.quantity);
            Ok(PackResult {
                line_no: line.line_no,
                complete,
                order,
            })
        })
    }

    pub fn set_packed_weight(&self, token: Option<&str>, req: PackedWeight) -> Result<Order> {
        self.authorize(token, Permission::Fulfil)?;
        let w = crate::error::bounded("weight_g", ("Weight", "Berat"), req.weight_g, 1, 200_000)?;
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if !matches!(o.status, OrderStatus::Picking | OrderStatus::Packed) {
                return Err(CoreError::invalid(
                    "id",
                    "Weigh the parcel while packing",
                    "Timbang paket saat mengemas",
                ));
            }
            orders::set_packed_weight(tx, &o.id, w, self.now())?;
            self.load_order(tx, &o.id)
        })
    }

    /// The courier's tracking number (scanned or typed), or a unique one for the store's own
    /// delivery: branch, date and a random part, checked against every order here.
    pub fn set_tracking(&self, token: Option<&str>, req: TrackingRequest) -> Result<Order> {
        self.authorize(token, Permission::Fulfil)?;
        let given = req
            .tracking_no
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_uppercase);
        if let Some(t) = &given
            && (t.len() < 6 || t.len() > 40 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(CoreError::invalid(
                "tracking_no",
                "A tracking number is 6 to 40 letters and digits",
                "Nomor resi 6 sampai 40 huruf dan angka",
            ));
        }
        self.write(|tx| {
            let o = self.load_order(tx, &req.id)?;
            if !matches!(o.status, OrderStatus::Picking | OrderStatus::Packed) {
                return Err(CoreError::invalid(
                    "id",
                    "Set the tracking number while packing",
                    "Isi nomor resi saat mengemas",
                ));
            }
            let tracking = match given.clone() {
                Some(t) => t,
                None => loop {
                    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
                    let mut raw = [0u8; 6];
                    getrandom::getrandom(&mut raw).map_err(CoreError::internal)?;
                    let tail: String = raw
                        .iter()
                        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                        .collect();
                    let day = pos_domain::wib_date(self.clock.now()).format("%y%m%d");
                    let t = format!("HR{}{day}{tail}", o.branch);
                    if orders::tracking_used_by(tx, &t, "")?.is_none() {
                        break t;
                    }
                },
            };
            if let Some(other) = orders::tracking_used_by(tx, &tracking, &o.id)? {
                return Err(CoreError::new(
                    ErrorCode::Duplicate,
                    format!("That tracking number is already on order {other}"),
                    format!("Nomor resi itu sudah dipakai pesanan {other}"),
                )
                .on("tracking_no"));
            }
            orders::set_tracking(tx, &o.id, &tracking, self.now())?;
            self.load_order(tx, &o.id)
        })
    }
}
