//! The push side of a cycle: the outbox sent oldest first in batches, two on the way at once, each
//! acknowledgement written while the next travels; a server that lost records, a file that lost
//! commits, and a batch the server takes for too large, each handled without losing a record.

use super::{Credentials, Engine, SyncError};
use crate::local;
use crate::protocol::{BATCH_BYTES, ErrorCode, PROTOCOL_VERSION, PushRequest, PushResponse};
use std::collections::VecDeque;
use std::io::Write;
use std::sync::atomic::Ordering;

/// A batch ready to send: how many records, the last sequence in it, and its gzip body.
struct Prepared {
    n: i64,
    last: i64,
    body: Vec<u8>,
}

/// A batch on its way: how many records, the last sequence in it, and the server's answer to come.
struct Sent {
    n: i64,
    last: i64,
    answer: tokio::task::JoinHandle<Result<PushResponse, SyncError>>,
}

/// Lets go of batches sent after one that was not wholly acknowledged: whatever the server makes
/// of them, they are sent again (a replay gets its stored answer).
fn let_go(window: &mut VecDeque<Sent>) {
    for s in window.drain(..) {
        s.answer.abort();
    }
}

impl Engine {
    /// Sends the outbox oldest first until it is empty.
    ///
    /// A server that holds fewer of this terminal's records than it once acknowledged was restored
    /// from a backup: it answers "gap" with what it holds, and the terminal sends the rest again
    /// (kept for 30 days after acknowledgement), once per cycle.
    ///
    /// A server that holds more of this terminal's records than this file has numbered (the file
    /// lost commits: a power cut, a restored copy) answers "behind" and writes nothing: the
    /// terminal takes its lost records back and numbers what it made since after them.
    ///
    /// Batches are pipelined: up to `in_flight` are sent before the first is answered, so the
    /// server decodes the next while it applies one (it applies them in order, and a batch that
    /// overtakes the one before it waits for it there). The terminal reads and compresses the
    /// following batch and writes each acknowledgement while the server works. When an answer
    /// is not the whole batch's acknowledgement, the batches after it are let go and sent again
    /// from what the server holds.
    pub async fn push_all(&self, creds: &Credentials) -> Result<(), SyncError> {
        let (mut recovered, mut took_back) = (false, false);
        let mut window: VecDeque<Sent> = VecDeque::new();
        // Where the next batch to send starts (None: the outbox's oldest), and whether the outbox
        // has nothing after it.
        let (mut after, mut drained) = (None, false);
        // The last acknowledgement, written once the next batch is on its way.
        let mut unwritten: Option<i64> = None;
        loop {
            while !drained && window.len() < self.config.in_flight.max(1) {
                match self.prepare(creds, after).await {
                    Ok(Some(p)) => {
                        after = Some(p.last);
                        window.push_back(self.launch(creds, p));
                    }
                    Ok(None) => drained = true,
                    Err(e) => {
                        let_go(&mut window);
                        return Err(e);
                    }
                }
            }
            if let Some(acked) = unwritten.take()
                && let Err(e) = self.write_ack(acked).await
            {
                let_go(&mut window);
                return Err(e);
            }
            let Some(sent) = window.pop_front() else {
                return Ok(());
            };
            let resp = match sent.answer.await {
                Ok(r) => r,
                Err(e) => Err(SyncError::Local(e.to_string())),
            };
            let resp = match resp {
                Ok(r) => r,
                Err(e) => {
                    let_go(&mut window);
                    (after, drained) = (None, false);
                    match e {
                        SyncError::Http(409, body) if body.code == ErrorCode::Gap && !recovered => {
                            self.recover(body.acked.unwrap_or(0)).await?;
                            recovered = true;
                        }
                        SyncError::Http(409, body) if body.code == ErrorCode::Behind && !took_back => {
                            self.take_back(creds, body.acked.unwrap_or(0)).await?;
                            took_back = true;
                        }
                        // Split, never refused forever.
                        SyncError::Http(413, _) if sent.n > 1 => {
                            let half = (sent.n as usize / 2).max(1);
                            self.batch.fetch_min(half, Ordering::Relaxed);
                            tracing::info!(
                                records = half,
                                "the server took the batch for too large; sending smaller ones"
                            );
                        }
                        other => return Err(other),
                    }
                    continue;
                }
            };
            self.set(|s| s.pushed_total += sent.n);
            if resp.acked != sent.last {
                // Not the whole batch (a server of another mind): write what it holds and read
                // on from there.
                let_go(&mut window);
                (after, drained) = (None, false);
                self.write_ack(resp.acked).await?;
            } else {
                unwritten = Some(resp.acked);
            }
        }
    }

