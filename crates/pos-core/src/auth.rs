//! Signing in and out, the lock screen and the fast cashier switch by PIN. Five wrong passwords or
//! PINs in a row lock the account for fifteen minutes; every attempt is audited.
//!
//! A PIN opens counter powers only (selling, supervising within policy, the warehouse floor):
//! every terminal holds every staff member's hashes and a PIN is six digits, so a stolen till's
//! PINs may fall to an offline attack. Owner and admin powers (staff, catalogue, stock counts,
//! settings, reports, sync, updates) need the password, asked again on the lock screen.

use crate::error::{CoreError, ErrorCode, Result};
use crate::{Core, Empty, SESSION_HOURS, Session, lock, secret};
use pos_store::users::{self, Credentials, Role, User};
use serde::{Deserialize, Serialize};

pub const MAX_FAILED_ATTEMPTS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct SessionInfo {
    pub token: String,
    pub user: User,
    pub locked: bool,
    pub expires_at: i64,
    /// Opened (or last unlocked) with a PIN: counter powers only until the password is given.
    pub pin_only: bool,
    /// What this person's role may do (the core's one table; the UI shows only these).
    pub may: Vec<crate::permissions::Permission>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SwitchUserRequest {
    pub user_id: String,
    pub pin: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct UnlockRequest {
    /// The signed-in user's PIN or password.
    pub secret: String,
}

/// Someone who can take over the till with a PIN, as shown on the lock screen.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct SwitchCandidate {
    pub id: String,
    pub name: String,
    pub role: Role,
}

fn bad_credentials() -> CoreError {
    CoreError::new(
        ErrorCode::BadCredentials,
        "Wrong email, password or PIN.",
        "Email, kata sandi, atau PIN salah.",
    )
}

fn locked_out(until: i64, now: i64) -> CoreError {
    let minutes = ((until - now) as f64 / 60_000.0).ceil().max(1.0) as i64;
    CoreError::new(
        ErrorCode::AccountLocked,
        format!("Too many failed attempts. Try again in {minutes} minutes or ask an owner to reset it."),
        format!("Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit atau minta pemilik meresetnya."),
    )
}

impl Core {
    pub(crate) fn start_session(&self, user: User, pin_only: bool) -> Result<SessionInfo> {
        let token = secret::token()?;
        let expires_at = self.now() + SESSION_HOURS * 3_600_000;
        let s = Session {
            token: token.clone(),
            user: user.clone(),
            locked: false,
            expires_at,
            pin_only,
            last_active: self.now(),
        };
        lock(&self.sessions).insert(token.clone(), s);
        Ok(SessionInfo {
            token,
            may: crate::permissions::permissions_of(user.role),
            user,
            locked: false,
            expires_at,
            pin_only,
        })
    }

    /// Checks `secret` with `check`, counting failures toward the lockout. The attempt is counted
    /// before the check, so parallel guesses cannot slip past the limit; the slow hash runs outside
    /// the database lock.
    pub(crate) fn check_secret(&self, creds: &Credentials, kind: &str, check: impl FnOnce() -> bool) -> Result<()> {
        let now = self.now();
        if creds.locked_until > now {
            return Err(locked_out(creds.locked_until, now));
        }
        let id = &creds.user.id;
        let (attempt, locked_until) = self.write(|tx| Ok(users::take_attempt(tx, id, now)?))?;
        if locked_until > now {
            return Err(locked_out(locked_until, now));
        }
        if attempt > MAX_FAILED_ATTEMPTS {
            // Others got their tries in first: this one is not checked at all.
            let until = now + LOCKOUT_MINUTES * 60_000;
            self.write(|tx| Ok(users::record_failure(tx, id, Some(until)).map(|_| ())?))?;
            return Err(locked_out(until, now));
        }
        if check() {
            self.write(|tx| Ok(users::clear_failures(tx, id)?))?;
            return Ok(());
        }
        let locked = self.write(|tx| {
            let until = (attempt >= MAX_FAILED_ATTEMPTS).then_some(now + LOCKOUT_MINUTES * 60_000);
            // The attempt is counted already; only the lock is set here.
            users::set_lock(tx, id, until)?;
            self.audit(
                tx,
                Some(id),
                &format!("auth.{kind}_failed"),
                ("user", Some(id)),
                None,
                None,
            )?;
            if until.is_some() {
                self.audit(tx, Some(id), "auth.account_locked", ("user", Some(id)), None, None)?;
            }
            Ok(until)
        })?;
        Err(match locked {
            Some(until) => locked_out(until, now),
            None => bad_credentials(),
        })
    }

    pub fn sign_in(&self, req: SignInRequest) -> Result<SessionInfo> {
        let email = req.email.trim().to_lowercase();
        if email.is_empty() || email.len() > 254 || req.password.len() > 4 * secret::PASSWORD_MAX {
            return Err(bad_credentials());
        }
        let creds = self.read(|c| Ok(users::by_email(c, &email)?))?;
        let Some(creds) = creds.filter(|c| c.user.active) else {
            secret::verify_against_nothing(&req.password);
            self.write(|tx| {
                let after = serde_json::json!({ "email": email });
                self.audit(tx, None, "auth.sign_in_failed", ("user", None), None, Some(after))
            })?;
            return Err(bad_credentials());
        };
        self.check_secret(&creds, "sign_in", || {
            secret::verify(&req.password, &creds.password_hash)
        })?;
        self.write(|tx| {
            self.audit(
                tx,
                Some(&creds.user.id),
                "auth.sign_in",
                ("user", Some(&creds.user.id)),
                None,
                None,
            )
        })?;
        self.start_session(creds.user, false)
    }

    pub fn whoami(&self, token: Option<&str>) -> Result<SessionInfo> {
        let s = self.session(token)?;
        Ok(SessionInfo {
            may: crate::permissions::permissions_of(s.user.role),
            token: s.token,
            user: s.user,
            locked: s.locked,
            expires_at: s.expires_at,
            pin_only: s.pin_only,
        })
    }

    pub fn sign_out(&self, token: Option<&str>) -> Result<Empty> {
        let s = self.session(token)?;
        lock(&self.sessions).remove(&s.token);
        self.write(|tx| {
            self.audit(
                tx,
                Some(&s.user.id),
                "auth.sign_out",
                ("user", Some(&s.user.id)),
                None,
                None,
            )
        })?;
        Ok(Empty {})
    }

    /// Someone is at the till (the window saw a key or a click): the session stays unlocked.
    pub fn touch(&self, token: Option<&str>) -> Result<Empty> {
        self.authorize(token, crate::permissions::Permission::OwnAccount)?;
        Ok(Empty {})
    }

    pub fn lock_screen(&self, token: Option<&str>) -> Result<Empty> {
        let s = self.session(token)?;
        if let Some(live) = lock(&self.sessions).get_mut(&s.token) {
            live.locked = true;
        }
        Ok(Empty {})
    }

    /// Unlocks with the signed-in user's own PIN (when they have one) or password. A PIN leaves
    /// counter powers only; the password restores them all.
    pub fn unlock(&self, token: Option<&str>, req: UnlockRequest) -> Result<SessionInfo> {
        let s = self.session(token)?;
        let creds = self
            .read(|c| Ok(users::by_id(c, &s.user.id)?))?
            .ok_or_else(CoreError::unauthenticated)?;
        let looks_like_pin = (4..=6).contains(&req.secret.len()) && req.secret.bytes().all(|b| b.is_ascii_digit());
        let by_pin = looks_like_pin && creds.pin_hash.is_some();
        self.check_secret(&creds, "unlock", || match (&creds.pin_hash, looks_like_pin) {
            (Some(pin), true) => secret::verify(&req.secret, pin),
            _ => req.secret.len() <= 4 * secret::PASSWORD_MAX && secret::verify(&req.secret, &creds.password_hash),
        })?;
        if let Some(live) = lock(&self.sessions).get_mut(&s.token) {
            live.locked = false;
            live.pin_only = by_pin;
            live.last_active = self.now();
        }
        Ok(SessionInfo {
            may: crate::permissions::permissions_of(s.user.role),
            token: s.token,
            user: s.user,
            locked: false,
            expires_at: s.expires_at,
            pin_only: by_pin,
        })
    }

    /// Who can take over this till by PIN. Needs a session on this terminal (locked or not), so
    /// PIN sign-in is only possible where someone first signed in with a password.
    pub fn switch_candidates(&self, token: Option<&str>) -> Result<Vec<SwitchCandidate>> {
        self.session(token)?;
        let all = self.read(|c| Ok(users::list(c)?))?;
        Ok(all
            .into_iter()
            .filter(|u| u.active && u.has_pin)
            .map(|u| SwitchCandidate {
                id: u.id,
                name: u.name,
                role: u.role,
            })
            .collect())
    }

    /// The fast cashier switch: another user takes over this terminal with their PIN; the previous
    /// session ends.
    pub fn switch_user(&self, token: Option<&str>, req: SwitchUserRequest) -> Result<SessionInfo> {
        let current = self.session(token)?;
        let creds = self
            .read(|c| Ok(users::by_id(c, &req.user_id)?))?
            .filter(|c| c.user.active)
            .ok_or_else(bad_credentials)?;
        let Some(pin_hash) = creds.pin_hash.clone() else {
            return Err(CoreError::invalid(
                "pin",
                "This person has no PIN yet; sign in with the password.",
                "Orang ini belum punya PIN; masuk dengan kata sandi.",
            ));
        };
        if req.pin.len() > 6 {
            return Err(bad_credentials());
        }
        self.check_secret(&creds, "pin", || secret::verify(&req.pin, &pin_hash))?;
        lock(&self.sessions).remove(&current.token);
        self.write(|tx| {
            let before = serde_json::json!({ "user_id": current.user.id, "name": current.user.name });
            self.audit(
                tx,
                Some(&creds.user.id),
                "auth.pin_switch",
                ("user", Some(&creds.user.id)),
                Some(before),
                None,
            )
        })?;
        self.start_session(creds.user, true)
    }
}
