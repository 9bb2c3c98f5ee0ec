//! The use cases of Hurtrock POS: setup, sign-in and sessions, staff, catalogue and stock, the
//! counter, the warehouse, the owner's desk (reports), backups and sync. Each public method of
//! [`Core`] is one command; it resolves the caller's session and asks its
//! [`permissions::Permission`] before touching data, and does all its writes in one SQLite
//! transaction (reports read through their own read-only connection). Storage is `pos-store`'s,
//! time comes through the [`pos_domain::Clock`] port, printers through `pos-print`'s transports,
//! the payment gateway, couriers, the sync server and the updater through ports
//! ([`counter::qris::PaymentGateway`], [`couriers::CourierApi`], [`sync::ServerApi`] and
//! `pos_sync::Transport`, [`updates::AppUpdater`]) whose adapters live in `pos-adapters` (and the
//! updater's in the Tauri shell). Must not depend on Tauri or on any HTTP client.

pub mod auth;
pub mod backup;
pub mod bookings;
pub mod catalogue;
pub mod chat;
pub mod counter;
pub mod counts;
pub mod couriers;
pub mod demo;
pub mod error;
pub mod history;
pub mod imports;
pub mod online_shop;
pub mod permissions;
pub mod photos;
pub mod prices;
pub mod products;
pub mod profile;
pub mod purchasing;
pub mod reports;
pub mod secret;
pub mod setup;
pub mod staff;
pub mod stock;
pub mod sync;
pub mod updates;
pub mod warehouse;

pub use error::{CoreError, ErrorCode, Lang, Result};
pub use pos_store::users::{Role, User};

use permissions::Permission;
use pos_domain::Clock;
use pos_store::rusqlite::{Connection, Transaction, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// How long a sign-in lasts before the password is asked again (a long trading day).
pub const SESSION_HOURS: i64 = 14;

/// A session nobody has used for this long locks itself, in the core: whatever the window does,
/// a till left alone is not left open. The UI reports activity (`touch`) while someone is there.
pub const IDLE_LOCK_MS: i64 = 10 * 60_000;

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user: User,
    pub locked: bool,
    pub expires_at: i64,
    /// Opened or unlocked with a PIN: counter powers only (see `auth`).
    pub pin_only: bool,
    /// When someone last used it (a command, or activity the window reported).
    pub last_active: i64,
}

pub struct Core {
    db: Mutex<Connection>,
    /// Reports, the dashboard and exports read through their own connection (a file-backed core
    /// only): the till's writes never wait behind a year's report.
    reader: Option<Mutex<Connection>>,
    clock: Arc<dyn Clock>,
    sessions: Mutex<HashMap<String, Session>>,
    approvals: Mutex<HashMap<String, counter::approval::Approval>>,
    context: Mutex<Option<Arc<counter::settings::CounterContext>>>,
    gateway: Mutex<Option<Arc<dyn counter::qris::PaymentGateway>>>,
    couriers: Mutex<Option<Arc<dyn couriers::CourierApi>>>,
    qris: Mutex<HashMap<String, counter::qris::Charge>>,
    display: Mutex<counter::display::DisplayState>,
    display_pass: Mutex<Option<String>>,
    documents: Mutex<Option<std::path::PathBuf>>,
    /// The database file (None for an in-memory core): what a backup copies.
    db_path: Option<std::path::PathBuf>,
    backup: Mutex<backup::Progress>,
    /// The catalogue import being applied.
    import: Mutex<backup::Progress>,
    /// The device key's file (beside the database); None for an in-memory core.
    key_path: Option<std::path::PathBuf>,
    device_key: Mutex<Option<[u8; 32]>>,
    sync: Mutex<Option<pos_sync::SyncHandle>>,
    server_api: Mutex<Option<Arc<dyn sync::ServerApi>>>,
    updater: Mutex<Option<Arc<dyn updates::AppUpdater>>>,
    update: updates::Progress,
    export: Mutex<reports::ExportProgress>,
    /// Where photo files are kept (the folder beside the database; memory without a file).
    photos: Arc<dyn photos::PhotoStore>,
    /// What the shell asked to run inside first-run setup's transaction, once the owner exists
    /// (the demo's trading history); setup itself knows nothing of it.
    after_setup: Mutex<Option<AfterSetup>>,
}

