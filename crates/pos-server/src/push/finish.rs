//! The end of an accepted batch's writes, under the store's lock: the stock ledger and its
//! balances with oversold flags, chat messages in their conversations' order, the owner's review
//! items, and the change-log positions, in order.

use super::write::{Issue, IssueKind, NewChange, Written, json_size};
use crate::ApiError;
use crate::auth::Device;
use crate::store;
use deadpool_postgres::Transaction;
use pos_protocol::ChangeKind;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

impl Written {
    /// Under the store lock: stock ledger and balances (with oversold flags), chat order, issues
    /// and the change-log positions.
    pub(super) async fn finish(mut self, tx: &Transaction<'_>, device: &Device, head: i64) -> Result<(), ApiError> {
        let store = device.store_id;
        let t0 = std::time::Instant::now();
        let mark = |what: &str| tracing::debug!(phase = what, ms = t0.elapsed().as_secs_f64() * 1000.0, "push finish");
        let ledger = std::mem::take(&mut self.effects.ledger);
        // The ledger's rows, inserted together with the change log's below (pipelined).
        let (mut ids, mut products, mut branches, mut qtys, mut reasons, mut facts) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        if !ledger.is_empty() {
            // The batch's movement per product and branch, added to the balances in one upsert that
            // answers the new balances; the balance before the batch is that minus the movement.
            // (No read of the balances first: its plan would be cached while the table is young.)
            let mut delta: HashMap<(&str, &str), i64> = HashMap::new();
            for (row, _, _) in &ledger {
                *delta.entry((row.product_id.as_str(), row.branch.as_str())).or_default() += row.quantity;
            }
            let (mut bp, mut bb, mut bq) = (vec![], vec![], vec![]);
            for (k, v) in &delta {
                bp.push(k.0);
                bb.push(k.1);
                bq.push(*v);
            }
            let rows = store::query(
                tx,
                "INSERT INTO stock_balances AS s (store_id, product_id, branch, on_hand)
                 SELECT $1, p, b, q FROM unnest($2::text[], $3::text[], $4::bigint[]) AS t(p, b, q)
                 ON CONFLICT (store_id, product_id, branch) DO UPDATE SET on_hand = s.on_hand + excluded.on_hand
                 RETURNING product_id, branch, on_hand",
                &[&store, &bp, &bb, &bq],
            )
            .await?;
            mark("balances");
            let mut balance: HashMap<(String, String), i64> = HashMap::with_capacity(rows.len());
            for r in &rows {
                let key: (String, String) = (r.get(0), r.get(1));
                let after: i64 = r.get(2);
                let moved = delta.get(&(key.0.as_str(), key.1.as_str())).copied().unwrap_or(0);
                balance.insert(key, after - moved);
            }
            for (row, fact, sale) in &ledger {
                let on_hand = balance.entry((row.product_id.clone(), row.branch.clone())).or_insert(0);
                *on_hand += row.quantity;
                if row.quantity < 0 && *on_hand < 0 && sale.is_some() {
                    // Sold below zero once all terminals' ledgers meet: the same id as the till's own
                    // flag (the sale line), so a terminal that flagged it locally keeps one row.
                    let payload = json!({
                        "id": row.id, "product_id": row.product_id, "branch": row.branch,
                        "sale_id": sale, "on_hand": *on_hand,
                    });
                    self.issues.push(Issue {
                        kind_of_issue: super::write::IssueKind::Oversold,
                        seq: None,
                        kind: "product".into(),
                        record_id: row.product_id.clone(),
                        reason: format!(
                            "on hand {} at {} after sale {}",
                            on_hand,
                            row.branch,
                            sale.as_deref().unwrap_or("")
                        ),
                        payload: None,
                    });
                    self.changes.push(NewChange {
                        kind: ChangeKind::Oversold.as_str().into(),
                        id: row.id.clone(),
                        origin: None,
                        version: 0,
                        size: json_size(&payload),
                        payload,
                        echo: false,
                    });
                }
                ids.push(row.id.as_str());
                products.push(row.product_id.as_str());
                branches.push(row.branch.as_str());
                qtys.push(row.quantity);
                reasons.push(row.reason.as_str());
                facts.push(fact.as_str());
            }
        }
        let ledger_rows = async {
            if ids.is_empty() {
                return Ok(());
            }
            store::execute(tx,
                "INSERT INTO stock_ledger (id, store_id, product_id, branch, quantity, reason, fact_id)
                 SELECT i, $1, p, b, q, r, f FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
                     AS t(i, p, b, q, r, f)",
                &[&store, &ids, &products, &branches, &qtys, &reasons, &facts],
            )
            .await
            .map(|_| ())
        };

        mark("ledger");
        for c in &self.effects.chats {
            // Numbered in its conversation as a customer's message is, and announced to every
            // instance's sockets at commit.
            let m = store::chat_messages::NewMessage {
                id: &c.id,
                conversation: &c.conversation,
                sender: if c.note {
                    store::chat_messages::Sender::Note
                } else {
                    store::chat_messages::Sender::Staff
                },
                author: &c.author,
                body: &c.body,
                product_id: c.product_id.as_deref(),
                attachment: None,
                at: c.at,
            };
            if store::chat_messages::append(tx, store, &m).await?.is_none() {
                tracing::warn!(conversation = %c.conversation, "a chat message for another store's conversation, dropped");
            } else if let Some(name) = &c.assign_to {
                store::chat_conversations::assign(tx, store, &c.conversation, name).await?;
            }
        }

        for issue in std::mem::take(&mut self.issues) {
            let id = Uuid::now_v7();
            let oversold = issue.kind_of_issue == IssueKind::Oversold;
            let (dev, seq) = if oversold {
                (None, None)
            } else {
                (Some(device.id), issue.seq)
            };
            store::execute(
                tx,
                "INSERT INTO sync_issues (id, store_id, device_id, seq, issue, kind, record_id, reason, payload)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &id,
                    &store,
                    &dev,
                    &seq,
                    &issue.kind_of_issue.as_str(),
                    &issue.kind,
                    &issue.record_id,
                    &issue.reason,
                    &issue.payload,
                ],
            )
            .await?;
            if !oversold {
                let payload = json!({
                    "id": id.to_string(), "issue": issue.kind_of_issue.as_str(), "kind": issue.kind,
                    "record_id": issue.record_id, "reason": issue.reason, "device": device.terminal,
                    "branch": device.branch, "detail": issue.payload,
                });
                let size = json_size(&payload);
                self.changes.push(NewChange {
                    kind: ChangeKind::SyncIssue.as_str().into(),
                    id: id.to_string(),
                    origin: None,
                    version: 0,
                    payload,
                    size,
                    echo: false,
                });
            }
        }

