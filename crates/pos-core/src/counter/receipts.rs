//! Receipts and printed reports from committed facts. Printing runs after the commit and reports
//! its outcome; a fault leaves the sale as it is and the cashier can reprint (marked COPY).

use crate::Core;
use crate::error::{CoreError, Result};
use crate::permissions::Permission;
use pos_domain::{Money, clock::wib};
use pos_print::escpos;
use pos_print::transport::Sink;
use pos_print::{Receipt, ReceiptLine};
use pos_store::profile::StoreProfile;
use pos_store::rusqlite::Connection;
use pos_store::sales::{Return, Sale, Tender, TenderKind};
use pos_store::shifts::{Shift, ShiftTotals};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ReprintRequest {
    pub sale_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ReceiptPdf {
    pub file_name: String,
    /// Where it was saved on this computer, when a documents folder is set up.
    pub saved_to: Option<String>,
    /// The PDF itself, base64-encoded, for the UI to offer as a download.
    pub base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PrintOutcome {
    pub printed: bool,
    /// Why nothing printed, in words for the cashier.
    pub error: Option<String>,
}

pub(crate) fn wib_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&wib()).format("%d/%m/%Y %H:%M WIB").to_string())
        .unwrap_or_default()
}

fn tender_label(t: &Tender) -> String {
    let kind = match t.kind {
        TenderKind::Cash => "Tunai",
        TenderKind::Card => "Kartu (EDC)",
        TenderKind::Transfer => "Transfer",
        TenderKind::Qris => "QRIS",
    };
    if t.reference.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} #{}", t.reference)
    }
}

fn tax_rows(mode: &str, rate_bp: i64, dpp: Money, ppn: Money) -> Vec<(String, Money)> {
    if mode == "not_registered" {
        return Vec::new();
    }
    let pct = format!("{}", rate_bp as f64 / 100.0).replace('.', ",");
    let how = if mode == "inclusive" { " (termasuk)" } else { "" };
    vec![("DPP".into(), dpp), (format!("PPN {pct}%{how}"), ppn)]
}

/// A 15-digit NPWP as printed on tax documents (01.234.567.8-901.234); a 16-digit one as it is.
pub(crate) fn npwp_display(n: &str) -> String {
    if n.len() == 15 && n.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}.{}.{}.{}-{}.{}",
            &n[0..2],
            &n[2..5],
            &n[5..8],
            &n[8..9],
            &n[9..12],
            &n[12..15]
        )
    } else {
        n.to_string()
    }
}

fn header(p: &StoreProfile, title: &str, number: &str, at: i64, cashier: &str, copy: bool, footer: String) -> Receipt {
    Receipt {
        store_name: p.name.clone(),
        address: p.address.clone(),
        phone: p.phone.clone(),
        npwp: npwp_display(&p.npwp),
        title: title.into(),
        number: number.into(),
        when: wib_time(at),
        cashier: cashier.into(),
        customer: None,
        copy,
        lines: Vec::new(),
        gross: Money::ZERO,
        discount_total: Money::ZERO,
        tax: Vec::new(),
        total: Money::ZERO,
        tenders: Vec::new(),
        change: Money::ZERO,
        footer: vec![footer],
        barcode: number.into(),
    }
}

pub(crate) fn sale_receipt(conn: &Connection, sale: &Sale, copy: bool) -> Result<Receipt> {
    let p = pos_store::profile::get(conn)?
        .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
    let mut r = header(
        &p,
        "STRUK PENJUALAN",
        &sale.receipt_no,
        sale.at,
        &sale.cashier_name,
        copy,
        super::settings::receipt_footer(conn)?,
    );
    r.customer = match &sale.customer_id {
        Some(id) => pos_store::customers::get(conn, id)?.map(|c| c.name),
        None => None,
    };
    r.lines = sale
        .lines
        .iter()
        .map(|l| ReceiptLine {
            name: l.name.clone(),
            quantity: l.quantity,
            unit_price: l.unit_price,
            amount: l.unit_price.checked_mul(l.quantity).unwrap_or_default(),
            discount: l.line_discount.checked_add(l.sale_discount).unwrap_or_default(),
        })
        .collect();
    r.gross = sale.gross;
    r.discount_total = sale.discount_total;
    r.tax = tax_rows(&sale.tax_mode, sale.ppn_rate_bp, sale.dpp, sale.ppn);
    r.total = sale.total;
    // Cash is shown as handed over; the change line gives the rest back.
    r.tenders = sale
        .tenders
        .iter()
        .map(|t| {
            let shown = if t.kind == TenderKind::Cash {
                t.amount.checked_add(sale.change_due).unwrap_or(t.amount)
            } else {
                t.amount
            };
            (tender_label(t), shown)
        })
        .collect();
    r.change = sale.change_due;
    Ok(r)
}

