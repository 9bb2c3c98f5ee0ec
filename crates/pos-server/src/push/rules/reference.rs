//! Reference data (products, categories, suppliers, customers, staff, the store's profile and
//! policies): who may change what, what every terminal's schema requires, and the field-level
//! merge. The server's order decides; an edit made without having seen another terminal's newer
//! value of a field overwrites it and the owner is told. What the editor had seen is the server's
//! own record (the change log up to what it served that terminal); the base the terminal claims is
//! believed only when it is lower.

use super::{Judge, Reason, parse};
use crate::push::context::Entity;
use pos_domain::roles::{Permission, Role};
use pos_protocol::{Kind, LOCAL_FIELDS, Record, RefEdit};
use serde_json::{Map, Value, json};

/// A value an edit overwrote without its author having seen it.
#[derive(Debug, Clone)]
pub struct Overwrite {
    pub field: String,
    pub detail: Value,
}

/// What a merge did: the entity's new version and whole state, or nothing to change.
#[derive(Debug)]
pub struct Merged {
    pub changed: Option<(i64, Value)>,
    pub overwrites: Vec<Overwrite>,
    /// The merged state is exactly what the device sent: its own pull leaves the change out.
    pub echo: bool,
}

/// Fields a person may change on their own account.
const OWN_FIELDS: [&str; 2] = ["password_hash", "pin_hash"];

