//! `devices`: enrolled terminals, their token hashes, terminal codes, trust and how far each has
//! pushed and been served.

use super::{Db, execute, query, query_one, query_opt};
use crate::ApiError;
use crate::auth::Device;
use pos_protocol::owner::DeviceInfo;
use uuid::Uuid;

/// The device a token hash belongs to, and whether it was revoked.
pub async fn by_token(db: &impl Db, token_hash: &[u8]) -> Result<Option<(Device, bool)>, ApiError> {
    let row = query_opt(
        db,
        "SELECT d.id, d.store_id, b.code, d.terminal, d.revoked_at IS NOT NULL, d.manages_staff
         FROM devices d JOIN branches b ON b.id = d.branch_id WHERE d.token_hash = $1",
        &[&token_hash],
    )
    .await?;
    Ok(row.map(|r| {
        let device = Device {
            id: r.get(0),
            store_id: r.get(1),
            branch: r.get(2),
            terminal: r.get(3),
            manages_staff: r.get(5),
        };
        (device, r.get(4))
    }))
}

pub async fn list(db: &impl Db, store: Uuid) -> Result<Vec<DeviceInfo>, ApiError> {
    let rows = query(
        db,
        "SELECT d.id, d.name, b.code, d.terminal, d.last_seq, d.revoked_at IS NOT NULL,
                (extract(epoch FROM d.last_seen_at) * 1000)::bigint, d.manages_staff
         FROM devices d JOIN branches b ON b.id = d.branch_id WHERE d.store_id = $1 ORDER BY b.code, d.terminal",
        &[&store],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| DeviceInfo {
            id: r.get(0),
            name: r.get(1),
            branch_code: r.get(2),
            terminal: r.get(3),
            last_seq: r.get(4),
            revoked: r.get(5),
            last_seen_at: r.get(6),
            manages_staff: r.get(7),
        })
        .collect())
}

/// False when the store has no such device.
pub async fn set_manages_staff(db: &impl Db, store: Uuid, id: Uuid, on: bool) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "UPDATE devices SET manages_staff = $3 WHERE id = $1 AND store_id = $2",
        &[&id, &store, &on],
    )
    .await?;
    Ok(n > 0)
}

/// False when the store has no such device.
pub async fn revoke(db: &impl Db, store: Uuid, id: Uuid) -> Result<bool, ApiError> {
    let n = execute(
        db,
        "UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND store_id = $2",
        &[&id, &store],
    )
    .await?;
    Ok(n > 0)
}

pub async fn terminal_taken(db: &impl Db, branch: Uuid, terminal: &str) -> Result<bool, ApiError> {
    Ok(query_opt(
        db,
        "SELECT 1 FROM devices WHERE branch_id = $1 AND terminal = $2",
        &[&branch, &terminal],
    )
    .await?
    .is_some())
}

pub struct NewDevice<'a> {
    pub id: Uuid,
    pub store: Uuid,
    pub branch: Uuid,
    pub name: &'a str,
    pub terminal: &'a str,
    pub token_hash: &'a [u8],
    pub manages_staff: bool,
}

/// Enrols a device; the store's first one is the device that linked the store.
pub async fn insert(db: &impl Db, d: &NewDevice<'_>) -> Result<(), ApiError> {
    execute(
        db,
        "INSERT INTO devices (id, store_id, branch_id, name, terminal, token_hash, manages_staff, links_store)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NOT EXISTS (SELECT 1 FROM devices WHERE store_id = $2))",
        &[
            &d.id,
            &d.store,
            &d.branch,
            &d.name,
            &d.terminal,
            &d.token_hash,
            &d.manages_staff,
        ],
    )
    .await?;
    Ok(())
}

/// The highest of the device's sequences the server holds.
pub async fn last_seq(db: &impl Db, id: Uuid) -> Result<i64, ApiError> {
    Ok(query_one(db, "SELECT last_seq FROM devices WHERE id = $1", &[&id])
        .await?
        .get(0))
}

/// The change log's head, what the device pushed up to, and what it was served without a skip.
pub async fn positions(db: &impl Db, store: Uuid, id: Uuid) -> Result<(i64, i64, i64), ApiError> {
    let row = query_one(
        db,
        "SELECT s.change_seq, d.last_seq, d.served_seq FROM stores s, devices d WHERE s.id = $1 AND d.id = $2",
        &[&store, &id],
    )
    .await?;
    Ok((row.get(0), row.get(1), row.get(2)))
}

pub async fn served_up_to(db: &impl Db, id: Uuid, next: i64) -> Result<(), ApiError> {
    execute(
        db,
        "UPDATE devices SET served_seq = greatest(served_seq, $2) WHERE id = $1",
        &[&id, &next],
    )
    .await?;
    Ok(())
}
