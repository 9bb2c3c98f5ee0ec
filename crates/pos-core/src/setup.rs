//! First run and the store profile. On an empty database the setup screen creates the owner and
//! the profile in one transaction; no account, and so no password, exists before that.

use crate::auth::SessionInfo;
use crate::error::{CoreError, ErrorCode, Result, text};
use crate::permissions::Permission;
use crate::{Core, json, secret};
use pos_store::profile::{self, StoreProfile};
use pos_store::users::{self, NewUser, Role};
use serde::{Deserialize, Serialize};

pub use crate::profile::ProfileInput;

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AppStatus {
    pub needs_setup: bool,
    pub store_name: Option<String>,
    /// What the setup screen starts from: the saved profile (a demo store has one) or the defaults.
    pub setup_profile: Option<ProfileInput>,
    pub version: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SetupRequest {
    pub owner_name: String,
    pub owner_email: String,
    pub owner_password: String,
    /// Optional 6-digit PIN for the fast switch (it opens the counter only).
    pub owner_pin: Option<String>,
    pub profile: ProfileInput,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProfileUpdate {
    pub profile: ProfileInput,
    pub expected_version: i64,
}

pub(crate) fn check_email(field: &str, email: &str) -> Result<String> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.') && !d.contains('@')
        });
    if !ok {
        return Err(CoreError::invalid(
            field,
            "That is not an email address",
            "Itu bukan alamat email",
        ));
    }
    Ok(e)
}

impl Core {
    /// Public: what the first screen should be.
    pub fn app_status(&self) -> Result<AppStatus> {
        self.read(|c| {
            let needs_setup = users::count(c)? == 0;
            let saved = profile::get(c)?;
            Ok(AppStatus {
                needs_setup,
                store_name: saved.as_ref().map(|p| p.name.clone()),
                setup_profile: needs_setup
                    .then(|| saved.map(ProfileInput::from).unwrap_or_else(ProfileInput::hurtrock)),
                version: env!("CARGO_PKG_VERSION").to_string(),
            })
        })
    }

    /// Public, but only while no user exists: creates the owner and the store profile, and signs
    /// the owner in.
    pub fn complete_setup(&self, req: SetupRequest) -> Result<SessionInfo> {
        if self.read(|c| Ok(users::count(c)?))? > 0 {
            return Err(already_set_up());
        }
        let name = text("owner_name", ("Name", "Nama"), &req.owner_name, 100, true)?;
        let email = check_email("owner_email", &req.owner_email)?;
        secret::check_password("owner_password", &req.owner_password)?;
        let pin = req.owner_pin.as_deref().map(str::trim).filter(|p| !p.is_empty());
        if let Some(pin) = pin {
            secret::check_pin("owner_pin", pin)?;
        }
        let mut profile = req.profile.validate(1)?;
        let password_hash = secret::hash(&req.owner_password)?;
        let pin_hash = pin.map(secret::hash).transpose()?;
        let id = pos_domain::new_id();
        let now = self.now();
        self.write(|tx| {
            // Checked again inside the transaction: two setup screens racing create one owner.
            if users::count(tx)? > 0 {
                return Err(already_set_up());
            }
            let user = NewUser {
                id: &id,
                email: &email,
                name: &name,
                role: Role::Owner,
                password_hash: &password_hash,
                pin_hash: pin_hash.as_deref(),
            };
            users::insert(tx, &user, now)?;
            match profile::get(tx)? {
                None => {
                    profile::save(tx, &profile, None, now)?;
                }
                Some(existing) => {
                    profile.version = existing.version;
                    profile::save(tx, &profile, Some(existing.version), now)?;
                }
            }
            let after = serde_json::json!({ "owner": { "id": id, "email": email, "name": name }, "profile": profile });
            self.settings_changed();
            self.outbox_user(tx, &id, &id)?;
            self.outbox(tx, &id, "store_profile", "store", &profile)?;
            self.audit(tx, Some(&id), "setup.completed", ("store", None), None, Some(after))?;
            let after_setup = crate::lock(&self.after_setup).clone();
            match after_setup {
                Some(f) => f(tx, &id, now),
                None => Ok(()),
            }
        })?;
        let user = self
            .read(|c| Ok(users::by_id(c, &id)?))?
            .ok_or_else(already_set_up)?
            .user;
        self.start_session(user, false)
    }

    pub fn store_profile(&self, token: Option<&str>) -> Result<StoreProfile> {
        self.authorize(token, Permission::ViewStoreProfile)?;
        self.read(|c| profile::get(c)?.ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko")))
    }

    pub fn update_store_profile(&self, token: Option<&str>, req: ProfileUpdate) -> Result<StoreProfile> {
        let s = self.authorize(token, Permission::EditStoreProfile)?;
        let new = req.profile.validate(req.expected_version)?;
        self.write(|tx| {
            crate::permissions::trusted_desk(tx)?;
            let before =
                profile::get(tx)?.ok_or_else(|| CoreError::not_found("profile", "Store profile", "Profil toko"))?;
            if new.branch_code != before.branch_code && pos_sync::local::state(tx, "device_id")?.is_some() {
                return Err(CoreError::invalid(
                    "branch_code",
                    "This terminal is enrolled with the sync server for its branch; the branch code cannot change",
                    "Terminal ini terdaftar di server untuk cabangnya; kode cabang tidak dapat diubah",
                ));
            }
            if !profile::save(tx, &new, Some(req.expected_version), self.now())? {
                return Err(CoreError::stale());
            }
            let after = profile::get(tx)?.ok_or_else(CoreError::stale)?;
            self.outbox_edit(tx, &s.user.id, "store_profile", "store", json(&before).as_ref(), &after)?;
            self.settings_changed();
            self.audit(
                tx,
                Some(&s.user.id),
                "store.profile_changed",
                ("store", None),
                json(&before),
                json(&after),
            )?;
            Ok(after)
        })
    }
}

fn already_set_up() -> CoreError {
    CoreError::new(
        ErrorCode::AlreadySetUp,
        "This store is already set up. Please sign in.",
        "Toko ini sudah disiapkan. Silakan masuk.",
    )
}