pub(crate) fn return_receipt(conn: &Connection, ret: &Return, sale: &Sale, cashier: &str) -> Result<Receipt> {
    let p = pos_store::profile::get(conn)?
        .ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
    let mut r = header(
        &p,
        "STRUK RETUR",
        &ret.return_no,
        ret.at,
        cashier,
        false,
        format!("Retur atas struk {}", sale.receipt_no),
    );
    r.lines = ret
        .lines
        .iter()
        .filter_map(|rl| {
            let l = sale.lines.iter().find(|l| l.id == rl.sale_line_id)?;
            Some(ReceiptLine {
                name: l.name.clone(),
                quantity: rl.quantity,
                unit_price: l.unit_price,
                amount: rl.amount,
                discount: Money::ZERO,
            })
        })
        .collect();
    r.gross = ret
        .lines
        .iter()
        .fold(Money::ZERO, |a, l| a.checked_add(l.amount).unwrap_or(a));
    r.tax = tax_rows(&sale.tax_mode, sale.ppn_rate_bp, ret.dpp, ret.ppn);
    r.total = ret.total;
    r.tenders = ret
        .tenders
        .iter()
        .map(|t| (format!("Dikembalikan: {}", tender_label(t)), t.amount))
        .collect();
    Ok(r)
}

impl Core {
    /// Sends bytes to this terminal's printer; the outcome in words for the cashier. `render` runs
    /// only when a printer is set up, so nothing is built for a till without one.
    pub(crate) fn send_to_printer(
        &self,
        render: impl FnOnce(pos_print::PaperWidth, bool) -> Result<Vec<u8>>,
        cash: bool,
    ) -> (bool, Option<String>) {
        let cfg = match self.read(|c| Ok(self.counter_context(c)?.settings.printer.clone())) {
            Ok(c) => c,
            Err(e) => return (false, Some(e.en)),
        };
        if cfg.transport == pos_print::Transport::None {
            return (
                false,
                Some("No receipt printer is set up / Printer struk belum diatur".into()),
            );
        }
        let bytes = match render(cfg.paper, cash && cfg.drawer) {
            Ok(b) => b,
            Err(e) => return (false, Some(e.en)),
        };
        match cfg.transport.send(&bytes) {
            Ok(()) => (true, None),
            Err(e) => {
                tracing::warn!(error = %e, "printing failed");
                (
                    false,
                    Some(format!(
                        "{e}. The sale is saved; reprint when the printer is back. / Transaksi tersimpan; cetak ulang setelah printer siap."
                    )),
                )
            }
        }
    }

    pub(crate) fn print_sale(&self, sale: &Sale, copy: bool) -> (bool, Option<String>) {
        let cash = !copy && sale.tenders.iter().any(|t| t.kind == TenderKind::Cash);
        self.send_to_printer(
            |w, drawer| Ok(escpos::render(&self.read(|c| sale_receipt(c, sale, copy))?, w, drawer)),
            cash,
        )
    }

    pub(crate) fn print_shift_report(
        &self,
        title: &str,
        shift: &Shift,
        t: &ShiftTotals,
        variance: Option<Money>,
    ) -> (bool, Option<String>) {
        let store = self
            .read(|c| Ok(pos_store::profile::get(c)?.map(|p| p.name).unwrap_or_default()))
            .unwrap_or_default();
        let mut rows: Vec<(String, String)> = vec![
            ("Terminal".into(), shift.terminal.clone()),
            ("Dibuka".into(), wib_time(shift.opened_at)),
            ("Oleh".into(), shift.opened_by_name.clone()),
        ];
        if let Some(at) = shift.closed_at {
            rows.push(("Ditutup".into(), wib_time(at)));
        }
        rows.push((String::new(), "PENJUALAN".into()));
        rows.push(("Transaksi".into(), t.sales_count.to_string()));
        rows.push(("Bruto".into(), t.gross.to_string()));
        rows.push(("Diskon".into(), t.discounts.to_string()));
        rows.push(("Total penjualan".into(), t.sales_total.to_string()));
        rows.push(("DPP".into(), t.dpp.to_string()));
        rows.push(("PPN".into(), t.ppn.to_string()));
        rows.push((String::new(), "PEMBAYARAN".into()));
        for a in &t.tenders {
            rows.push((format!("{} ({}x)", a.label, a.count), a.amount.to_string()));
        }
        rows.push((String::new(), "RETUR".into()));
        rows.push(("Retur".into(), format!("{}x {}", t.returns_count, t.returns_total)));
        for a in &t.refunds {
            rows.push((format!("Refund {}", a.label), a.amount.to_string()));
        }
        rows.push((String::new(), "KAS".into()));
        rows.push(("Modal awal".into(), shift.opening_float.to_string()));
        rows.push(("Kas masuk".into(), t.cash_in.to_string()));
        rows.push(("Kas keluar".into(), t.cash_out.to_string()));
        rows.push(("Kas seharusnya".into(), t.expected_cash.to_string()));
        if let (Some(c), Some(v)) = (shift.counted_cash, variance) {
            rows.push(("Kas terhitung".into(), c.to_string()));
            rows.push(("Selisih".into(), v.to_string()));
        }
        self.send_to_printer(|w, _| Ok(escpos::render_report(&store, title, &rows, w)), false)
    }

