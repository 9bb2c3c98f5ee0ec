//! QRIS through Midtrans's Core API (../shared/reference/payments.md): a dynamic QR per sale,
//! shown on the till and the customer display with a countdown, confirmed by status polling,
//! cancellable, and refused above Bank Indonesia's Rp 10.000.000 cap. Offline (or with no gateway
//! set up) QRIS is unavailable and says so; the other tenders work. A QRIS tender is accepted at
//! checkout only for a charge the gateway reported as paid, for exactly its amount, once.

use crate::error::{CoreError, ErrorCode, Result, text};
use crate::permissions::Permission;
use crate::{Core, lock};
use base64::Engine;
use pos_domain::Money;
use serde::{Deserialize, Serialize};

/// Bank Indonesia's cap on one QRIS payment.
pub const QRIS_MAX: i64 = 10_000_000;
pub const QRIS_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum QrisState {
    Pending,
    Paid,
    Expired,
    Cancelled,
    Failed,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GatewayError {
    #[error("the payment gateway cannot be reached: {0}")]
    Unreachable(String),
    #[error("the payment gateway refused: {0}")]
    Refused(String),
}

/// What a gateway says about a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayCharge {
    pub order_id: String,
    pub state: QrisState,
    pub qr_string: String,
    pub amount: i64,
}

/// The port to a payment gateway: `pos-adapters`' Midtrans client in production (tested there
/// against a loopback fake of its API).
pub trait PaymentGateway: Send + Sync {
    fn qris_charge(
        &self,
        order_id: &str,
        amount: i64,
        minutes: i64,
    ) -> std::result::Result<GatewayCharge, GatewayError>;
    fn status(&self, order_id: &str) -> std::result::Result<GatewayCharge, GatewayError>;
    fn cancel(&self, order_id: &str) -> std::result::Result<GatewayCharge, GatewayError>;
}

