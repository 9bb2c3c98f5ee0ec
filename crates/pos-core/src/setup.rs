//! First run and the store profile. On an empty database the setup screen creates the owner and
//! the profile in one transaction; no account, and so no password, exists before that.

use crate::auth::SessionInfo;
use crate::error::{CoreError, ErrorCode, Result, text};
use crate::permissions::Permission;
use crate::{Core, json, secret};
use pos_store::profile::{self, StoreProfile};
use pos_store::users::{self, NewUser, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProfileInput {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// 15 or 16 digits; dots and dashes are ignored.
    pub npwp: String,
    pub branch_code: String,
    pub opening_hours: String,
    pub vat_registered: bool,
    pub ppn_rate_bp: i64,
    pub prices_include_tax: bool,
}

impl ProfileInput {
    /// The Hurtrock defaults (../shared/reference/indonesia.md), offered on the setup screen.
    pub fn hurtrock() -> ProfileInput {
        ProfileInput {
            name: "Hurtrock Music Store".into(),
            address: "Jl Gegerkalong Girang Complex Darut Tauhid Kav 22, Kota Bandung".into(),
            phone: "0821-1555-8035".into(),
            npwp: String::new(),
            branch_code: "BDG1".into(),
            opening_hours: "Sen–Jum 09.30–18.00, Sab 09.30–17.00, Minggu tutup".into(),
            vat_registered: false,
            ppn_rate_bp: pos_domain::TaxRate::STANDARD.basis_points() as i64,
            prices_include_tax: true,
        }
    }

    pub(crate) fn validate(&self, version: i64) -> Result<StoreProfile> {
        let npwp: String = self.npwp.chars().filter(|c| !matches!(c, '.' | '-' | ' ')).collect();
        if !npwp.is_empty() && (!(15..=16).contains(&npwp.len()) || !npwp.bytes().all(|b| b.is_ascii_digit())) {
            return Err(CoreError::invalid(
                "npwp",
                "An NPWP has 15 or 16 digits",
                "NPWP terdiri dari 15 atau 16 angka",
            ));
        }
        if self.vat_registered && npwp.is_empty() {
            return Err(CoreError::invalid(
                "npwp",
                "A VAT-registered store (PKP) needs its NPWP",
                "Toko PKP wajib mengisi NPWP",
            ));
        }
        let branch = self.branch_code.trim().to_uppercase();
        if !(2..=8).contains(&branch.len()) || !branch.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CoreError::invalid(
                "branch_code",
                "The branch code is 2 to 8 letters or digits, like BDG1",
                "Kode cabang 2 sampai 8 huruf atau angka, misalnya BDG1",
            ));
        }
        let phone = text("phone", ("Phone", "Telepon"), &self.phone, 30, true)?;
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
        {
            return Err(CoreError::invalid(
                "phone",
                "The phone number has letters in it",
                "Nomor telepon berisi huruf",
            ));
        }
        if pos_domain::TaxRate::from_basis_points(self.ppn_rate_bp).is_none() {
            return Err(CoreError::invalid(
                "ppn_rate_bp",
                "The PPN rate must be between 0 and 100%",
                "Tarif PPN harus antara 0 dan 100%",
            ));
        }
        Ok(StoreProfile {
            name: text("name", ("Store name", "Nama toko"), &self.name, 120, true)?,
            address: text("address", ("Address", "Alamat"), &self.address, 300, true)?,
            phone,
            npwp,
            branch_code: branch,
            opening_hours: text(
                "opening_hours",
                ("Opening hours", "Jam buka"),
                &self.opening_hours,
                200,
                false,
            )?,
            vat_registered: self.vat_registered,
            ppn_rate_bp: self.ppn_rate_bp,
            prices_include_tax: self.prices_include_tax,
            version,
        })
    }
}

impl From<StoreProfile> for ProfileInput {
    fn from(p: StoreProfile) -> Self {
        ProfileInput {
            name: p.name,
            address: p.address,
            phone: p.phone,
            npwp: p.npwp,
            branch_code: p.branch_code,
            opening_hours: p.opening_hours,
            vat_registered: p.vat_registered,
            ppn_rate_bp: p.ppn_rate_bp,
            prices_include_tax: p.prices_include_tax,
        }
    }
}

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
            crate::demo::history_if_pending(tx, &id, now)
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
            crate::sync::trusted_desk(tx)?;
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