/// Work a shell asks first-run setup to do in its own transaction: given the new owner's id and
/// the time.
pub type AfterSetup = Arc<dyn Fn(&Connection, &str, i64) -> Result<()> + Send + Sync>;

/// An empty request or response.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Empty {}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the till down with it; the data behind these locks is
    // always consistent between statements.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Core {
    /// Opens the database file (migrating it, with a backup first) and starts with no sessions.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<(Core, pos_store::OpenReport)> {
        let (conn, report) = pos_store::open(path, clock.now_ms())?;
        let mut core = Core::with_connection(conn, clock);
        core.reader = Some(Mutex::new(pos_store::open_reader(path)?));
        core.key_path = Some(std::path::PathBuf::from(format!("{}.key", path.display())));
        core.db_path = Some(path.to_path_buf());
        core.photos = Arc::new(pos_store::blobs::BlobDir::beside(path));
        Ok((core, report))
    }

    pub fn with_connection(conn: Connection, clock: Arc<dyn Clock>) -> Core {
        Core {
            db: Mutex::new(conn),
            reader: None,
            clock,
            sessions: Mutex::new(HashMap::new()),
            approvals: Mutex::new(HashMap::new()),
            context: Mutex::new(None),
            gateway: Mutex::new(None),
            couriers: Mutex::new(None),
            qris: Mutex::new(HashMap::new()),
            display: Mutex::new(Default::default()),
            display_pass: Mutex::new(None),
            documents: Mutex::new(None),
            db_path: None,
            backup: Default::default(),
            import: Default::default(),
            key_path: None,
            device_key: Mutex::new(None),
            sync: Mutex::new(None),
            server_api: Mutex::new(None),
            updater: Mutex::new(None),
            update: Default::default(),
            export: Default::default(),
            after_setup: Mutex::new(None),
            photos: Arc::new(photos::MemoryPhotos::default()),
        }
    }

    /// The photo files' store.
    pub fn photo_store(&self) -> Arc<dyn photos::PhotoStore> {
        self.photos.clone()
    }

    /// Asks first-run setup to run `f` in its transaction once the owner exists.
    pub fn set_after_setup(&self, f: Option<AfterSetup>) {
        *lock(&self.after_setup) = f;
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Runs `f` inside one IMMEDIATE transaction: all of its writes land, or none do.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.db);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = lock(&self.db);
        f(&conn)
    }

    /// Reads for the owner's desk (reports, dashboard, exports): on the reader connection when
    /// there is one, a snapshot that sees every committed write.
    pub(crate) fn read_desk<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match &self.reader {
            Some(reader) => f(&lock(reader)),
            None => self.read(f),
        }
    }

    /// Runs `f` while the desk's reader is held in the middle of a read (a report being built):
    /// for the test that the till's writes go on meanwhile.
    #[doc(hidden)]
    pub fn while_desk_reads<T>(&self, f: impl FnOnce() -> T) -> T {
        let Some(reader) = &self.reader else { return f() };
        let conn = lock(reader);
        let mut stmt = conn.prepare("SELECT id FROM products").expect("desk read");
        let mut rows = stmt.query([]).expect("desk read");
        let _first = rows.next().expect("desk read");
        f()
    }

    /// Direct access for tests, benchmarks and the demo seeder.
    pub fn with_db<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let out = f(&mut lock(&self.db));
        // Whatever was written directly may include settings.
        self.settings_changed();
        out
    }

    /// The live session behind `token`, with the user re-read so a deactivation or a role change
    /// takes effect on the very next command.
    pub(crate) fn session(&self, token: Option<&str>) -> Result<Session> {
        let token = token.filter(|t| !t.is_empty()).ok_or_else(CoreError::unauthenticated)?;
        let now = self.now();
        let mut s = {
            let mut sessions = lock(&self.sessions);
            sessions.retain(|_, s| s.expires_at > now);
            let live = sessions.get_mut(token).ok_or_else(CoreError::unauthenticated)?;
            if !live.locked && now - live.last_active > IDLE_LOCK_MS {
                live.locked = true;
            }
            live.clone()
        };
        let current = self.read(|c| Ok(pos_store::users::by_id(c, &s.user.id)?))?;
        match current {
            Some(c) if c.user.active => s.user = c.user,
            _ => {
                lock(&self.sessions).remove(token);
                return Err(CoreError::unauthenticated());
            }
        }
        Ok(s)
    }

    /// The caller's session if it is unlocked and its role has `p`; the first line of every
    /// command that needs a signed-in user.
    pub(crate) fn authorize(&self, token: Option<&str>, p: Permission) -> Result<Session> {
        let s = self.authorize_poll(token, p)?;
        if let Some(live) = lock(&self.sessions).get_mut(&s.token) {
            live.last_active = self.now();
        }
        Ok(s)
    }

    /// Like [`Core::authorize`] for what the window asks on its own every few seconds (sync
    /// status, update checks, export progress): it does not count as someone using the till.
    pub(crate) fn authorize_poll(&self, token: Option<&str>, p: Permission) -> Result<Session> {
        let s = self.session(token)?;
        if s.locked {
            return Err(CoreError::new(
                ErrorCode::SessionLocked,
                "The screen is locked. Unlock it with your PIN or password.",
                "Layar terkunci. Buka dengan PIN atau kata sandi Anda.",
            ));
        }
        if !permissions::allows(s.user.role, p) {
            return Err(CoreError::forbidden());
        }
        if s.pin_only && !permissions::opens_with_pin(p) {
            return Err(CoreError::new(
                ErrorCode::PasswordNeeded,
                "This needs your password: a PIN opens the counter only. Unlock with your password.",
                "Ini perlu kata sandi Anda: PIN hanya membuka kasir. Buka kunci dengan kata sandi.",
            ));
        }
        Ok(s)
    }

    pub(crate) fn branch(conn: &Connection) -> Result<String> {
        pos_store::profile::get(conn)?.map(|p| p.branch_code).ok_or_else(|| {
            CoreError::new(
                ErrorCode::NeedsSetup,
                "The store is not set up yet.",
                "Toko belum disiapkan.",
            )
        })
    }

    pub(crate) fn audit(
        &self,
        conn: &Connection,
        user_id: Option<&str>,
        action: &str,
        (entity, entity_id): (&str, Option<&str>),
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<()> {
        let at = self.now();
        let ev = pos_store::audit::NewAuditEvent {
            at,
            user_id,
            action,
            entity,
            entity_id,
            before,
            after,
        };
        let id = pos_store::audit::insert(conn, &ev)?;
        // Audit events sync to the server like every other fact.
        let payload = serde_json::json!({
            "id": id, "at": at, "user_id": user_id, "action": action, "entity": entity,
            "entity_id": entity_id, "before": ev.before, "after": ev.after,
        });
        pos_store::outbox::append(conn, "audit_event", &id, &payload, at, user_id)?;
        Ok(())
    }

    /// Queues a new or wholly rewritten record of reference data (product, category, user, ...)
    /// for sync: every field, last writer wins on the server.
    pub(crate) fn outbox(
        &self,
        conn: &Connection,
        by: &str,
        kind: &str,
        id: &str,
        record: &impl serde::Serialize,
    ) -> Result<()> {
        self.outbox_edit(conn, by, kind, id, None, record)
    }

    /// Queues an edit of reference data: the fields that differ from `before` are the ones the
    /// server merges, on top of the version this terminal last saw.
    pub(crate) fn outbox_edit(
        &self,
        conn: &Connection,
        by: &str,
        kind: &str,
        id: &str,
        before: Option<&serde_json::Value>,
        record: &impl serde::Serialize,
    ) -> Result<()> {
        let after = serde_json::to_value(record).map_err(|e| CoreError::internal(e.to_string()))?;
        let payload = pos_sync::local::ref_edit(conn, kind, id, before, after)?;
        pos_store::outbox::append(conn, kind, id, &payload, self.now(), Some(by))?;
        Ok(())
    }
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

/// The record types the store returns and the commands pass through unchanged.
pub mod store_types {
    pub use pos_domain::bookings::{BookingResource, BookingService, Slot};
    pub use pos_store::audit::AuditEvent;
    pub use pos_store::bookings::records::Booking;
    pub use pos_store::bookings::setup::{SavedResource, SavedService};
    pub use pos_store::categories::Category;
    pub use pos_store::customers::Customer;
    pub use pos_store::orders::{CourierService, Order, OrderStatus};
    pub use pos_store::products::Product;
    pub use pos_store::profile::StoreProfile;
    pub use pos_store::sales::{Return, Sale, SaleLine, Tender, TenderKind};
    pub use pos_store::shifts::{Shift, ShiftTotals};
    pub use pos_store::stock::{MovementReason, StockMovement};
    pub use pos_store::suppliers::Supplier;
}
