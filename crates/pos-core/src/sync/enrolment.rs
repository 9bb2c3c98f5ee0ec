//! Linking the store to a server, joining a terminal with a code, and making codes.

use super::*;
use pos_sync::protocol::owner::{EnrolRequest, EnrolResponse, LoginRequest, SignupRequest};

impl Core {
    /// Stores what enrolment returned and moves this terminal onto its branch and terminal code.
    /// `snapshot`: the owner linking the store, whose existing data is queued first in their name.
    pub(super) fn save_enrolment(&self, server: &str, e: &EnrolResponse, snapshot: Option<&str>) -> Result<()> {
        let token = self.seal(&e.token)?;
        let (device, branch, terminal) = (e.device_id.to_string(), &e.branch_code, &e.terminal);
        let store = e.store_id.to_string();
        self.write(|tx| {
            local::set_state(tx, "server", server)?;
            local::set_state(tx, "device_id", &device)?;
            local::set_state(tx, "store_id", &store)?;
            local::set_state(tx, "token", &token)?;
            local::set_owner_desk(tx, e.manages_staff)?;
            pos_store::settings::set_device(tx, "terminal", terminal)?;
            pos_store::settings::set_device(tx, "branch_code", branch)?;
            pos_store::profile::set_branch_code(tx, branch)?;
            if let Some(by) = snapshot {
                let n = local::snapshot(tx, self.now(), by)?;
                tracing::info!(records = n, "the store's existing data is queued for its first push");
            }
            Ok(())
        })?;
        self.settings_changed();
        self.nudge_sync();
        Ok(())
    }

    pub fn is_enrolled(&self) -> bool {
        self.read(|c| Ok(local::state(c, "device_id")?.is_some()))
            .unwrap_or(false)
    }

    /// The owner links this (set-up) store to the server: creates the server account and store, or
    /// signs in; makes sure this branch exists there; enrols this terminal. Everything this
    /// terminal recorded so far is already in its outbox and goes up first.
    pub fn link_store(&self, token: Option<&str>, req: LinkStoreRequest) -> Result<SyncInfo> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let server = check_server(&req.server)?;
        if self.is_enrolled() {
            return Err(CoreError::new(
                ErrorCode::AlreadySetUp,
                "This terminal is already linked to a server",
                "Terminal ini sudah terhubung ke server",
            ));
        }
        let (profile, terminal) = self.read(|c| {
            let p = pos_store::profile::get(c)?
                .ok_or_else(|| CoreError::new(ErrorCode::NeedsSetup, "Set up the store first", "Siapkan toko dulu"))?;
            Ok((p, crate::counter::settings::terminal(c)?))
        })?;
        let api = self.server_api()?;
        let session = if req.create_account {
            api.signup(
                &server,
                &SignupRequest {
                    store_name: profile.name.clone(),
                    email: req.email.clone(),
                    password: req.password.clone(),
                    branch_code: profile.branch_code.clone(),
                    branch_name: req.branch_name.clone(),
                    signup_token: req.signup_token.clone(),
                },
            )
        } else {
            api.login(
                &server,
                &LoginRequest {
                    email: req.email.clone(),
                    password: req.password.clone(),
                },
            )
        }
        .map_err(server_error)?;
        // The owner's own terminal: trusted with owner and admin accounts.
        let code = code_for_branch(
            &*api,
            &server,
            &session.token,
            (&profile.branch_code, &req.branch_name),
            true,
        )?;
        let enrolled = api
            .enrol(
                &server,
                &EnrolRequest {
                    code: code.code,
                    device_name: format!("{} {terminal}", profile.name),
                    terminal: Some(terminal),
                },
            )
            .map_err(server_error)?;
        self.save_enrolment(&server, &enrolled, Some(&s.user.id))?;
        self.write(|tx| {
            self.audit(
                tx,
                Some(&s.user.id),
                "sync.linked",
                ("store", None),
                None,
                Some(json!({ "server": server })),
            )
        })?;
        self.sync_info(token)
    }

    /// A new terminal joins a store with a one-time code; its first pull brings the staff,
    /// catalogue and history. Only on a terminal that has not been set up on its own.
    pub fn join_store(&self, req: JoinStoreRequest) -> Result<SyncInfo> {
        let server = check_server(&req.server)?;
        let fresh = self.read(|c| Ok(pos_store::users::count(c)? == 0))?;
        if !fresh || self.is_enrolled() {
            return Err(CoreError::new(
                ErrorCode::AlreadySetUp,
                "This terminal already has a store; only a new terminal can join one",
                "Terminal ini sudah punya toko; hanya terminal baru yang dapat bergabung",
            ));
        }
        let name = crate::error::text(
            "device_name",
            ("Terminal name", "Nama terminal"),
            &req.device_name,
            80,
            true,
        )?;
        let code = req.code.trim();
        if code.is_empty() || code.len() > 40 {
            return Err(CoreError::invalid(
                "code",
                "Enter the enrolment code",
                "Masukkan kode pendaftaran",
            ));
        }
        let enrolled = self
            .server_api()?
            .enrol(
                &server,
                &EnrolRequest {
                    code: code.to_string(),
                    device_name: name,
                    terminal: None,
                },
            )
            .map_err(server_error)?;
        self.save_enrolment(&server, &enrolled, None)?;
        self.sync_info_public()
    }

    /// A one-time code for another terminal of a branch (made on the server; valid 24 hours).
    pub fn create_enrolment_code(&self, token: Option<&str>, req: EnrolmentCodeRequest) -> Result<EnrolmentCode> {
        let s = self.authorize(token, Permission::ManageSync)?;
        let (api, server, owner) = self.owner_session(&req.email, &req.password)?;
        let code = code_for_branch(
            &*api,
            &server,
            &owner,
            (&req.branch_code, &req.branch_name),
            req.manages_staff,
        )?;
        let out = EnrolmentCode {
            code: code.code,
            branch_code: code.branch_code,
            expires_at: code.expires_at,
        };
        self.write(|tx| {
            let after = json!({ "branch": out.branch_code, "expires_at": out.expires_at });
            self.audit(
                tx,
                Some(&s.user.id),
                "sync.code_created",
                ("branch", Some(&out.branch_code)),
                None,
                Some(after),
            )
        })?;
        Ok(out)
    }

    /// Signs the owner in to the server this terminal is linked to; returns the client, the
    /// server and the owner's session token.
    pub(super) fn owner_session(&self, email: &str, password: &str) -> Result<(Arc<dyn ServerApi>, String, String)> {
        let server = self.read(|c| Ok(local::state(c, "server")?))?.ok_or_else(|| {
            CoreError::invalid(
                "server",
                "Link this store to a server first",
                "Hubungkan toko ke server dulu",
            )
        })?;
        let api = self.server_api()?;
        let session = api
            .login(
                &server,
                &LoginRequest {
                    email: email.into(),
                    password: password.into(),
                },
            )
            .map_err(server_error)?;
        Ok((api, server, session.token))
    }
}