        mark("chats and issues");
        if self.changes.is_empty() {
            ledger_rows.await?;
            return Ok(());
        }
        let n = self.changes.len() as i64;
        let seqs: Vec<i64> = (1..=n).map(|i| head + i).collect();
        let kinds: Vec<&str> = self.changes.iter().map(|c| c.kind.as_str()).collect();
        let ids: Vec<&str> = self.changes.iter().map(|c| c.id.as_str()).collect();
        let origins: Vec<Option<Uuid>> = self.changes.iter().map(|c| c.origin).collect();
        let versions: Vec<i64> = self.changes.iter().map(|c| c.version).collect();
        // A fact's payload is in `facts`: the change names it and keeps its size only.
        let payloads: Vec<Option<&Value>> = self
            .changes
            .iter()
            .map(|c| (!c.is_fact()).then_some(&c.payload))
            .collect();
        let sizes: Vec<i32> = self.changes.iter().map(|c| c.size).collect();
        let echoes: Vec<bool> = self.changes.iter().map(|c| c.echo).collect();
        let top = head + n;
        tokio::try_join!(
            ledger_rows,
            async {
                store::execute(
                    tx,
                    "INSERT INTO changes (store_id, seq, kind, entity_id, origin_device, version, payload, size, echo)
                     SELECT $1, s, k, i, o, v, p, z, e
                     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::uuid[], $6::bigint[], $7::json[], $8::int[],
                                 $9::bool[])
                         AS t(s, k, i, o, v, p, z, e)",
                    &[
                        &store, &seqs, &kinds, &ids, &origins, &versions, &payloads, &sizes, &echoes,
                    ],
                )
                .await
            },
            async { store::execute(tx, "UPDATE stores SET change_seq = $2 WHERE id = $1", &[&store, &top]).await },
        )?;
        mark("changes and head");
        Ok(())
    }
}
