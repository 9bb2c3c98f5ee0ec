//! The store's devices: listed, revoked, trusted as an owner's desk.

use super::*;
use pos_sync::protocol::owner::DeviceAction;

pub(super) fn device_id(id: &str) -> Result<&str> {
    let id = id.trim();
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(CoreError::invalid("device_id", "Choose a terminal", "Pilih terminal"));
    }
    Ok(id)
}

impl Core {
    /// The store's terminals as the server knows them.
    pub fn list_devices(&self, token: Option<&str>, req: ServerAccount) -> Result<Vec<DeviceInfo>> {
        self.authorize(token, Permission::ManageSync)?;
        let (api, server, owner) = self.owner_session(&req.email, &req.password)?;
        let devices = api.devices(&server, &owner).map_err(server_error)?;
        Ok(devices
            .into_iter()
            .map(|d| DeviceInfo {
                id: d.id.to_string(),
                name: d.name,
                branch_code: d.branch_code,
                terminal: d.terminal,
                last_seq: d.last_seq,
                revoked: d.revoked,
                last_seen_at: d.last_seen_at,
                manages_staff: d.manages_staff,
            })
            .collect())
    }

    /// Revokes a terminal's token on the server (a stolen or retired till).
    pub fn revoke_device(&self, token: Option<&str>, req: RevokeRequest) -> Result<crate::Empty> {
        let account = (req.email.as_str(), req.password.as_str());
        self.device_action(
            token,
            account,
            &req.device_id,
            DeviceAction::Revoke,
            "sync.device_revoked",
        )
    }

    /// Lets a terminal change owner and admin accounts, or takes that away (the server enforces
    /// it; the terminal learns it on its next sync).
    pub fn trust_device(&self, token: Option<&str>, req: TrustRequest) -> Result<crate::Empty> {
        let account = (req.email.as_str(), req.password.as_str());
        self.device_action(
            token,
            account,
            &req.device_id,
            DeviceAction::ManagesStaff(req.manages_staff),
            "sync.device_staff_trust",
        )?;
        self.nudge_sync();
        Ok(crate::Empty {})
    }

    /// The owner (server password asked each time) changes one terminal on the server; audited
    /// here with what was sent.
    pub(super) fn device_action(
        &self,
        token: Option<&str>,
        (email, password): (&str, &str),
        device: &str,
        action: DeviceAction,
        audit: &str,
    ) -> Result<crate::Empty> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let id = device_id(device)?;
        let (api, server, owner) = self.owner_session(email, password)?;
        api.device_action(&server, &owner, id, &action).map_err(server_error)?;
        let after = match action {
            DeviceAction::ManagesStaff(on) => Some(json!({ "manages_staff": on })),
            DeviceAction::Revoke => None,
        };
        self.write(|tx| self.audit(tx, Some(&s.user.id), audit, ("device", Some(id)), None, after))?;
        Ok(crate::Empty {})
    }
}
