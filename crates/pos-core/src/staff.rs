//! The users screen: owners and admins add, edit, deactivate and reset staff. An admin cannot
//! touch an owner's account or make anyone an owner, and the last active owner cannot be removed.

use crate::error::{CoreError, Result, text};
use crate::permissions::Permission;
use crate::setup::check_email;
use crate::{Core, Empty, Session, json, secret};
use pos_store::users::{self, NewUser, Role, User};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewUserRequest {
    pub email: String,
    pub name: String,
    pub role: Option<Role>,
    pub password: String,
    pub pin: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct UserUpdate {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Option<Role>,
    pub active: bool,
    pub expected_version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ResetPassword {
    pub user_id: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ResetPin {
    pub user_id: String,
    /// None or empty removes the PIN.
    pub pin: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ChangeOwnPassword {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SetOwnPin {
    pub current_password: String,
    pub pin: String,
}

fn role_of(r: Option<Role>) -> Result<Role> {
    r.ok_or_else(|| CoreError::invalid("role", "Choose a role", "Pilih peran"))
}

/// Admins manage cashiers, warehouse staff and other admins; only an owner manages owners.
fn may_manage(actor: &Session, target_role: Role) -> Result<()> {
    if target_role == Role::Owner && actor.user.role != Role::Owner {
        return Err(CoreError::forbidden());
    }
    Ok(())
}

/// Owner and admin accounts of a linked store change only at a terminal the owner trusts with
/// them (the sync server refuses them from any other, so refusing here keeps terminals agreeing).
fn staff_here(conn: &pos_store::rusqlite::Connection, roles: &[Role]) -> Result<()> {
    if roles.iter().any(|r| matches!(r, Role::Owner | Role::Admin)) {
        crate::permissions::trusted_desk(conn)?;
    }
    Ok(())
}

fn user_or_404(u: Option<users::Credentials>) -> Result<users::Credentials> {
    u.ok_or_else(|| CoreError::not_found("id", "User", "Pengguna"))
}

impl Core {
    /// Queues a staff account for sync, with its hashes (never the secrets themselves), so the
    /// same people can sign in at every terminal of the store.
    pub(crate) fn outbox_user(&self, conn: &pos_store::rusqlite::Connection, by: &str, id: &str) -> Result<()> {
        let c = user_or_404(users::by_id(conn, id)?)?;
        let mut payload = serde_json::to_value(&c.user).map_err(|e| CoreError::internal(e.to_string()))?;
        payload["password_hash"] = c.password_hash.into();
        payload["pin_hash"] = c.pin_hash.into();
        self.outbox(conn, by, "user", id, &payload)
    }

    pub fn list_users(&self, token: Option<&str>) -> Result<Vec<User>> {
        self.authorize(token, Permission::ManageUsers)?;
        self.read(|c| Ok(users::list(c)?))
    }

    pub fn create_user(&self, token: Option<&str>, req: NewUserRequest) -> Result<User> {
        let s = self.authorize(token, Permission::ManageUsers)?;
        let role = role_of(req.role)?;
        may_manage(&s, role)?;
        self.read(|c| staff_here(c, &[role]))?;
        let email = check_email("email", &req.email)?;
        let name = text("name", ("Name", "Nama"), &req.name, 100, true)?;
        secret::check_password("password", &req.password)?;
        let pin = req.pin.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if let Some(pin) = pin {
            secret::check_pin("pin", pin)?;
        }
        let password_hash = secret::hash(&req.password)?;
        let pin_hash = pin.map(secret::hash).transpose()?;
        let id = pos_domain::new_id();
        self.write(|tx| {
            let new = NewUser {
                id: &id,
                email: &email,
                name: &name,
                role,
                password_hash: &password_hash,
                pin_hash: pin_hash.as_deref(),
            };
            users::insert(tx, &new, self.now()).map_err(|e| match &e {
                pos_store::StoreError::Sqlite(se) if pos_store::unique_violation(se).is_some() => {
                    CoreError::duplicate("email", "This email", "Email ini")
                }
                _ => e.into(),
            })?;
            let user = user_or_404(users::by_id(tx, &id)?)?.user;
            self.outbox_user(tx, &s.user.id, &id)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "user.created",
                ("user", Some(&id)),
                None,
                json(&user),
            )?;
            Ok(user)
        })
    }

    pub fn update_user(&self, token: Option<&str>, req: UserUpdate) -> Result<User> {
        let s = self.authorize(token, Permission::ManageUsers)?;
        let role = role_of(req.role)?;
        may_manage(&s, role)?;
        let email = check_email("email", &req.email)?;
        let name = text("name", ("Name", "Nama"), &req.name, 100, true)?;
        self.write(|tx| {
            let before = user_or_404(users::by_id(tx, &req.id)?)?.user;
            may_manage(&s, before.role)?;
            staff_here(tx, &[role, before.role])?;
            if before.id == s.user.id && (!req.active || role != before.role) {
                return Err(CoreError::invalid(
                    "active",
                    "You cannot deactivate yourself or change your own role",
                    "Anda tidak bisa menonaktifkan diri sendiri atau mengubah peran sendiri",
                ));
            }
            let losing_owner = before.role == Role::Owner && before.active && (role != Role::Owner || !req.active);
            if losing_owner && users::active_owner_count(tx)? <= 1 {
                return Err(CoreError::invalid(
                    "role",
                    "The store needs at least one active owner",
                    "Toko harus punya minimal satu pemilik aktif",
                ));
            }
            let new = User {
                id: before.id.clone(),
                email,
                name,
                role,
                active: req.active,
                has_pin: before.has_pin,
                version: before.version,
            };
            let saved = users::update(tx, &new, req.expected_version, self.now()).map_err(|e| match &e {
                pos_store::StoreError::Sqlite(se) if pos_store::unique_violation(se).is_some() => {
                    CoreError::duplicate("email", "This email", "Email ini")
                }
                _ => e.into(),
            })?;
            if !saved {
                return Err(CoreError::stale());
            }
            let after = user_or_404(users::by_id(tx, &req.id)?)?.user;
            self.outbox_user(tx, &s.user.id, &req.id)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "user.updated",
                ("user", Some(&req.id)),
                json(&before),
                json(&after),
            )?;
            Ok(after)
        })
    }

    pub fn reset_password(&self, token: Option<&str>, req: ResetPassword) -> Result<Empty> {
        let s = self.authorize(token, Permission::ManageUsers)?;
        secret::check_password("new_password", &req.new_password)?;
        let target = self.read(|c| user_or_404(users::by_id(c, &req.user_id)?))?;
        may_manage(&s, target.user.role)?;
        self.read(|c| staff_here(c, &[target.user.role]))?;
        let hash = secret::hash(&req.new_password)?;
        self.write(|tx| {
            users::set_password_hash(tx, &req.user_id, &hash, self.now())?;
            self.outbox_user(tx, &s.user.id, &req.user_id)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "user.password_reset",
                ("user", Some(&req.user_id)),
                None,
                None,
            )
        })?;
        Ok(Empty {})
    }

    pub fn reset_pin(&self, token: Option<&str>, req: ResetPin) -> Result<Empty> {
        let s = self.authorize(token, Permission::ManageUsers)?;
        let pin = req.pin.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if let Some(pin) = pin {
            secret::check_pin("pin", pin)?;
        }
        let target = self.read(|c| user_or_404(users::by_id(c, &req.user_id)?))?;
        may_manage(&s, target.user.role)?;
        self.read(|c| staff_here(c, &[target.user.role]))?;
        let hash = pin.map(secret::hash).transpose()?;
        self.write(|tx| {
            users::set_pin_hash(tx, &req.user_id, hash.as_deref(), self.now())?;
            self.outbox_user(tx, &s.user.id, &req.user_id)?;
            let after = serde_json::json!({ "has_pin": hash.is_some() });
            self.audit(
                tx,
                Some(&s.user.id),
                "user.pin_reset",
                ("user", Some(&req.user_id)),
                None,
                Some(after),
            )
        })?;
        Ok(Empty {})
    }

    /// Any signed-in user changes their own password, proving the current one.
    pub fn change_own_password(&self, token: Option<&str>, req: ChangeOwnPassword) -> Result<Empty> {
        let s = self.authorize(token, Permission::OwnAccount)?;
        secret::check_password("new_password", &req.new_password)?;
        self.read(|c| staff_here(c, &[s.user.role]))?;
        self.prove_password(&s, &req.current_password)?;
        let hash = secret::hash(&req.new_password)?;
        self.write(|tx| {
            users::set_password_hash(tx, &s.user.id, &hash, self.now())?;
            self.outbox_user(tx, &s.user.id, &s.user.id)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "user.password_changed",
                ("user", Some(&s.user.id)),
                None,
                None,
            )
        })?;
        Ok(Empty {})
    }

    pub fn set_own_pin(&self, token: Option<&str>, req: SetOwnPin) -> Result<Empty> {
        let s = self.authorize(token, Permission::OwnAccount)?;
        secret::check_pin("pin", req.pin.trim())?;
        self.read(|c| staff_here(c, &[s.user.role]))?;
        self.prove_password(&s, &req.current_password)?;
        let hash = secret::hash(req.pin.trim())?;
        self.write(|tx| {
            users::set_pin_hash(tx, &s.user.id, Some(&hash), self.now())?;
            self.outbox_user(tx, &s.user.id, &s.user.id)?;
            self.audit(
                tx,
                Some(&s.user.id),
                "user.pin_changed",
                ("user", Some(&s.user.id)),
                None,
                None,
            )
        })?;
        Ok(Empty {})
    }

    fn prove_password(&self, s: &Session, password: &str) -> Result<()> {
        let creds = self.read(|c| user_or_404(users::by_id(c, &s.user.id)?))?;
        if password.len() > 4 * secret::PASSWORD_MAX || !secret::verify(password, &creds.password_hash) {
            return Err(CoreError::invalid(
                "current_password",
                "The current password is wrong",
                "Kata sandi saat ini salah",
            ));
        }
        Ok(())
    }
}
