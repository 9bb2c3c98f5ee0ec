//! The engine's calls, async: push a gzip body, pull a page, take this device's records back.

use super::{SyncHttp, refusal, url};
use pos_sync::protocol::chat::ChatFeed;
use pos_sync::protocol::{OwnRecords, PullResponse, PushResponse};
use pos_sync::{Call, Credentials, PullAt, SyncError, Transport};
use serde::de::DeserializeOwned;

async fn answer<T: DeserializeOwned>(req: reqwest::RequestBuilder, creds: &Credentials) -> Result<T, SyncError> {
    let resp = req
        .bearer_auth(&creds.token)
        .send()
        .await
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.map_err(|e| SyncError::Offline(e.to_string()))?;
    if (200..300).contains(&status) {
        return serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(e.to_string()));
    }
    Err(SyncError::Http(status, refusal(status, &bytes)))
}

impl Transport for SyncHttp {
    fn push<'a>(&'a self, creds: &'a Credentials, gzip_body: Vec<u8>) -> Call<'a, PushResponse> {
        let req = self
            .client
            .post(url(&creds.server, "/v1/push"))
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(gzip_body);
        Box::pin(answer(req, creds))
    }

    fn pull<'a>(&'a self, creds: &'a Credentials, at: PullAt) -> Call<'a, PullResponse> {
        let mut query = vec![
            ("after", at.after),
            ("limit", at.limit),
            ("protocol", i64::from(pos_sync::PROTOCOL_VERSION)),
        ];
        if let Some(stamp) = at.stamp {
            query.push(("stamp", stamp));
        }
        let req = self.client.get(url(&creds.server, "/v1/pull")).query(&query);
        Box::pin(answer(req, creds))
    }

    fn put_blob<'a>(&'a self, creds: &'a Credentials, hash: &'a str, bytes: Vec<u8>) -> Call<'a, ()> {
        let req = self
            .client
            .put(url(&creds.server, &format!("/v1/blobs/{hash}")))
            .header("content-type", "image/jpeg")
            .body(bytes)
            .bearer_auth(&creds.token);
        Box::pin(async move {
            let resp = req.send().await.map_err(|e| SyncError::Offline(e.to_string()))?;
            let status = resp.status().as_u16();
            if (200..300).contains(&status) {
                return Ok(());
            }
            let bytes = resp.bytes().await.map_err(|e| SyncError::Offline(e.to_string()))?;
            Err(SyncError::Http(status, refusal(status, &bytes)))
        })
    }

    fn get_blob<'a>(&'a self, creds: &'a Credentials, hash: &'a str) -> Call<'a, Option<Vec<u8>>> {
        let req = self
            .client
            .get(url(&creds.server, &format!("/v1/blobs/{hash}")))
            .bearer_auth(&creds.token);
        Box::pin(async move {
            let resp = req.send().await.map_err(|e| SyncError::Offline(e.to_string()))?;
            let status = resp.status().as_u16();
            let bytes = resp.bytes().await.map_err(|e| SyncError::Offline(e.to_string()))?;
            match status {
                200 => Ok(Some(bytes.to_vec())),
                404 => Ok(None),
                _ => Err(SyncError::Http(status, refusal(status, &bytes))),
            }
        })
    }

    fn listen_chat<'a>(
        &'a self,
        creds: &'a Credentials,
        after: i64,
        ring: &'a (dyn Fn() + Send + Sync),
    ) -> Call<'a, bool> {
        Box::pin(super::chat_socket::listen(creds, after, ring))
    }

    fn chat_feed<'a>(&'a self, creds: &'a Credentials, after: i64) -> Call<'a, ChatFeed> {
        let req = self
            .client
            .get(url(&creds.server, "/v1/chat/feed"))
            .query(&[("after", after)])
            .bearer_auth(&creds.token);
        Box::pin(async move {
            let resp = req.send().await.map_err(|e| SyncError::Offline(e.to_string()))?;
            let status = resp.status().as_u16();
            let bytes = resp.bytes().await.map_err(|e| SyncError::Offline(e.to_string()))?;
            match status {
                200 => serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(e.to_string())),
                // A server of an earlier release has no live chat.
                404 => Ok(ChatFeed {
                    messages: Vec::new(),
                    more: false,
                }),
                _ => Err(SyncError::Http(status, refusal(status, &bytes))),
            }
        })
    }

    fn own<'a>(&'a self, creds: &'a Credentials, after: i64, limit: i64) -> Call<'a, OwnRecords> {
        let req = self
            .client
            .get(url(&creds.server, "/v1/own"))
            .query(&[("after", after), ("limit", limit)]);
        Box::pin(answer(req, creds))
    }
}
