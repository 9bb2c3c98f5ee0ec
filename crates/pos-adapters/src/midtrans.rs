//! A small typed client of Midtrans's Core API for QRIS (../shared/reference/payments.md): Basic
//! auth with the server key, `POST /v2/charge`, `GET /v2/{order}/status`, `POST /v2/{order}/cancel`.
//! There is no maintained official Rust client. Midtrans reports errors in the body's
//! `status_code` even under HTTP 200 (407 is an expired charge, which is an answer, not an error).

use base64::Engine;
use pos_core::counter::qris::{GatewayCharge, GatewayError, PaymentGateway, QrisState};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use std::time::Duration;

pub const SANDBOX: &str = "https://api.sandbox.midtrans.com";

pub struct Midtrans {
    base_url: String,
    server_key: String,
    http: OnceLock<reqwest::blocking::Client>,
}

impl std::fmt::Debug for Midtrans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The server key is a secret: never in logs or debug output.
        f.debug_struct("Midtrans")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct ChargeRequest<'a> {
    payment_type: &'static str,
    transaction_details: TransactionDetails<'a>,
    qris: Acquirer,
    custom_expiry: CustomExpiry,
}

#[derive(Serialize)]
struct TransactionDetails<'a> {
    order_id: &'a str,
    /// Whole rupiah.
    gross_amount: i64,
}

#[derive(Serialize)]
struct Acquirer {
    acquirer: &'static str,
}

#[derive(Serialize)]
struct CustomExpiry {
    expiry_duration: i64,
    unit: &'static str,
}

/// Every answer of the Core API, success or error, as far as we read it.
#[derive(Debug, Default, Deserialize)]
struct Answer {
    /// "201", "200", "407", "500": a string.
    #[serde(default)]
    status_code: Option<String>,
    #[serde(default)]
    status_message: Option<String>,
    #[serde(default)]
    error_messages: Vec<String>,
    #[serde(default)]
    transaction_status: Option<TransactionStatus>,
    #[serde(default)]
    fraud_status: Option<String>,
    #[serde(default)]
    order_id: String,
    /// "789000.00": a string.
    #[serde(default)]
    gross_amount: Option<String>,
    #[serde(default)]
    qr_string: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum TransactionStatus {
    Settlement,
    Capture,
    Pending,
    Authorize,
    Expire,
    Cancel,
    Deny,
    Refund,
    PartialRefund,
    Chargeback,
    PartialChargeback,
    Failure,
    #[serde(other)]
    Other,
}

impl Midtrans {
    pub fn new(base_url: &str, server_key: &str) -> Midtrans {
        Midtrans {
            base_url: base_url.trim_end_matches('/').to_string(),
            server_key: server_key.to_string(),
            http: OnceLock::new(),
        }
    }

    fn http(&self) -> &reqwest::blocking::Client {
        crate::http::blocking(&self.http, Duration::from_secs(10))
    }

    fn auth(&self) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{}:", self.server_key))
        )
    }

    fn call(&self, req: reqwest::blocking::RequestBuilder) -> Result<Answer, GatewayError> {
        let res = req
            .header("Authorization", self.auth())
            .header("Accept", "application/json")
            .send()
            .map_err(|e| GatewayError::Unreachable(e.without_url().to_string()))?;
        let http = res.status().as_u16();
        let body: Answer = res
            .json()
            .map_err(|e| GatewayError::Refused(format!("unreadable answer: {e}")))?;
        let code: u16 = body.status_code.as_deref().and_then(|s| s.parse().ok()).unwrap_or(http);
        if http >= 400 || (code >= 400 && code != 407) {
            let msg = body
                .status_message
                .clone()
                .or_else(|| (!body.error_messages.is_empty()).then(|| body.error_messages.join("; ")))
                .unwrap_or_else(|| format!("HTTP {http}"));
            return Err(GatewayError::Refused(msg));
        }
        Ok(body)
    }

    fn charge_of(a: Answer) -> Result<GatewayCharge, GatewayError> {
        use TransactionStatus as S;
        let accepted = a.fraud_status.as_deref() == Some("accept");
        let state = match a.transaction_status {
            Some(S::Settlement) => QrisState::Paid,
            Some(S::Capture) if accepted => QrisState::Paid,
            Some(S::Pending | S::Capture | S::Authorize) => QrisState::Pending,
            Some(S::Expire) => QrisState::Expired,
            Some(S::Cancel) => QrisState::Cancelled,
            Some(_) => QrisState::Failed,
            None => return Err(GatewayError::Refused("no transaction_status".into())),
        };
        let amount = a
            .gross_amount
            .as_deref()
            .and_then(|s| s.split('.').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Ok(GatewayCharge {
            order_id: a.order_id,
            state,
            qr_string: a.qr_string,
            amount,
        })
    }
}

impl PaymentGateway for Midtrans {
    fn qris_charge(&self, order_id: &str, amount: i64, minutes: i64) -> Result<GatewayCharge, GatewayError> {
        let body = ChargeRequest {
            payment_type: "qris",
            transaction_details: TransactionDetails {
                order_id,
                gross_amount: amount,
            },
            qris: Acquirer { acquirer: "gopay" },
            custom_expiry: CustomExpiry {
                expiry_duration: minutes,
                unit: "minute",
            },
        };
        let out = self.call(self.http().post(format!("{}/v2/charge", self.base_url)).json(&body))?;
        let c = Midtrans::charge_of(out)?;
        if c.qr_string.is_empty() {
            return Err(GatewayError::Refused("the charge came back without a QR".into()));
        }
        Ok(c)
    }

    fn status(&self, order_id: &str) -> Result<GatewayCharge, GatewayError> {
        Midtrans::charge_of(self.call(self.http().get(format!("{}/v2/{order_id}/status", self.base_url)))?)
    }

    fn cancel(&self, order_id: &str) -> Result<GatewayCharge, GatewayError> {
        Midtrans::charge_of(self.call(self.http().post(format!("{}/v2/{order_id}/cancel", self.base_url)))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_stays_out_of_debug_output() {
        let m = format!("{:?}", Midtrans::new("https://x", "SB-Mid-server-SECRET"));
        assert!(!m.contains("SECRET"), "{m}");
    }

    #[test]
    fn a_captured_card_is_paid_only_when_fraud_accepted() {
        let read = |json: &str| Midtrans::charge_of(serde_json::from_str(json).unwrap()).unwrap().state;
        assert_eq!(
            read(r#"{"transaction_status":"capture","fraud_status":"accept"}"#),
            QrisState::Paid
        );
        assert_eq!(
            read(r#"{"transaction_status":"capture","fraud_status":"challenge"}"#),
            QrisState::Pending
        );
        assert_eq!(read(r#"{"transaction_status":"deny"}"#), QrisState::Failed);
        assert_eq!(read(r#"{"transaction_status":"something_new"}"#), QrisState::Failed);
    }
}
