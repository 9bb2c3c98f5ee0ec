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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_the_core_writes_has_a_permission() {
        // The actions the core audits (grep `audit(` in pos-core); an unknown one is set aside.
        for action in [
            "app.update_installed",
            "auth.pin_switch",
            "auth.sign_in",
            "auth.sign_out",
            "auth.sign_in_failed",
            "auth.unlock_failed",
            "auth.pin_failed",
            "auth.account_locked",
            "backup.settings",
            "backup.taken",
            "backup.exported",
            "category.created",
            "category.updated",
            "counter.settings_changed",
            "order.created",
            "order.split",
            "order.status",
            "product.created",
            "product.price_changed",
            "product.updated",
            "sale.completed",
            "sale.discount_approved",
            "sale.parked",
            "sale.reprinted",
            "sale.resumed",
            "sale.returned",
            "sale.voided",
            "settings.label_printer",
            "setup.completed",
            "shift.cash_movement",
            "shift.closed",
            "shift.opened",
            "stock.adjusted",
            "store.profile_changed",
            "supplier.created",
            "supplier.updated",
            "sync.code_created",
            "sync.device_revoked",
            "sync.device_staff_trust",
            "sync.linked",
            "sync.review_resolved",
            "user.created",
            "user.password_changed",
            "user.password_reset",
            "user.pin_changed",
            "user.pin_reset",
            "user.updated",
        ] {
            assert!(needs(action).is_some(), "{action}");
        }
        assert!(
            needs("order.status").unwrap().contains(&Sell),
            "a cashier's counter delivery"
        );
        assert!(needs("rootkit.installed").is_none());
    }
}
