//! Shared by the server's tests and benchmarks: a fresh PostgreSQL database per test (on the
//! cluster `scripts/with-postgres.sh` starts, see the Makefile), the real server on loopback, a
//! fault-injecting proxy, and terminals (a real `Core` on its own SQLite file).
#![allow(dead_code)]

pub mod attack;
pub mod proxy;
pub mod raw;

use pos_core::Core;
use pos_core::auth::SignInRequest;
use pos_core::setup::{ProfileInput, SetupRequest};
use pos_server::{AppState, config::Config};
use std::net::SocketAddr;
use std::sync::Arc;

pub const OWNER_EMAIL: &str = "owner@hurtrock.test";
pub const OWNER_PASSWORD: &str = "owner-pass-1";

/// A new empty database on the test cluster. PostgreSQL must be reachable through libpq's
/// variables (PGHOST, PGPORT, PGUSER, PGPASSWORD): `make test-rust` runs the tests under
/// `scripts/with-postgres.sh`, which starts a throw-away cluster and sets them.
pub async fn fresh_database() -> tokio_postgres::Config {
    let base = Config::default().pg().unwrap();
    assert!(
        std::env::var_os("PGHOST").is_some() || std::env::var_os("HURTROCK_SYNC_DATABASE_URL").is_some(),
        "these tests need PostgreSQL: run them with `make test-rust` (it wraps them in scripts/with-postgres.sh), \
         or `scripts/with-postgres.sh cargo test -p pos-server`"
    );
    let (client, conn) = base
        .connect(tokio_postgres::NoTls)
        .await
        .expect("connecting to the test PostgreSQL");
    tokio::spawn(conn);
    let name = format!("hurtrock_test_{}", uuid::Uuid::now_v7().simple());
    client.execute(&format!("CREATE DATABASE {name}"), &[]).await.unwrap();
    let mut cfg = base.clone();
    cfg.dbname(&name);
    cfg
}

#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    pub url: String,
    pub pool: deadpool_postgres::Pool,
}

pub async fn start_server() -> Server {
    start_server_with(fresh_database().await, Config::default()).await
}

pub async fn start_server_with(pg: tokio_postgres::Config, config: Config) -> Server {
    let pool = pos_server::pool(pg, 32).unwrap();
    pos_server::migrate(&pool).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = pos_server::router(AppState::new(pool.clone(), config));
    tokio::spawn(async move { pos_server::serve(listener, app, std::future::pending()).await.unwrap() });
    Server {
        addr,
        url: format!("http://{addr}"),
        pool,
    }
}

impl Server {
    /// Nothing was set aside, in conflict or otherwise flagged for the owner.
    pub async fn assert_no_issues(&self) {
        let c = self.pool.get().await.unwrap();
        let rows = c
            .query(
                "SELECT issue || ' ' || kind || ' ' || record_id || ': ' || reason FROM sync_issues LIMIT 5",
                &[],
            )
            .await
            .unwrap();
        let issues: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        assert!(
            issues.is_empty(),
            "the server flagged records for the owner: {issues:?}"
        );
    }

    /// Closes the server's pool (its connections go back to PostgreSQL): benchmarks start many.
    pub fn close(&self) {
        self.pool.close();
    }

