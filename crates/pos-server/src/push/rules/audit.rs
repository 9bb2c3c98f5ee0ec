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
        // A delivery taken and paid at the counter moves the order by the cashier's hand.
        "order.created" | "order.status" => &[Sell, Fulfil],
        "count.posted" => &[ApproveCount],
        "booking.accepted" | "booking.rejected" | "booking.cancelled" => &[ApproveBookings],
        _ => match action.split('.').next().unwrap_or("") {
            "auth" => &[OwnAccount],
            "setup" | "store" => &[EditStoreProfile],
            "app" => &[UpdateApp],
            "backup" => &[Backup],
            "category" | "product" | "supplier" | "catalogue" | "price" => &[EditCatalogue],
            "count" => &[AdjustStock],
            "po" | "supplier_return" => &[Purchase],
            "receipt" => &[Receive],
            "counter" | "settings" => &[ManageCounter],
            "order" => &[Fulfil],
            "sale" | "shift" => &[Sell],
            "stock" => &[AdjustStock, Fulfil],
            "sync" => &[ManageSync],
            "user" => &[ManageUsers],
            "booking" => &[TakeBookings],
            "booking_setup" => &[SetUpBookings],
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `area.action` literal in a pos-core file that writes audit events: what the core
    /// can put in the trail, read from its source so a new action cannot be forgotten here.
    fn actions_in_the_core() -> std::collections::BTreeSet<String> {
        fn walk(dir: &std::path::Path, out: &mut std::collections::BTreeSet<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                if !text.contains(".audit(") {
                    continue;
                }
                for lit in text.split('"').skip(1).step_by(2) {
                    let Some((area, act)) = lit.split_once('.') else {
                        continue;
                    };
                    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                    let file_like = ["csv", "xls", "xlsx", "hidden", "pdf", "db", "json", "txt"].contains(&act);
                    if word(area) && word(act) && !file_like && !area.is_empty() {
                        out.insert(lit.to_string());
                    }
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../pos-core/src"),
            &mut out,
        );
        out
    }

    #[test]
    fn every_action_the_core_writes_has_a_permission() {
        let actions = actions_in_the_core();
        for known in [
            "sale.completed",
            "count.posted",
            "catalogue.imported",
            "po.sent",
            "receipt.posted",
        ] {
            assert!(actions.contains(known), "the scan finds {known}: {actions:?}");
        }
        for action in &actions {
            assert!(
                needs(action).is_some(),
                "{action} has no permission: its events would be set aside"
            );
        }
        assert_eq!(needs("count.posted"), Some(&[ApproveCount][..]));
        assert!(
            needs("order.status").unwrap().contains(&Sell),
            "a cashier's counter delivery"
        );
        assert!(needs("rootkit.installed").is_none());
    }
}
