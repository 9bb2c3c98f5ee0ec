//! A loopback SMTP server that keeps every message it is given (RFC 5321's plain dialogue: no TLS,
//! no auth), decoded from its transfer encoding, for tests to read the links in customers' mail.

use base64::Engine;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[derive(Debug, Clone)]
pub struct Caught {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

#[derive(Clone)]
pub struct Smtp {
    pub port: u16,
    caught: Arc<Mutex<Vec<Caught>>>,
}

fn decode(raw: &str) -> (String, String) {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    // Folded header lines joined (a multipart's boundary is often on the next line).
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let head = head.as_str();
    let header = |name: &str| {
        head.lines()
            .find(|l| {
                l.to_ascii_lowercase()
                    .starts_with(&format!("{}:", name.to_ascii_lowercase()))
            })
            .map(|l| l.split_once(':').unwrap().1.trim().to_string())
            .unwrap_or_default()
    };
    // A multipart mail: each part decoded on its own, one after the other (text, then attachments).
    let content_type = header("Content-Type");
    if let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_string())
        .filter(|_| content_type.to_ascii_lowercase().starts_with("multipart/"))
    {
        let parts: Vec<String> = body
            .split(&format!("--{boundary}"))
            .map(|p| p.trim_start_matches("\r\n"))
            .filter(|p| !p.trim().is_empty() && !p.starts_with("--"))
            .map(|p| decode(p).1)
            .collect();
        return (header("Subject"), parts.join("\n"));
    }
    let body = match header("Content-Transfer-Encoding").to_ascii_lowercase().as_str() {
        "base64" => {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8_lossy(
                &base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default(),
            )
            .into_owned()
        }
        "quoted-printable" => super::unescape(&body.replace("=\r\n", ""), b'='),
        _ => body.to_string(),
    };
    (header("Subject"), body)
}

impl Smtp {
    pub async fn start() -> Smtp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let caught = Arc::new(Mutex::new(Vec::new()));
        let keep = caught.clone();
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else { return };
                let keep = keep.clone();
                tokio::spawn(async move {
                    let (r, mut w) = sock.into_split();
                    let mut lines = BufReader::new(r).lines();
                    let _ = w.write_all(b"220 fake.smtp ESMTP\r\n").await;
                    let mut to = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let up = line.to_ascii_uppercase();
                        let reply: &[u8] = if up.starts_with("EHLO") || up.starts_with("HELO") {
                            b"250-fake.smtp\r\n250 8BITMIME\r\n"
                        } else if up.starts_with("RCPT TO:") {
                            to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                            b"250 OK\r\n"
                        } else if up.starts_with("DATA") {
                            let _ = w.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await;
                            let mut raw = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                raw.push_str(l.strip_prefix('.').unwrap_or(&l));
                                raw.push_str("\r\n");
                            }
                            let (subject, body) = decode(&raw);
                            keep.lock().unwrap().push(Caught {
                                to: std::mem::take(&mut to),
                                subject,
                                body,
                            });
                            b"250 OK queued\r\n"
                        } else if up.starts_with("QUIT") {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"250 OK\r\n"
                        };
                        if w.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Smtp { port, caught }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn all(&self) -> Vec<Caught> {
        self.caught.lock().unwrap().clone()
    }

    /// The `n`th message to `to` (waiting for it a while: mail is sent off the request's path).
    pub async fn nth_to(&self, to: &str, n: usize) -> Caught {
        for _ in 0..200 {
            let mine: Vec<Caught> = self
                .all()
                .into_iter()
                .filter(|m| m.to.iter().any(|t| t == to))
                .collect();
            if mine.len() > n {
                return mine[n].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("no message number {n} to {to}; caught: {:?}", self.all());
    }

    /// The first link in a message that starts with `prefix` (its path, without the host).
    pub fn link(m: &Caught, prefix: &str) -> String {
        let start = m
            .body
            .find(prefix)
            .unwrap_or_else(|| panic!("a {prefix} link in {}", m.body));
        let link: String = m.body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
        link
    }
}
