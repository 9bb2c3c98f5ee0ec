//! An audit event names the person it is about, who must hold the permission its action needs
//! (a till cannot write "the owner changed the price" into the trail). Only a failed sign-in of
//! an unknown email names no one.

use super::{Judge, Reason, parse, same_id, text_ok};
use pos_domain::roles::Permission::{self, *};
use pos_protocol::Record;
use serde::Deserialize;

#[derive(Deserialize)]
struct Audit {
    id: String,
    action: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    entity: String,
}

/// What each action needs, by its area (the part before the dot), with the few exceptions.
fn needs(action: &str) -> Option<&'static [Permission]> {
    Some(match action {
        "user.password_changed" | "user.pin_changed" => &[OwnAccount],
        "sale.discount_approved" => &[Supervise],
        "sync.review_resolved" => &[ReviewSync],
        "settings.label_printer" => &[Fulfil, ManageCounter],
        "order.created" => &[Sell, Fulfil],
        _ => match action.split('.').next().unwrap_or("") {
            "auth" => &[OwnAccount],
            "setup" | "store" => &[EditStoreProfile],
            "app" => &[UpdateApp],
            "backup" => &[Backup],
            "category" | "product" | "supplier" => &[EditCatalogue],
            "counter" | "settings" => &[ManageCounter],
            "order" => &[Fulfil],
            "sale" | "shift" => &[Sell],
            "stock" => &[AdjustStock, Fulfil],
            "sync" => &[ManageSync],
            "user" => &[ManageUsers],
            _ => return None,
        },
    })
}

pub fn judge(j: &mut Judge<'_>, r: &Record) -> Result<(), Reason> {
    let a: Audit = parse(&r.payload)?;
    same_id(r, &a.id)?;
    if a.action.is_empty() || !text_ok(&a.action, 100) || !text_ok(&a.entity, 100) {
        return Err("an audit event needs an action".into());
    }
    if a.user_id.as_deref() != r.by.as_deref() {
        return Err("the event's person is not the one who pushed it".into());
    }
    let Some(by) = r.by.as_deref() else {
        // A failed sign-in of an unknown email names no one; nor does a restore by someone the
        // restored copy does not know yet.
        return if a.action == "auth.sign_in_failed" || a.action == "backup.restored" {
            Ok(())
        } else {
            Err("an audit event names the person it is about".into())
        };
    };
    let perms = needs(&a.action).ok_or_else(|| format!("unknown action {:?}", a.action))?;
    if !perms.iter().any(|p| j.holds(by, *p)) {
        return Err(format!("{by} may not have done {}", a.action));
    }
    Ok(())
}
