//! What holds a resource over a span, holds that ran out, and accepted bookings whose time has
//! passed.

use super::super::{Db, query};
use super::*;
use crate::ApiError;
use pos_domain::bookings::Busy;
use uuid::Uuid;

/// What holds these resources over `[from, to)` now (a hold that ran out holds nothing).
pub async fn busy(
    db: &impl Db,
    store: Uuid,
    resources: &[String],
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<Busy>, ApiError> {
    busy_except(db, store, resources, from_ms, to_ms, "").await
}

/// The same, but for the booking `except` (one being moved).
pub async fn busy_except(
    db: &impl Db,
    store: Uuid,
    resources: &[String],
    from_ms: i64,
    to_ms: i64,
    except: &str,
) -> Result<Vec<Busy>, ApiError> {
    let rows = query(
        db,
        &format!(
            "SELECT resource_id, (extract(epoch FROM lower(held)) * 1000)::bigint,
                    (extract(epoch FROM upper(held)) * 1000)::bigint
             FROM bookings
             WHERE store_id = $1 AND resource_id = ANY($2) AND held && tstzrange($3, $4, '[)')
               AND status IN {HOLDING} AND (hold_until IS NULL OR hold_until > now()) AND id <> $5"
        ),
        &[&store, &resources, &at(from_ms), &at(to_ms), &except],
    )
    .await?;
    Ok(rows
        .iter()
        .map(|r| Busy {
            resource: r.get(0),
            from_ms: r.get(1),
            to_ms: r.get(2),
        })
        .collect())
}

/// Holds that ran out (unpaid, or a rejected proof not replaced in time) become `expired`: of one
/// resource over a span (before a new booking there), or all of the store's (`resource` None).
/// The bookings changed, for the change log.
pub async fn expire(db: &impl Db, store: Uuid, resource: Option<(&str, i64, i64)>) -> Result<Vec<Booking>, ApiError> {
    let (rid, from, to) = resource.map_or((None, at(0), at(0)), |(r, f, t)| (Some(r), at(f), at(t)));
    let rows = query(
        db,
        "UPDATE bookings SET status = 'expired', hold_until = NULL, version = version + 1, updated_at = now()
         WHERE store_id = $1 AND status IN ('waiting_dp', 'rejected') AND hold_until <= now()
           AND ($2::text IS NULL OR (resource_id = $2 AND held && tstzrange($3, $4, '[)')))
         RETURNING id",
        &[&store, &rid, &from, &to],
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.get(0);
        out.extend(get(db, store, &id).await?);
    }
    Ok(out)
}

/// Stores whose holds have run out (for the sweeper).
pub async fn stores_with_expired_holds(db: &impl Db) -> Result<Vec<Uuid>, ApiError> {
    Ok(query(
        db,
        "SELECT DISTINCT store_id FROM bookings WHERE status IN ('waiting_dp', 'rejected') AND hold_until <= now()",
        &[],
    )
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Accepted bookings whose day has passed become `done` (their down payment becomes revenue).
pub async fn finish_past(db: &impl Db, store: Uuid) -> Result<Vec<String>, ApiError> {
    Ok(query(
        db,
        "UPDATE bookings SET status = 'done', version = version + 1, updated_at = now()
         WHERE store_id = $1 AND status = 'accepted' AND ends_at < now() RETURNING id",
        &[&store],
    )
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Stores with accepted bookings whose time has passed (for the sweeper).
pub async fn stores_with_past_accepted(db: &impl Db) -> Result<Vec<Uuid>, ApiError> {
    Ok(query(
        db,
        "SELECT DISTINCT store_id FROM bookings WHERE status = 'accepted' AND ends_at < now()",
        &[],
    )
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}
