//! A loopback HTTP server on axum and hyper for the fakes of outside services (payment gateway,
//! courier aggregators): each request, its query and form decoded by serde_urlencoded, goes to the
//! test's handler, whose JSON answer goes back with the status it chose.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Request {
    pub method: String,
    /// Without the query string.
    pub path: String,
    pub query: HashMap<String, String>,
    /// Lower-cased names.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form(&self) -> HashMap<String, String> {
        serde_urlencoded::from_bytes(&self.body).expect("a form body")
    }
}

type Handler = Arc<dyn Fn(&Request) -> (u16, serde_json::Value) + Send + Sync>;

async fn answer(
    State(handler): State<Handler>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, axum::Json<serde_json::Value>) {
    let req = Request {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: serde_urlencoded::from_str(uri.query().unwrap_or("")).expect("a query string"),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: body.to_vec(),
    };
    // The handler asserts what the adapter sent; run it off the runtime's worker.
    let (code, reply) = tokio::task::spawn_blocking(move || handler(&req))
        .await
        .expect("the fake's handler panicked: see its assertion above");
    (StatusCode::from_u16(code).expect("a status code"), axum::Json(reply))
}

/// Serves on 127.0.0.1 (a free port) until the test ends; returns the base URL.
pub fn serve(handler: impl Fn(&Request) -> (u16, serde_json::Value) + Send + Sync + 'static) -> String {
    let handler: Handler = Arc::new(handler);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = axum::Router::new().fallback(answer).with_state(handler);
            axum::serve(listener, app).await.unwrap();
        });
    });
    url
}
