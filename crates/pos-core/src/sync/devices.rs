//! The store's devices: listed, revoked, trusted as an owner's desk.

use super::*;

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
        let (client, server, owner) = self.owner_session(&req.email, &req.password)?;
        let resp = client
            .get(format!("{server}/v1/devices"))
            .bearer_auth(&owner)
            .send()
            .map_err(unavailable)?;
        let status = resp.status().as_u16();
        let value: Value = resp.json().unwrap_or(Value::Null);
        if status != 200 {
            return Err(refused(status, &value));
        }
        serde_json::from_value(value).map_err(CoreError::internal)
    }

    /// Revokes a terminal's token on the server (a stolen or retired till).
    pub fn revoke_device(&self, token: Option<&str>, req: RevokeRequest) -> Result<crate::Empty> {
        let account = (req.email.as_str(), req.password.as_str());
        self.device_action(
            token,
            account,
            &req.device_id,
            ("revoke", json!({})),
            "sync.device_revoked",
        )
    }

    /// Lets a terminal change owner and admin accounts, or takes that away (the server enforces
    /// it; the terminal learns it on its next sync).
    pub fn trust_device(&self, token: Option<&str>, req: TrustRequest) -> Result<crate::Empty> {
        let account = (req.email.as_str(), req.password.as_str());
        let body = json!({ "manages_staff": req.manages_staff });
        self.device_action(
            token,
            account,
            &req.device_id,
            ("manages-staff", body),
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
        (action, body): (&str, Value),
        audit: &str,
    ) -> Result<crate::Empty> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let (client, server, owner) = self.owner_session(email, password)?;
        let id = device_id(device)?;
        call(
            &client,
            &server,
            &format!("/v1/devices/{id}/{action}"),
            Some(&owner),
            &body,
        )?;
        let after = Some(body).filter(|b| b.as_object().is_some_and(|o| !o.is_empty()));
        self.write(|tx| self.audit(tx, Some(&s.user.id), audit, ("device", Some(id)), None, after))?;
        Ok(crate::Empty {})
    }
}
