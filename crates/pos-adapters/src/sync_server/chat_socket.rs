//! The till's chat socket (`/v1/chat/socket`, the device's token): a doorbell. It says hello from
//! the terminal's feed place and rings for every message the server sends after it (the feed
//! itself, fetched by the engine, is where messages are read and written in order), and once on
//! opening; it answers the server's pings and ends when the connection does.
//! Holding it open also tells the shop's widget that the store is online.

use futures_util::{SinkExt, StreamExt};
use pos_sync::{Credentials, SyncError};
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// `https://sync.example/` → `wss://sync.example/v1/chat/socket`.
fn socket_url(server: &str) -> String {
    let base = server.trim_end_matches('/');
    let base = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_string()
    };
    format!("{base}/v1/chat/socket")
}

/// Ok(true) when the socket was open and then closed; Ok(false) when the server has none.
pub async fn listen(creds: &Credentials, after: i64, ring: &(dyn Fn() + Send + Sync)) -> Result<bool, SyncError> {
    let mut req = socket_url(&creds.server)
        .into_client_request()
        .map_err(|e| SyncError::Protocol(e.to_string()))?;
    let bearer = format!("Bearer {}", creds.token)
        .parse()
        .map_err(|_| SyncError::Protocol("the device token is not a header value".into()))?;
    req.headers_mut().insert("authorization", bearer);
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0);
    let mut ws = match tokio_tungstenite::connect_async_with_config(req, Some(config), false).await {
        Ok((ws, _)) => ws,
        // A server of an earlier release: no live chat there.
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) if r.status() == 404 => return Ok(false),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => {
            let status = r.status().as_u16();
            let body = r.body().as_deref().unwrap_or_default();
            return Err(SyncError::Http(status, super::refusal(status, body)));
        }
        Err(e) => return Err(SyncError::Offline(e.to_string())),
    };
    ws.send(Frame::Text(format!(r#"{{"type":"hello","after":{after}}}"#).into()))
        .await
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    ring();
    while let Some(frame) = ws.next().await {
        match frame {
            Ok(Frame::Text(t)) if t.as_str().contains(r#""type":"message""#) => ring(),
            Ok(Frame::Close(_)) => break,
            Ok(_) => {}
            Err(e) => {
                tracing::info!(error = %e, "chat socket");
                break;
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_is_beside_the_server_address() {
        assert_eq!(
            socket_url("https://sync.hurtrock.id/"),
            "wss://sync.hurtrock.id/v1/chat/socket"
        );
        assert_eq!(
            socket_url("http://127.0.0.1:8787"),
            "ws://127.0.0.1:8787/v1/chat/socket"
        );
    }
}