/// A QRIS charge as the till tracks it.
#[derive(Debug, Clone)]
pub(crate) struct Charge {
    pub amount: i64,
    pub qr_svg: String,
    pub expires_at: i64,
    pub state: QrisState,
    pub used: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct QrisStart {
    pub amount: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct QrisRef {
    pub order_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct QrisView {
    pub order_id: String,
    pub amount: Money,
    pub state: QrisState,
    /// The QR as an SVG data URL, drawn on this device from the gateway's qr_string.
    pub qr: String,
    pub expires_at: i64,
}

fn unavailable(detail: &str) -> CoreError {
    CoreError::new(
        ErrorCode::Unavailable,
        format!("QRIS is unavailable right now ({detail}). Take cash, card or transfer."),
        format!("QRIS sedang tidak tersedia ({detail}). Gunakan tunai, kartu, atau transfer."),
    )
}

fn gateway_error(e: GatewayError) -> CoreError {
    match e {
        GatewayError::Unreachable(_) => unavailable("offline / tidak terhubung"),
        GatewayError::Refused(m) => unavailable(&m),
    }
}

fn qr_svg(data: &str) -> Result<String> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|_| unavailable("QR"))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(280, 280)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

impl Core {
    /// Sets the payment gateway (the shell does, from its configuration; tests pass a fake).
    pub fn set_gateway(&self, gateway: Option<std::sync::Arc<dyn PaymentGateway>>) {
        *lock(&self.gateway) = gateway;
    }

    fn view(order_id: &str, c: &Charge) -> QrisView {
        QrisView {
            order_id: order_id.to_string(),
            amount: Money::new(c.amount).unwrap_or_default(),
            state: c.state,
            qr: c.qr_svg.clone(),
            expires_at: c.expires_at,
        }
    }

    pub fn qris_start(&self, token: Option<&str>, req: QrisStart) -> Result<QrisView> {
        self.authorize(token, Permission::Sell)?;
        if req.amount <= 0 {
            return Err(CoreError::invalid("amount", "Enter the amount", "Isi jumlahnya"));
        }
        if req.amount > QRIS_MAX {
            return Err(CoreError::invalid(
                "amount",
                "QRIS takes at most Rp 10.000.000 per payment (Bank Indonesia); use card or transfer for the rest",
                "QRIS maksimal Rp 10.000.000 per pembayaran (Bank Indonesia); sisanya dengan kartu atau transfer",
            ));
        }
        let gateway = lock(&self.gateway)
            .clone()
            .ok_or_else(|| unavailable("not set up / belum diatur"))?;
        let terminal = self.read(|c| Ok(self.counter_context(c)?.settings.terminal.clone()))?;
        let order_id = format!("HR-{terminal}-{}", pos_domain::new_id());
        let charge = gateway
            .qris_charge(&order_id, req.amount, QRIS_MINUTES)
            .map_err(gateway_error)?;
        if charge.amount != 0 && charge.amount != req.amount {
            return Err(unavailable("amount mismatch"));
        }
        let c = Charge {
            amount: req.amount,
            qr_svg: qr_svg(&charge.qr_string)?,
            expires_at: self.now() + QRIS_MINUTES * 60_000,
            state: charge.state,
            used: false,
        };
        let view = Core::view(&order_id, &c);
        lock(&self.qris).insert(order_id, c);
        Ok(view)
    }

    fn tracked(&self, order_id: &str) -> Result<Charge> {
        lock(&self.qris)
            .get(order_id)
            .cloned()
            .ok_or_else(|| CoreError::not_found("order_id", "QRIS charge", "Tagihan QRIS"))
    }

    /// Asks the gateway how the charge stands (the till polls this every couple of seconds).
    pub fn qris_status(&self, token: Option<&str>, req: QrisRef) -> Result<QrisView> {
        self.authorize(token, Permission::Sell)?;
        let order_id = text("order_id", ("Order", "Order"), &req.order_id, 80, true)?;
        let mut c = self.tracked(&order_id)?;
        if c.state == QrisState::Pending {
            let gateway = lock(&self.gateway)
                .clone()
                .ok_or_else(|| unavailable("not set up / belum diatur"))?;
            match gateway.status(&order_id) {
                Ok(g) if g.state == QrisState::Paid && g.amount != 0 && g.amount != c.amount => {
                    c.state = QrisState::Failed
                }
                Ok(g) => c.state = g.state,
                // Offline for a moment: still pending; the till keeps asking until expiry.
                Err(GatewayError::Unreachable(_)) => {}
                Err(e) => return Err(gateway_error(e)),
            }
            if c.state == QrisState::Pending && self.now() > c.expires_at {
                c.state = QrisState::Expired;
            }
            if let Some(stored) = lock(&self.qris).get_mut(&order_id) {
                stored.state = c.state;
            }
        }
        Ok(Core::view(&order_id, &c))
    }

    pub fn qris_cancel(&self, token: Option<&str>, req: QrisRef) -> Result<QrisView> {
        self.authorize(token, Permission::Sell)?;
        let mut c = self.tracked(&req.order_id)?;
        if c.state == QrisState::Pending {
            if let Some(gateway) = lock(&self.gateway).clone() {
                // A charge paid in the very last second stays paid.
                c.state = match gateway.cancel(&req.order_id) {
                    Ok(g) if g.state == QrisState::Paid => QrisState::Paid,
                    _ => QrisState::Cancelled,
                };
            } else {
                c.state = QrisState::Cancelled;
            }
            if let Some(stored) = lock(&self.qris).get_mut(&req.order_id) {
                stored.state = c.state;
            }
        }
        Ok(Core::view(&req.order_id, &c))
    }

    /// Checkout's check of a QRIS tender: paid, for exactly this amount, not used before.
    pub(crate) fn claim_qris(&self, order_id: &str, amount: i64) -> Result<()> {
        let mut all = lock(&self.qris);
        match all.get_mut(order_id) {
            Some(c) if c.state == QrisState::Paid && c.amount == amount && !c.used => {
                c.used = true;
                Ok(())
            }
            _ => Err(CoreError::invalid(
                "tenders",
                "This QRIS payment is not confirmed as paid for this amount",
                "Pembayaran QRIS ini belum terkonfirmasi lunas untuk jumlah ini",
            )),
        }
    }

    /// Gives a claimed QRIS payment back when the checkout that claimed it did not go through.
    pub(crate) fn unclaim_qris(&self, order_id: &str) {
        if let Some(c) = lock(&self.qris).get_mut(order_id) {
            c.used = false;
        }
    }
}