    /// Sends a prepared batch on its own task: it travels while the terminal reads the next.
    fn launch(&self, creds: &Credentials, p: Prepared) -> Sent {
        let (server, creds) = (self.server.clone(), creds.clone());
        Sent {
            n: p.n,
            last: p.last,
            answer: tokio::spawn(async move { server.push(&creds, p.body).await }),
        }
    }

    /// Lets go of what the server acknowledged (kept 30 days in `outbox_sent`), and says what is
    /// still waiting.
    async fn write_ack(&self, acked: i64) -> Result<(), SyncError> {
        let now = self.local.now_ms();
        let pending = self
            .blocking(move |c| {
                local::ack(c, acked, now)?;
                local::outbox_len(c)
            })
            .await?;
        self.set(|s| s.pending = pending);
        Ok(())
    }

    /// The next batch from the outbox (the oldest, or the one after sequence `after`), bounded in
    /// records and bytes, as the gzip body of a push; `None` when nothing waits.
    async fn prepare(&self, creds: &Credentials, after: Option<i64>) -> Result<Option<Prepared>, SyncError> {
        let batch = self.batch.load(Ordering::Relaxed).max(1);
        let read = self
            .blocking(move |c| {
                let records = local::outbox_batch_after(c, after.unwrap_or(i64::MIN), batch, BATCH_BYTES)?;
                let counter = local::counter(c)?;
                Ok((records, counter))
            })
            .await?;
        let (records, counter) = read;
        let Some(last) = records.last().map(|r| r.seq) else {
            return Ok(None);
        };
        let n = records.len() as i64;
        let req = PushRequest {
            protocol: PROTOCOL_VERSION,
            device_id: creds.device_id.clone(),
            counter: Some(counter),
            records,
        };
        let json = serde_json::to_vec(&req).map_err(|e| SyncError::Local(e.to_string()))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(json.len() / 4), flate2::Compression::fast());
        gz.write_all(&json).map_err(|e| SyncError::Local(e.to_string()))?;
        let body = gz.finish().map_err(|e| SyncError::Local(e.to_string()))?;
        Ok(Some(Prepared { n, last, body }))
    }

    /// The server holds only up to `held` of this terminal's records: queue the rest again.
    pub(super) async fn recover(&self, held: i64) -> Result<(), SyncError> {
        let now = self.local.now_ms();
        let r = self.blocking(move |c| local::recover_lost(c, held, now)).await?;
        tracing::warn!(
            held,
            resent = r.resent,
            lost = r.lost,
            "the server lost records; sending them again"
        );
        Ok(())
    }

    /// This file lost commits the server holds up to `held`: take this terminal's records back
    /// from the server (the facts are written back as if pulled), then number what waits after them.
    pub(super) async fn take_back(&self, creds: &Credentials, held: i64) -> Result<(), SyncError> {
        let mut after = self.blocking(|c| local::acked_seq(c)).await?;
        let (mut restored, mut already) = (0, 0);
        loop {
            let page = self.server.own(creds, after, 1000).await?;
            let Some(last) = page.records.last().map(|r| r.seq) else {
                break;
            };
            let now = self.local.now_ms();
            let t = self.blocking(move |c| local::take_back(c, &page.records, now)).await?;
            restored += t.restored;
            already += t.already_held;
            after = last;
            if !page.more {
                break;
            }
        }
        let now = self.local.now_ms();
        // Reference edits come back through the pull: read the log again from the start, where the
        // server sends this terminal's own edits too (what it still has is skipped).
        let renumbered = self
            .blocking(move |c| {
                let n = local::renumber_after(c, held, now)?;
                local::rewind_cursor(c)?;
                Ok(n)
            })
            .await?;
        tracing::warn!(
            held,
            restored,
            already,
            renumbered,
            "this terminal had lost records the server holds; took them back"
        );
        Ok(())
    }
}
