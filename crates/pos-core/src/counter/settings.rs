//! This terminal's code and printer, and the store's counter policies.

use crate::error::{CoreError, Result, bounded};
use crate::permissions::Permission;
use crate::{Core, json};
use pos_print::PrinterConfig;
use pos_store::rusqlite::Connection;
use pos_store::settings;
use serde::{Deserialize, Serialize};

pub const DEFAULT_DISCOUNT_LIMIT_BP: i64 = 1000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CounterSettings {
    /// This terminal's code in receipt numbers (BDG1-T1-000123): T1, T2, ...
    pub terminal: String,
    pub printer: PrinterConfig,
    /// The most a cashier may take off without a supervisor, in basis points (1000 = 10%).
    pub discount_limit_bp: i64,
    /// A cashier's return needs a supervisor's PIN.
    pub returns_need_supervisor: bool,
    /// Printed at the bottom of every receipt.
    pub receipt_footer: String,
}

pub(crate) fn terminal(conn: &Connection) -> Result<String> {
    Ok(settings::device(conn, "terminal")?.unwrap_or_else(|| "T1".into()))
}

pub(crate) fn printer(conn: &Connection) -> Result<PrinterConfig> {
    Ok(settings::device(conn, "printer")?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

pub(crate) fn discount_limit_bp(conn: &Connection) -> Result<i64> {
    Ok(settings::policy(conn, "discount_limit_bp")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_DISCOUNT_LIMIT_BP))
}

pub(crate) fn returns_need_supervisor(conn: &Connection) -> Result<bool> {
    Ok(settings::policy(conn, "returns_need_supervisor")?.is_none_or(|s| s == "1"))
}

pub(crate) fn receipt_footer(conn: &Connection) -> Result<String> {
    Ok(settings::policy(conn, "receipt_footer")?.unwrap_or_else(|| {
        "Terima kasih! Simpan struk ini untuk penukaran / Thank you! Keep this receipt for returns.".into()
    }))
}

/// What every sale needs from the settings, read once and kept until a setting changes.
#[derive(Debug, Clone)]
pub(crate) struct CounterContext {
    pub settings: CounterSettings,
    pub profile: pos_store::profile::StoreProfile,
}

impl Core {
    /// The cached context; `conn` must be the connection the caller holds (the database lock is
    /// always taken before this cache's, never after).
    pub(crate) fn counter_context(&self, conn: &Connection) -> Result<std::sync::Arc<CounterContext>> {
        let mut cache = crate::lock(&self.context);
        if let Some(c) = cache.as_ref() {
            return Ok(c.clone());
        }
        let profile = pos_store::profile::get(conn)?.ok_or_else(|| {
            CoreError::new(
                crate::ErrorCode::NeedsSetup,
                "The store is not set up yet.",
                "Toko belum disiapkan.",
            )
        })?;
        let ctx = std::sync::Arc::new(CounterContext {
            settings: load(conn)?,
            profile,
        });
        *cache = Some(ctx.clone());
        Ok(ctx)
    }

    /// Forgets the cached context after a change to settings or the store profile.
    pub(crate) fn settings_changed(&self) {
        *crate::lock(&self.context) = None;
    }
}

pub(crate) fn load(conn: &Connection) -> Result<CounterSettings> {
    Ok(CounterSettings {
        terminal: terminal(conn)?,
        printer: printer(conn)?,
        discount_limit_bp: discount_limit_bp(conn)?,
        returns_need_supervisor: returns_need_supervisor(conn)?,
        receipt_footer: receipt_footer(conn)?,
    })
}

impl Core {
    pub fn counter_settings(&self, token: Option<&str>) -> Result<CounterSettings> {
        self.authorize(token, Permission::Sell)?;
        self.read(load)
    }

    pub fn update_counter_settings(&self, token: Option<&str>, req: CounterSettings) -> Result<CounterSettings> {
        let s = self.authorize(token, Permission::ManageCounter)?;
        let terminal = req.terminal.trim().to_uppercase();
        if !(1..=6).contains(&terminal.len()) || !terminal.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CoreError::invalid(
                "terminal",
                "The terminal code is 1 to 6 letters or digits, like T1",
                "Kode terminal 1 sampai 6 huruf atau angka, misalnya T1",
            ));
        }
        let limit = bounded(
            "discount_limit_bp",
            ("Discount limit", "Batas diskon"),
            req.discount_limit_bp,
            0,
            10_000,
        )?;
        let footer = crate::error::text(
            "receipt_footer",
            ("Receipt footer", "Catatan kaki struk"),
            &req.receipt_footer,
            300,
            false,
        )?;
        match &req.printer.transport {
            pos_print::Transport::Network { address } if address.trim().is_empty() || address.len() > 200 => {
                return Err(CoreError::invalid(
                    "printer",
                    "Give the printer's address, like 192.168.1.50:9100",
                    "Isi alamat printer, misalnya 192.168.1.50:9100",
                ));
            }
            pos_print::Transport::Serial { path, baud }
                if path.trim().is_empty() || path.len() > 500 || !(1200..=921_600).contains(baud) =>
            {
                return Err(CoreError::invalid(
                    "printer",
                    "Give the serial port (like /dev/ttyUSB0 or COM3) and a speed between 1200 and 921600 baud",
                    "Isi port serial (misalnya /dev/ttyUSB0 atau COM3) dan kecepatan antara 1200 dan 921600 baud",
                ));
            }
            pos_print::Transport::Usb { device } if device.len() > 20 || pos_print::usb_ids(device).is_err() => {
                return Err(CoreError::invalid(
                    "printer",
                    "Give the USB printer's vendor and product id, like 04b8:0202",
                    "Isi ID vendor dan produk printer USB, misalnya 04b8:0202",
                ));
            }
            pos_print::Transport::File { path } if path.trim().is_empty() || path.len() > 500 => {
                return Err(CoreError::invalid(
                    "printer",
                    "Give the printer's device or file path",
                    "Isi path perangkat atau file printer",
                ));
            }
            _ => {}
        }
        self.write(|tx| {
            let before = load(tx)?;
            if terminal != before.terminal && pos_sync::local::state(tx, "device_id")?.is_some() {
                // The server knows this terminal by the code it enrolled with; its receipts carry it.
                return Err(CoreError::invalid(
                    "terminal",
                    "This terminal is enrolled with the sync server; its code cannot change",
                    "Terminal ini terdaftar di server sinkronisasi; kodenya tidak dapat diubah",
                ));
            }
            if terminal != before.terminal
                && pos_store::shifts::open_for(tx, &Core::branch(tx)?, &before.terminal)?.is_some()
            {
                return Err(CoreError::invalid(
                    "terminal",
                    "Close the open shift before renaming the terminal",
                    "Tutup shift yang terbuka sebelum mengganti kode terminal",
                ));
            }
            let policies_change = limit != before.discount_limit_bp
                || req.returns_need_supervisor != before.returns_need_supervisor
                || footer != before.receipt_footer;
            if policies_change {
                // Store-wide: every terminal follows them.
                crate::permissions::trusted_desk(tx)?;
            }
            settings::set_device(tx, "terminal", &terminal)?;
            settings::set_device(tx, "printer", &serde_json::to_string(&req.printer).unwrap_or_default())?;
            settings::set_policy(tx, "discount_limit_bp", &limit.to_string())?;
            settings::set_policy(
                tx,
                "returns_need_supervisor",
                if req.returns_need_supervisor { "1" } else { "0" },
            )?;
            settings::set_policy(tx, "receipt_footer", &footer)?;
            let after = load(tx)?;
            let policies = serde_json::json!({
                "discount_limit_bp": after.discount_limit_bp,
                "returns_need_supervisor": after.returns_need_supervisor,
                "receipt_footer": after.receipt_footer,
            });
            if policies_change {
                self.outbox(tx, &s.user.id, "store_policies", "policies", &policies)?;
            }
            self.settings_changed();
            self.audit(
                tx,
                Some(&s.user.id),
                "counter.settings_changed",
                ("terminal", None),
                json(&before),
                json(&after),
            )?;
            Ok(after)
        })
    }
}