    /// What the server set aside or found in conflict, with the reasons (the first 20).
    pub async fn issues(&self) -> Vec<String> {
        let c = self.pool.get().await.unwrap();
        c.query(
            "SELECT issue || ' ' || kind || ' ' || record_id || ': ' || reason FROM sync_issues
             WHERE issue IN ('set_aside', 'conflict') ORDER BY at LIMIT 20",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let c = self.pool.get().await.unwrap();
        c.query_one(sql, &[]).await.unwrap().get(0)
    }
}

/// A device enrolled over plain HTTP (tests and benchmarks that speak the protocol directly).
#[derive(Debug, Clone)]
pub struct Device {
    pub id: String,
    pub token: String,
    pub terminal: String,
}

/// Creates a store with its first branch; returns the owner's session token.
pub async fn signup(http: &reqwest::Client, url: &str, email: &str, branch: &str) -> String {
    let r = http
        .post(format!("{url}/v1/signup"))
        .json(
            &serde_json::json!({"store_name": "Hurtrock", "email": email, "password": "server-pass-123",
                                  "branch_code": branch, "branch_name": "Bandung"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    r.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A one-time code for `branch`, made with the owner's session.
pub async fn code(http: &reqwest::Client, url: &str, owner: &str, branch: &str) -> String {
    code_with(http, url, owner, branch, false).await
}

/// A one-time code; `manages_staff`: the terminal may change owner and admin accounts.
pub async fn code_with(http: &reqwest::Client, url: &str, owner: &str, branch: &str, manages_staff: bool) -> String {
    let c: serde_json::Value = http
        .post(format!("{url}/v1/enrolment-codes"))
        .bearer_auth(owner)
        .json(&serde_json::json!({ "branch_code": branch, "manages_staff": manages_staff }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    c["code"].as_str().unwrap().to_string()
}

/// Enrols a new device of `branch`.
pub async fn enrol(http: &reqwest::Client, url: &str, owner: &str, branch: &str) -> Device {
    enrol_with(http, url, owner, branch, false).await
}

/// Enrols a new device of `branch`, trusted with owner and admin accounts or not.
pub async fn enrol_with(http: &reqwest::Client, url: &str, owner: &str, branch: &str, manages_staff: bool) -> Device {
    let code = code_with(http, url, owner, branch, manages_staff).await;
    let e: serde_json::Value = http
        .post(format!("{url}/v1/enrol"))
        .json(&serde_json::json!({ "code": code, "device_name": "till" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(e["manages_staff"], manages_staff);
    let s = |k: &str| e[k].as_str().unwrap().to_string();
    Device {
        id: s("device_id"),
        token: s("token"),
        terminal: s("terminal"),
    }
}

/// GET with a bearer token, read as JSON.
pub async fn get_json(http: &reqwest::Client, url: &str, token: &str) -> serde_json::Value {
    http.get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A terminal: the real core on its own SQLite file, synced by the real engine.
pub struct Terminal {
    pub core: Arc<Core>,
    pub token: String,
    pub db: std::path::PathBuf,
    pub engine: pos_sync::Engine,
    pub server: String,
    _dir: Arc<tempfile::TempDir>,
}

pub fn engine_config() -> pos_sync::EngineConfig {
    pos_sync::EngineConfig {
        timeout: std::time::Duration::from_secs(10),
        ..Default::default()
    }
}

/// A terminal's core as the shells open it: with the sync server's HTTPS adapter.
pub fn open_core(db: &std::path::Path) -> Arc<Core> {
    let (core, _) = Core::open(db, Arc::new(pos_domain::SystemClock)).unwrap();
    core.set_server_api(Some(Arc::new(pos_adapters::SyncHttp::new(engine_config().timeout))));
    Arc::new(core)
}

/// The sync engine of a terminal's core, over the HTTPS adapter.
pub fn engine(core: &Arc<Core>) -> pos_sync::Engine {
    let config = engine_config();
    let server = Arc::new(pos_adapters::SyncHttp::new(config.timeout));
    pos_sync::Engine::new(core.clone(), config, server)
}

impl Terminal {
    /// The first terminal: sets the store up locally (owner, Hurtrock profile, branch BDG).
    pub fn set_up() -> Terminal {
        Terminal::set_up_with(|_| {})
    }

    /// The demo store with its ninety days of trading, set up by the owner.
    pub fn demo_with_history() -> Terminal {
        Terminal::set_up_with(|core| {
            let now = core.now();
            core.with_db(|c| assert!(pos_core::demo::seed(c, now).unwrap()));
            assert!(pos_core::demo::request_history(core).unwrap());
        })
    }

    fn set_up_with(before_setup: impl FnOnce(&Core)) -> Terminal {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let db = dir.path().join("pos.db");
        let core = open_core(&db);
        before_setup(&core);
        let s = core
            .complete_setup(SetupRequest {
                owner_name: "Dimas".into(),
                owner_email: OWNER_EMAIL.into(),
                owner_password: OWNER_PASSWORD.into(),
                owner_pin: Some("258046".into()),
                profile: ProfileInput::hurtrock(),
            })
            .unwrap();
        Terminal {
            engine: engine(&core),
            core,
            token: s.token,
            db,
            server: String::new(),
            _dir: dir,
        }
    }

    /// A terminal that already has a store in `db` (a copy of another's file): the owner signs in.
    pub fn open(db: &std::path::Path, dir: Arc<tempfile::TempDir>) -> Terminal {
        let core = open_core(db);
        let mut t = Terminal {
            engine: engine(&core),
            core,
            token: String::new(),
            db: db.to_path_buf(),
            server: String::new(),
            _dir: dir,
        };
        t.sign_in();
        t
    }

    /// A new terminal, not set up: it joins a store with a code.
    pub fn blank() -> Terminal {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let db = dir.path().join("pos.db");
        let core = open_core(&db);
        Terminal {
            engine: engine(&core),
            core,
            token: String::new(),
            db,
            server: String::new(),
            _dir: dir,
        }
    }

    pub fn t(&self) -> Option<&str> {
        Some(self.token.as_str())
    }

    /// A product in a category of its own name, with `opening` units at this branch.
    pub fn product(
        &self,
        category: &str,
        sku: &str,
        name: &str,
        price: i64,
        weight_g: i64,
        opening: i64,
    ) -> pos_core::store_types::Product {
        let cat = self
            .core
            .create_category(
                self.t(),
                pos_core::catalogue::CategoryInput {
                    name: category.into(),
                    parent_id: None,
                },
            )
            .unwrap()
            .id;
        let fields = pos_core::products::ProductInput {
            sku: sku.into(),
            name: name.into(),
            category_id: cat,
            price,
            cost: price * 6 / 10,
            weight_g,
            active: true,
            ..Default::default()
        };
        self.core
            .create_product(
                self.t(),
                pos_core::products::NewProduct {
                    fields,
                    opening_stock: opening,
                },
            )
            .unwrap()
    }

    /// Links the first terminal's store to the server (creates the owner's server account).
    pub async fn link(&mut self, server: &str) {
        let core = self.core.clone();
        let token = self.token.clone();
        let server_url = server.to_string();
        tokio::task::spawn_blocking(move || {
            core.link_store(
                Some(&token),
                pos_core::sync::LinkStoreRequest {
                    server: server_url,
                    email: OWNER_EMAIL.into(),
                    password: "server-pass-123".into(),
                    create_account: true,
                    branch_name: "Bandung".into(),
                    signup_token: None,
                },
            )
        })
        .await
        .unwrap()
        .unwrap();
        self.server = server.to_string();
    }

    /// Links this (first) terminal's store to `server`, sends what it has, and returns a new
    /// till of branch BDG1 that joined with a code and pulled the store.
    pub async fn link_and_join(&mut self, server: &str) -> Terminal {
        self.link(server).await;
        self.sync_until_quiet().await;
        let code = self.code_for("BDG1").await;
        let mut till = Terminal::blank();
        till.join(server, code).await;
        till
    }

    /// A one-time code for a terminal of `branch`, made by the owner from this terminal.
    pub async fn code_for(&self, branch: &str) -> String {
        let core = self.core.clone();
        let token = self.token.clone();
        let branch = branch.to_string();
        tokio::task::spawn_blocking(move || {
            core.create_enrolment_code(
                Some(&token),
                pos_core::sync::EnrolmentCodeRequest {
                    email: OWNER_EMAIL.into(),
                    password: "server-pass-123".into(),
                    branch_name: format!("Branch {branch}"),
                    branch_code: branch,
                    manages_staff: false,
                },
            )
        })
        .await
        .unwrap()
        .unwrap()
        .code
    }

    /// Joins with a code, pulls the store and signs the owner in.
    pub async fn join(&mut self, server: &str, code: String) {
        let core = self.core.clone();
        let server_url = server.to_string();
        tokio::task::spawn_blocking(move || {
            core.join_store(pos_core::sync::JoinStoreRequest {
                server: server_url,
                code,
                device_name: "till".into(),
            })
        })
        .await
        .unwrap()
        .unwrap();
        self.server = server.to_string();
        self.sync_until_quiet().await;
        self.sign_in();
    }

    pub fn sign_in(&mut self) {
        self.token = self
            .core
            .sign_in(SignInRequest {
                email: OWNER_EMAIL.into(),
                password: OWNER_PASSWORD.into(),
            })
            .unwrap()
            .token;
    }

    /// Sends the server address through a proxy from now on.
    pub fn via(&self, url: &str) {
        self.core
            .with_db(|c| pos_sync::local::set_state(c, "server", url).unwrap());
    }

    pub async fn cycle(&self) -> Result<bool, pos_sync::SyncError> {
        self.engine.cycle().await
    }

    /// Push and pull until nothing is waiting (errors retried).
    pub async fn sync_until_quiet(&self) {
        for _ in 0..200 {
            if self.cycle().await.is_ok() && self.pending() == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("the terminal did not sync");
    }

    pub fn engine_status(&self) -> pos_sync::SyncStatus {
        self.engine.status()
    }

    pub fn pending(&self) -> i64 {
        self.core.with_db(|c| pos_sync::local::outbox_len(c).unwrap())
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.core.with_db(|c| c.query_row(sql, [], |r| r.get(0)).unwrap())
    }

    /// A copy of the database's files as they are on disk now (the file and its write-ahead log),
    /// between two transactions: what a power cut could leave.
    pub fn copy_files(&self) -> tempfile::TempDir {
        let copy = tempfile::tempdir().unwrap();
        for suffix in ["", "-wal"] {
            let from = std::path::PathBuf::from(format!("{}{suffix}", self.db.display()));
            if from.exists() {
                std::fs::copy(&from, copy.path().join(format!("pos.db{suffix}"))).unwrap();
            }
        }
        copy
    }

    /// The power goes off and the disk comes back holding `copy` (an earlier state of the files):
    /// the app starts again from it.
    pub fn power_cut_back_to(&mut self, copy: &tempfile::TempDir) {
        self.close();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db.display()));
        }
        for suffix in ["", "-wal"] {
            let from = copy.path().join(format!("pos.db{suffix}"));
            if from.exists() {
                std::fs::copy(&from, format!("{}{suffix}", self.db.display())).unwrap();
            }
        }
        self.reopen();
    }

    fn close(&mut self) {
        let placeholder = Arc::new(Core::with_connection(
            pos_store::rusqlite::Connection::open_in_memory().unwrap(),
            Arc::new(pos_domain::SystemClock),
        ));
        self.engine = engine(&placeholder);
        let old = std::mem::replace(&mut self.core, placeholder);
        drop(old);
    }

    fn reopen(&mut self) {
        self.core = open_core(&self.db);
        self.engine = engine(&self.core);
        self.sign_in();
    }

    /// Closes the app and opens it again from its file (sessions are lost, data is not).
    pub fn restart(&mut self) {
        let placeholder = Arc::new(Core::with_connection(
            pos_store::rusqlite::Connection::open_in_memory().unwrap(),
            Arc::new(pos_domain::SystemClock),
        ));
        self.engine = engine(&placeholder);
        let old = std::mem::replace(&mut self.core, placeholder);
        drop(old);
        self.core = open_core(&self.db);
        self.engine = engine(&self.core);
        self.sign_in();
    }
}

/// A cash sale of `quantity` units at this terminal (its shift open).
pub fn sell(term: &Terminal, product: &str, quantity: i64) {
    let req = pos_core::counter::checkout::CheckoutRequest {
        client_ref: pos_domain::new_id(),
        lines: vec![pos_core::counter::checkout::CartLine {
            product_id: product.into(),
            quantity,
            ..Default::default()
        }],
        tenders: vec![pos_core::counter::checkout::TenderInput {
            kind: Some(pos_core::store_types::TenderKind::Cash),
            amount: 1_000_000,
            reference: String::new(),
        }],
        ..Default::default()
    };
    term.core.checkout(term.t(), req).unwrap();
}

/// A product's editable fields as they are (to change one and save).
pub fn input_of(p: &pos_core::store_types::Product) -> pos_core::products::ProductInput {
    pos_core::products::ProductInput {
        sku: p.sku.clone(),
        barcode: p.barcode.clone().unwrap_or_default(),
        name: p.name.clone(),
        brand: p.brand.clone(),
        model: p.model.clone(),
        category_id: p.category_id.clone(),
        supplier_id: p.supplier_id.clone(),
        price: p.price.rupiah(),
        cost: p.cost.rupiah(),
        active: p.active,
        ..Default::default()
    }
}