fn check_shape(kind: Kind, id: &str, edit: &RefEdit) -> Result<(), Reason> {
    if matches!(kind, Kind::StoreProfile | Kind::StorePolicies) {
        let want = if kind == Kind::StoreProfile {
            "store"
        } else {
            "policies"
        };
        if id != want {
            return Err(format!("the {} record's id must be {want:?}", kind.as_str()));
        }
    } else if edit.state.get("id").and_then(Value::as_str) != Some(id) {
        return Err("the payload's id differs from the record's".into());
    }
    if edit.state.len() > 64 || edit.changed.as_ref().is_some_and(|c| c.len() > 64) || edit.base < 0 {
        return Err("too many fields".into());
    }
    // The fields every terminal's schema requires, checked here so that no terminal is sent a
    // record it would refuse.
    let text = |k: &str, max: usize| match edit.state.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= max => Ok(()),
        _ => Err(format!("{k} must be text of 1 to {max} characters")),
    };
    let amount = |k: &str| match edit.state.get(k).map(Value::as_i64) {
        Some(Some(v)) if (0..=1_000_000_000_000).contains(&v) => Ok(()),
        _ => Err(format!("{k} must be a whole number of rupiah, 0 or more")),
    };
    match kind {
        Kind::Product => {
            text("sku", 64)?;
            text("name", 200)?;
            text("category_id", 64)?;
            amount("price")?;
            amount("cost")?;
        }
        Kind::Category | Kind::Supplier | Kind::Customer => text("name", 200)?,
        Kind::BookingService => {
            let s: pos_domain::bookings::BookingService = parse(&Value::Object(edit.state.clone()))?;
            s.validate().map_err(|e| e.en)?;
        }
        Kind::BookingResource => {
            let r: pos_domain::bookings::BookingResource = parse(&Value::Object(edit.state.clone()))?;
            r.validate().map_err(|e| e.en)?;
        }
        Kind::User => {
            text("email", 254)?;
            text("password_hash", 512)?;
            let role = edit.state.get("role").and_then(Value::as_str).unwrap_or("");
            if Role::parse(role).is_none() {
                return Err(format!("unknown role {role:?}"));
            }
        }
        Kind::StoreProfile => text("name", 200)?,
        Kind::ProductPhotos => {
            let photos = edit.state.get("photos").and_then(Value::as_array);
            if photos.is_none_or(|p| p.len() > 12) {
                return Err("a product has at most 12 photos".into());
            }
            for p in photos.into_iter().flatten() {
                let hash = |k: &str| p.get(k).and_then(Value::as_str).is_some_and(pos_protocol::is_blob_hash);
                let side = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_i64)
                        .is_some_and(|v| (1..=2_048).contains(&v))
                };
                if !(hash("hash") && hash("thumb") && side("width") && side("height")) {
                    return Err("a photo names its picture and thumbnail by SHA-256, 1 to 2 048 px a side".into());
                }
            }
        }
        Kind::PurchaseOrder => {
            text("po_no", 40)?;
            text("branch", 8)?;
            text("supplier_id", 64)?;
            let status = edit.state.get("status").and_then(Value::as_str).unwrap_or("");
            if pos_domain::purchasing::PoStatus::parse_decided(status).is_none() {
                return Err(format!("an order is draft, sent or cancelled, not {status:?}"));
            }
            let lines = edit.state.get("lines").and_then(Value::as_array);
            if lines.is_none_or(|l| l.len() > super::purchasing::MAX_LINES) {
                return Err("an order has at most 500 lines".into());
            }
            for l in lines.into_iter().flatten() {
                let int = |k: &str| l.get(k).and_then(Value::as_i64);
                let ok = l.get("id").and_then(Value::as_str).is_some_and(super::id_ok)
                    && l.get("product_id").and_then(Value::as_str).is_some_and(super::id_ok)
                    && int("ordered").is_some_and(|q| (1..=pos_domain::purchasing::MAX_UNITS).contains(&q))
                    && int("unit_cost").is_some_and(|c| (0..=pos_domain::purchasing::MAX_UNIT_COST).contains(&c))
                    && int("discount_bp").is_none_or(|d| (0..=10_000).contains(&d));
                if !ok {
                    return Err("an order line needs an id, a product, 1 or more units and a sane cost".into());
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn role_in(state: Option<&Map<String, Value>>) -> Option<Role> {
    state?.get("role").and_then(Value::as_str).and_then(Role::parse)
}

/// Who may make this edit, judged against the entity as the server holds it.
fn authorise(
    j: &Judge<'_>,
    kind: Kind,
    id: &str,
    by: Option<&str>,
    own: &Map<String, Value>,
    old: Option<&Entity>,
) -> Result<(), Reason> {
    match kind {
        Kind::Product | Kind::Category | Kind::Supplier | Kind::ProductPhotos => {
            j.may(by, Permission::EditCatalogue)?;
        }
        Kind::Customer => {
            j.may(by, Permission::Sell)?;
        }
        Kind::BookingService | Kind::BookingResource => {
            j.may(by, Permission::SetUpBookings)?;
        }
        Kind::PurchaseOrder => {
            j.may(by, Permission::Purchase)?;
            let branch = own.get("branch").and_then(Value::as_str).unwrap_or("");
            j.own(branch, None)?;
            // A cancelled order stays cancelled: receipts may still name it, nothing revives it.
            let was = old.and_then(|e| e.state.get("status")).and_then(Value::as_str);
            let now = own.get("status").and_then(Value::as_str);
            if was == Some("cancelled") && now != Some("cancelled") {
                return Err("a cancelled purchase order cannot be reopened".into());
            }
        }
        Kind::StoreProfile | Kind::StorePolicies => {
            if !j.device.manages_staff {
                return Err("only a terminal the owner trusts may change store-wide settings".into());
            }
            let p = if kind == Kind::StoreProfile {
                Permission::EditStoreProfile
            } else {
                Permission::ManageCounter
            };
            j.may(by, p)?;
        }
        Kind::User => {
            let old_role = role_in(old.map(|e| &e.state));
            let new_role = role_in(Some(own));
            let manager = |r: Option<Role>| matches!(r, Some(Role::Owner | Role::Admin));
            if (manager(old_role) || manager(new_role)) && !j.device.manages_staff {
                return Err(
                    "only a terminal the owner trusts with staff accounts may change owner and admin accounts".into(),
                );
            }
            let differs: Vec<&String> = match old {
                Some(e) => own
                    .iter()
                    .filter(|(k, v)| e.state.get(*k) != Some(*v))
                    .map(|(k, _)| k)
                    .collect(),
                None => own.keys().collect(),
            };
            let own_account =
                by == Some(id) && old.is_some() && differs.iter().all(|k| OWN_FIELDS.contains(&k.as_str()));
            if own_account {
                j.may(by, Permission::OwnAccount)?;
                return Ok(());
            }
            let actor = j.role_of(by)?;
            j.may(by, Permission::ManageUsers)?;
            if (old_role == Some(Role::Owner) || new_role == Some(Role::Owner)) && actor != Role::Owner {
                return Err("only an owner changes an owner's account".into());
            }
        }
        _ => return Err(format!("{} is not reference data", kind.as_str())),
    }
    Ok(())
}

/// Field-level last-writer-wins by server order, recording what an edit overwrote unseen.
pub fn judge(j: &mut Judge<'_>, kind: Kind, r: &Record) -> Result<Merged, Reason> {
    let edit: RefEdit = parse(&r.payload)?;
    check_shape(kind, &r.id, &edit)?;
    let own: Map<String, Value> = edit
        .state
        .into_iter()
        .filter(|(k, _)| !LOCAL_FIELDS.contains(&k.as_str()))
        .collect();
    let key = (kind.as_str().to_string(), r.id.clone());
    authorise(j, kind, &r.id, r.by.as_deref(), &own, j.ctx.entities.get(&key))?;
    let dev = Value::String(j.device.id.to_string());
    // What the editor had seen of this entity: never more than the server served it.
    let seen = j.ctx.seen.get(&key).copied().unwrap_or(0);
    let base = edit.base.min(seen);
    let mut overwrites = Vec::new();
    let (entity, echo) = match j.ctx.entities.get(&key).cloned() {
        None => {
            let fv: Map<String, Value> = own.keys().map(|k| (k.clone(), json!([1, dev]))).collect();
            let created = Entity {
                version: 1,
                state: own,
                field_versions: fv,
            };
            // New: exactly what its author sent.
            (created, true)
        }
        Some(mut e) => {
            let next = e.version + 1;
            let fields: Vec<String> = match edit.changed {
                Some(c) => c,
                None => own.keys().cloned().collect(),
            };
            let mut changed = false;
            for f in fields {
                let Some(new) = own.get(&f) else { continue };
                if e.state.get(&f) == Some(new) {
                    continue;
                }
                let (wrote_at, wrote_by) = e
                    .field_versions
                    .get(&f)
                    .and_then(Value::as_array)
                    .map(|a| {
                        (
                            a.first().and_then(Value::as_i64).unwrap_or(0),
                            a.get(1).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .unwrap_or((0, Value::Null));
                if wrote_at > base && wrote_by != dev {
                    overwrites.push(Overwrite {
                        field: f.clone(),
                        detail: json!({
                            "field": f, "overwritten": e.state.get(&f), "overwritten_version": wrote_at,
                            "overwritten_by": wrote_by, "value": new, "base": base, "claimed_base": edit.base,
                        }),
                    });
                }
                e.state.insert(f.clone(), new.clone());
                e.field_versions.insert(f, json!([next, dev]));
                changed = true;
            }
            if !changed {
                return Ok(Merged {
                    changed: None,
                    overwrites,
                    echo: false,
                });
            }
            // Left out of its author's pull only when it edited the latest version and was served
            // it: no older change of this entity can reach it after its own edit.
            let echo = base >= e.version && e.state == own;
            e.version = next;
            (e, echo)
        }
    };
    let state = Value::Object(entity.state.clone());
    match kind {
        Kind::User => j.ctx.person_changed(&r.id, &state),
        Kind::StorePolicies => j.ctx.policies_changed(&state),
        Kind::StoreProfile => j.ctx.profile_changed(&state),
        Kind::Product => {
            j.ctx.products.insert(r.id.clone());
        }
        _ => {}
    }
    let version = entity.version;
    j.ctx.entities.insert(key, entity);
    Ok(Merged {
        changed: Some((version, state)),
        overwrites,
        echo,
    })
}