    /// Prints a short test page on this terminal's printer (and pulses the drawer when one is set
    /// up), so the printer settings can be checked before the first sale.
    pub fn test_print(&self, token: Option<&str>) -> Result<PrintOutcome> {
        let s = self.authorize(token, Permission::ManageCounter)?;
        let (store, terminal) = self.read(|c| {
            let ctx = self.counter_context(c)?;
            Ok((ctx.profile.name.clone(), ctx.settings.terminal.clone()))
        })?;
        let when = wib_time(self.now());
        let rows = vec![
            ("Terminal".to_string(), terminal),
            ("Waktu".to_string(), when),
            ("Oleh".to_string(), s.user.name.clone()),
            (String::new(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789".to_string()),
        ];
        let (printed, error) = self.send_to_printer(
            |w, drawer| {
                let mut bytes = escpos::render_report(&store, "TEST PRINT", &rows, w);
                if drawer {
                    let mut b = escpos::Builder::new();
                    b.drawer();
                    bytes.splice(0..0, b.finish());
                }
                Ok(bytes)
            },
            true,
        );
        Ok(PrintOutcome { printed, error })
    }

    /// Writes a document (receipt, report export) into the documents folder when one is set;
    /// returns where it went.
    /// The name is made a plain file name (a synced receipt number could carry anything).
    pub(crate) fn save_document(&self, file_name: &str, bytes: &[u8]) -> Result<Option<String>> {
        let Some(dir) = crate::lock(&self.documents).clone() else {
            return Ok(None);
        };
        let path = dir.join(plain_file_name(file_name));
        std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&path, bytes))
            .map_err(|e| {
                CoreError::new(
                    crate::ErrorCode::Internal,
                    format!("Could not save the file: {e}"),
                    format!("Gagal menyimpan berkas: {e}"),
                )
            })?;
        Ok(Some(path.to_string_lossy().into_owned()))
    }

    /// Where receipts saved as PDF go (the shell sets it: the user's documents folder).
    pub fn set_documents_dir(&self, dir: Option<std::path::PathBuf>) {
        *crate::lock(&self.documents) = dir;
    }

    /// The receipt of a stored sale as a PDF (the same text as the paper one), saved to the
    /// documents folder and returned.
    pub fn receipt_pdf(&self, token: Option<&str>, req: ReprintRequest) -> Result<ReceiptPdf> {
        self.authorize(token, Permission::Sell)?;
        let (receipt, width) = self.read(|c| {
            let sale = pos_store::sales::get(c, &req.sale_id)?
                .ok_or_else(|| CoreError::not_found("sale_id", "Sale", "Transaksi"))?;
            Ok((
                sale_receipt(c, &sale, false)?,
                self.counter_context(c)?.settings.printer.paper,
            ))
        })?;
        let bytes = pos_print::pdf::receipt_pdf(&receipt, width);
        let file_name = format!("{}.pdf", receipt.number);
        let saved_to = self.save_document(&file_name, &bytes)?;
        use base64::Engine;
        Ok(ReceiptPdf {
            file_name,
            saved_to,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    }

    /// Prints the receipt of a stored sale again, marked COPY; the drawer stays shut.
    pub fn reprint_receipt(&self, token: Option<&str>, req: ReprintRequest) -> Result<PrintOutcome> {
        let s = self.authorize(token, Permission::Sell)?;
        let sale = self
            .read(|c| Ok(pos_store::sales::get(c, &req.sale_id)?))?
            .ok_or_else(|| CoreError::not_found("sale_id", "Sale", "Transaksi"))?;
        self.write(|tx| {
            self.audit(
                tx,
                Some(&s.user.id),
                "sale.reprinted",
                ("sale", Some(&sale.id)),
                None,
                None,
            )
        })?;
        let (printed, error) = self.print_sale(&sale, true);
        Ok(PrintOutcome { printed, error })
    }
}

/// Letters, digits, dot, dash and underscore only, never starting with a dot, at most 120
/// characters: no folder, no hidden file, nothing a path could be made of.
pub fn plain_file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    while out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.is_empty() {
        out.push_str("document");
    }
    out
}

#[cfg(test)]
mod file_name_tests {
    use super::plain_file_name;

    #[test]
    fn a_number_from_elsewhere_never_becomes_a_path() {
        assert_eq!(plain_file_name("BDG1-T2-000123.pdf"), "BDG1-T2-000123.pdf");
        for hostile in ["../../etc/passwd.pdf", "..\\x.pdf", ".hidden", "C:\\x", "a/b"] {
            let n = plain_file_name(hostile);
            assert!(
                !n.contains('/') && !n.contains('\\') && !n.contains(':') && !n.starts_with('.'),
                "{n}"
            );
        }
        assert_eq!(plain_file_name("/abs"), "_abs");
        assert_eq!(plain_file_name(""), "document");
    }
}
