//! Midtrans (../shared/reference/payments.md): Snap's `POST /transactions` makes the payment page
//! (bank transfer VA, QRIS, e-wallets, cards); `GET /v2/{order_id}/status` confirms what a
//! notification says; a notification's `signature_key` is SHA-512 of order id, status code, gross
//! amount and the server key, over the strings exactly as received. Basic auth with the server key.

use super::{Bill, GatewayError, Outcome};
use crate::config::Midtrans;
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

fn auth(cfg: &Midtrans) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:", cfg.server_key.expose()))
    )
}

/// The Snap page for the bill: (redirect_url, token).
pub async fn snap(http: &reqwest::Client, cfg: &Midtrans, bill: &Bill) -> Result<(String, String), GatewayError> {
    let items: Vec<Value> = bill
        .items
        .iter()
        .map(|(id, name, price, qty)| json!({"id": id, "name": name, "price": price, "quantity": qty}))
        .collect();
    let body = json!({
        "transaction_details": {"order_id": bill.order_no, "gross_amount": bill.total},
        "item_details": items,
        "customer_details": {"first_name": bill.name, "email": bill.email, "phone": bill.phone},
        "expiry": {"unit": "minute", "duration": bill.hold_minutes},
        "callbacks": {"finish": bill.return_url},
    });
    let r = http
        .post(format!("{}/transactions", cfg.snap_url))
        .header("Authorization", auth(cfg))
        .header("Accept", "application/json")
        .json(&body)
        .send()
        .await
        .map_err(|e| GatewayError::Unreachable(e.without_url().to_string()))?;
    let status = r.status();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    if status.as_u16() != 201 && status.as_u16() != 200 {
        return Err(GatewayError::Refused(format!(
            "Snap answered {status}: {}",
            v["error_messages"]
        )));
    }
    match (v["redirect_url"].as_str(), v["token"].as_str()) {
        (Some(url), Some(token)) if url.starts_with("https://") || url.starts_with("http://127.0.0.1") => {
            Ok((url.to_string(), token.to_string()))
        }
        _ => Err(GatewayError::Refused("Snap gave no redirect_url".into())),
    }
}

/// The notification's signature is Midtrans's: SHA-512 over the fields as received.
pub fn signature_ok(cfg: &Midtrans, order_id: &str, status_code: &str, gross_amount: &str, signature: &str) -> bool {
    let mut h = Sha512::new();
    h.update(order_id.as_bytes());
    h.update(status_code.as_bytes());
    h.update(gross_amount.as_bytes());
    h.update(cfg.server_key.expose().as_bytes());
    let want: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    crate::visitor::constant_eq(want.as_bytes(), signature.trim().to_ascii_lowercase().as_bytes())
}

/// What Midtrans itself says of the order now (the status call every notification is checked by).
#[derive(Debug, Clone, Deserialize)]
pub struct Status {
    #[serde(default)]
    pub status_code: String,
    #[serde(default)]
    pub transaction_id: String,
    #[serde(default)]
    pub order_id: String,
    #[serde(default)]
    pub transaction_status: String,
    #[serde(default)]
    pub fraud_status: Option<String>,
    #[serde(default)]
    pub gross_amount: String,
}

impl Status {
    /// Paid means `settlement`, or `capture` with `fraud_status == "accept"`.
    pub fn outcome(&self) -> Outcome {
        match self.transaction_status.as_str() {
            "settlement" => Outcome::Paid,
            "capture" if self.fraud_status.as_deref() == Some("accept") => Outcome::Paid,
            "capture" | "pending" | "authorize" => Outcome::Pending,
            "refund" | "partial_refund" | "chargeback" | "partial_chargeback" => Outcome::Reversed,
            _ => Outcome::Failed,
        }
    }

    /// "789000.00" as whole rupiah; None for anything else (a fraction, junk).
    pub fn amount(&self) -> Option<i64> {
        parse_amount(&self.gross_amount)
    }
}

pub fn parse_amount(s: &str) -> Option<i64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "00"));
    if !frac.chars().all(|c| c == '0') || whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    whole.parse().ok()
}

pub async fn status(http: &reqwest::Client, cfg: &Midtrans, order_no: &str) -> Result<Status, GatewayError> {
    let r = http
        .get(format!(
            "{}/v2/{}/status",
            cfg.api_url,
            crate::html::urlencode(order_no)
        ))
        .header("Authorization", auth(cfg))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| GatewayError::Unreachable(e.without_url().to_string()))?;
    let s: Status = r
        .json()
        .await
        .map_err(|e| GatewayError::Refused(format!("the status was not JSON: {e}")))?;
    // A body status_code of 400 or more (407 aside) is an error even under HTTP 200.
    let code: u16 = s.status_code.parse().unwrap_or(0);
    if code >= 400 && code != 407 {
        return Err(GatewayError::Refused(format!("status call answered {}", s.status_code)));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    #[test]
    fn the_signature_is_sha512_of_the_fields_as_received() {
        let cfg = Midtrans {
            server_key: Secret::new("SB-Mid-server-abc"),
            api_url: String::new(),
            snap_url: String::new(),
        };
        let mut h = Sha512::new();
        h.update(b"WEB-1200789000.00SB-Mid-server-abc");
        let sig: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert!(signature_ok(&cfg, "WEB-1", "200", "789000.00", &sig));
        assert!(
            !signature_ok(&cfg, "WEB-1", "200", "789000", &sig),
            "the amount's text as received"
        );
        assert!(!signature_ok(&cfg, "WEB-2", "200", "789000.00", &sig));
        assert!(!signature_ok(&cfg, "WEB-1", "200", "789000.00", ""));
    }

    #[test]
    fn paid_is_settlement_or_an_accepted_capture_and_amounts_are_whole_rupiah() {
        let st = |s: &str, f: Option<&str>| Status {
            status_code: "200".into(),
            transaction_id: "t".into(),
            order_id: "o".into(),
            transaction_status: s.into(),
            fraud_status: f.map(str::to_string),
            gross_amount: "789000.00".into(),
        };
        assert_eq!(st("settlement", None).outcome(), Outcome::Paid);
        assert_eq!(st("capture", Some("accept")).outcome(), Outcome::Paid);
        assert_eq!(st("capture", Some("challenge")).outcome(), Outcome::Pending);
        assert_eq!(st("expire", None).outcome(), Outcome::Failed);
        assert_eq!(st("refund", None).outcome(), Outcome::Reversed);
        assert_eq!(parse_amount("789000.00"), Some(789_000));
        assert_eq!(parse_amount("789000.50"), None);
        assert_eq!(parse_amount("-5.00"), None);
        assert_eq!(parse_amount("1e9"), None);
    }
}
