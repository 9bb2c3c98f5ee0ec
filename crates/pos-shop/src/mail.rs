//! Mail to customers (verify an email, reset a password, "someone tried to register with your
//! email"), over the operator's SMTP server (`HURTROCK_SHOP_SMTP_URL`: `smtps://user:pass@host:465`
//! or `smtp://host:587?tls=required`; a loopback `smtp://127.0.0.1:port` in tests), sent off the
//! request's path. Each mail says it in Bahasa Indonesia, then in English.

use crate::config::Secret;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(url: &Secret, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|e| format!("HURTROCK_SHOP_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from.parse().map_err(|e| format!("HURTROCK_SHOP_MAIL_FROM: {e}"))?;
        Ok(Mailer { transport, from })
    }

    /// A mail with a calendar invitation attached (`text/calendar; method=REQUEST` or `CANCEL`).
    pub async fn send_with_invitation(
        &self,
        to: &str,
        subject: &str,
        body: String,
        ics: Option<(&str, String)>,
    ) -> Result<(), String> {
        use lettre::message::header::ContentType;
        use lettre::message::{Attachment, MultiPart, SinglePart};
        let Some((method, ics)) = ics else {
            return self.send(to, subject, body).await;
        };
        let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
        let calendar =
            ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}")).map_err(|e| e.to_string())?;
        let m = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body))
                    .singlepart(Attachment::new("booking.ics".into()).body(ics, calendar)),
            )
            .map_err(|e| e.to_string())?;
        self.transport.send(m).await.map(|_| ()).map_err(|e| e.to_string())
    }

    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
        let m = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport.send(m).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// A mail to send, in both languages.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Mail {
    pub fn verify(to: &str, store: &str, link: &str) -> Mail {
        Mail {
            to: to.into(),
            subject: format!("Verifikasi email Anda · Verify your email — {store}"),
            body: format!(
                "Halo,\n\nBuka tautan ini untuk memverifikasi email akun Anda di {store} (berlaku 24 jam):\n{link}\n\n\
                 Hello,\n\nOpen this link to verify your {store} account's email (valid for 24 hours):\n{link}\n\n\
                 Bukan Anda? Abaikan email ini. · Not you? Ignore this email.\n"
            ),
        }
    }

    pub fn reset(to: &str, store: &str, link: &str) -> Mail {
        Mail {
            to: to.into(),
            subject: format!("Atur ulang kata sandi · Reset your password — {store}"),
            body: format!(
                "Halo,\n\nBuka tautan ini untuk membuat kata sandi baru (berlaku 1 jam, sekali pakai):\n{link}\n\n\
                 Hello,\n\nOpen this link to choose a new password (valid for 1 hour, once):\n{link}\n\n\
                 Bukan Anda? Abaikan email ini; kata sandi Anda tidak berubah. · Not you? Ignore this email; your password stays.\n"
            ),
        }
    }

    pub fn already_registered(to: &str, store: &str, base: &str) -> Mail {
        Mail {
            to: to.into(),
            subject: format!("Akun Anda · Your account — {store}"),
            body: format!(
                "Halo,\n\nSeseorang mencoba mendaftar di {store} dengan email ini, padahal Anda sudah punya akun.\n\
                 Masuk di {base}/account/signin atau atur ulang kata sandi di {base}/account/forgot.\n\n\
                 Hello,\n\nSomeone tried to register at {store} with this email, which already has an account.\n\
                 Sign in at {base}/account/signin or reset the password at {base}/account/forgot.\n"
            ),
        }
    }
}

/// Sends in the background (the customer's page does not wait for the mail server); a failure
/// is logged without the address.
pub fn dispatch(mailer: Option<std::sync::Arc<Mailer>>, mail: Mail) {
    let Some(mailer) = mailer else {
        tracing::warn!(subject = %mail.subject, "no SMTP server is configured: mail not sent");
        return;
    };
    tokio::spawn(async move {
        if let Err(e) = mailer.send(&mail.to, &mail.subject, mail.body).await {
            tracing::warn!(error = %e, subject = %mail.subject, "mail not sent");
        }
    });
}
