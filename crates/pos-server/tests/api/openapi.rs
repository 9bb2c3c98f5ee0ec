//! The API document against the live server. The document is made from the handlers; this holds
//! it to what they do: every route it lists is served and refuses a caller without credentials
//! with the 401 it documents, and every constraint it states (lengths, patterns, ranges, required
//! and unknown fields, item counts, UUID path ids, query minimums), broken one at a time on an
//! otherwise valid request, is refused with a status the document lists for that operation. A
//! constraint the server did not enforce, or one it enforces without documenting the answer, fails.

use super::*;
use regex::Regex;
use serde_json::Map;

/// A valid request body per schema. Every request schema of the document must have one here, so a
/// new endpoint's constraints are probed from its first day.
fn bases(device: &str) -> Map<String, Value> {
    let record = json!({"seq": 1, "kind": "stock_movement", "id": "probe-1", "at": 1, "by": "owner-1",
                        "payload": {"id": "probe-1", "product_id": "p1", "branch": "BDG1", "quantity": 1, "reason": "count"}});
    json!({
        "SignupRequest": {"store_name": "Probe", "email": "probe@x.test", "password": "probe-pass-123",
                          "branch_code": "PRB", "branch_name": "Probe"},
        "LoginRequest": {"email": "a@x.test", "password": "server-pass-123"},
        "BranchRequest": {"code": "BDG2", "name": "Dago"},
        "CodeRequest": {"branch_code": "BDG1", "manages_staff": false},
        "EnrolRequest": {"code": "AAAAA-BBBBB-CCCCC", "device_name": "till", "terminal": "T9"},
        "StaffTrust": {"manages_staff": false},
        "PasswordChange": {"current_password": "not-the-password", "new_password": "another-pass-123"},
        "ShopKeyRequest": {"name": "web"},
        "ShopOrder": {"order_no": "WEB-1", "branch_code": "BDG1",
                      "customer": {"name": "Budi", "phone": "0812", "email": "budi@x.test"},
                      "shipping": {"name": "Budi", "phone": "0812", "address": "Jl. Dago 1", "city": "Bandung", "postal": "40135"},
                      "courier_service": "jne-reg", "shipping_cost": 10000,
                      "lines": [{"product_id": "p1", "sku": "P1", "name": "Pick", "quantity": 1, "unit_price": 5000}],
                      "payment_status": "unpaid"},
        "PushRequest": {"protocol": 2, "device_id": device, "counter": 1, "records": [record]},
    })
    .as_object()
    .unwrap()
    .clone()
}

struct Api {
    doc: Value,
    http: reqwest::Client,
    url: String,
    tokens: Map<String, Value>,
    device: support::Device,
}

impl Api {
    fn schema(&self, r: &Value) -> Value {
        match r.get("$ref").and_then(Value::as_str) {
            Some(path) => {
                let name = path.rsplit('/').next().unwrap();
                self.schema(&self.doc["components"]["schemas"][name])
            }
            None => r.clone(),
        }
    }

    async fn send(&self, method: &str, path: &str, op: &Value, body: Option<&Value>, auth: bool) -> (u16, String) {
        let url = format!("{}{path}", self.url);
        let mut req = match method {
            "get" => self.http.get(url),
            "post" => self.http.post(url),
            "put" => self.http.put(url),
            other => panic!("method {other} is not probed"),
        };
        if auth && let Some(scheme) = op["security"][0].as_object().and_then(|m| m.keys().next()) {
            req = req.bearer_auth(self.tokens[scheme].as_str().unwrap());
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The path with its parameters filled with valid values (or `bad` for a UUID one).
    fn fill(&self, path: &str, op: &Value, bad_uuid: Option<&str>) -> String {
        let mut out = path.to_string();
        for p in op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
        {
            let name = p["name"].as_str().unwrap();
            let value = match (name, p["schema"]["format"].as_str()) {
                (n, Some("uuid")) if Some(n) == bad_uuid => "not-a-uuid".to_string(),
                ("id", Some("uuid")) => self.device.id.clone(),
                ("current", _) => "0.1.0".into(),
                ("target", _) => "linux".into(),
                ("arch", _) => "x86_64".into(),
                ("bundle", _) => "deb".into(),
                _ => "x".into(),
            };
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        out
    }
}

/// Values that break one constraint of `schema` (each with what it breaks).
fn breakers(schema: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let num = |k: &str| schema[k].as_i64();
    if types.contains(&"string") {
        let (min, max) = (num("minLength").unwrap_or(0), num("maxLength"));
        if min > 0 {
            out.push((format!("minLength {min}"), json!("a".repeat(min as usize - 1))));
        }
        if let Some(max) = max {
            out.push((format!("maxLength {max}"), json!("a".repeat(max as usize + 1))));
        }
        if let Some(p) = schema["pattern"].as_str() {
            let re = Regex::new(p).unwrap();
            let fits = |s: &&&str| {
                let n = s.chars().count() as i64;
                n >= min && max.is_none_or(|m| n <= m) && !re.is_match(s)
            };
            let candidate = ["   ", "!!!", " ", "!", "a b c", "ab@", "@ab"].iter().find(fits);
            let c = candidate.unwrap_or_else(|| panic!("no value breaks pattern {p} within its lengths"));
            out.push((format!("pattern {p}"), json!(c)));
        }
    }
    if schema["enum"]
        .as_array()
        .is_some_and(|e| e.iter().all(Value::is_string))
    {
        out.push(("enum".into(), json!("not-one-of-them")));
    }
    if types.contains(&"integer") {
        if let Some(m) = num("minimum") {
            out.push((format!("minimum {m}"), json!(m - 1)));
        }
        if let Some(m) = num("maximum") {
            out.push((format!("maximum {m}"), json!(m + 1)));
        }
    }
    out
}

impl Api {
    /// Every single-constraint break of `base` under `schema`, with the JSON path it breaks.
    fn mutations(&self, schema: &Value, base: &Value, at: &str) -> Vec<(String, Value)> {
        let schema = self.schema(schema);
        let mut out = Vec::new();
        for (what, v) in breakers(&schema) {
            out.push((format!("{at}: {what}"), v));
        }
        if let Some(props) = schema["properties"].as_object() {
            let obj = base.as_object().unwrap();
            for r in schema["required"].as_array().into_iter().flatten() {
                let mut m = obj.clone();
                m.remove(r.as_str().unwrap());
                out.push((format!("{at}: without required {r}"), Value::Object(m)));
            }
            if schema["additionalProperties"] == json!(false) {
                let mut m = obj.clone();
                m.insert("unexpected".into(), json!(1));
                out.push((format!("{at}: an unknown field"), Value::Object(m)));
            }
            for (k, p) in props {
                let Some(v) = obj.get(k) else { continue };
                for (what, broken) in self.mutations(p, v, &format!("{at}.{k}")) {
                    let mut m = obj.clone();
                    m.insert(k.clone(), broken);
                    out.push((what, Value::Object(m)));
                }
            }
        }
        if let (Some(items), Some(list)) = (schema.get("items"), base.as_array()) {
            if let Some(n) = schema["minItems"].as_i64().filter(|n| *n > 0) {
                out.push((format!("{at}: minItems {n}"), json!(list[..n as usize - 1].to_vec())));
            }
            if let (Some(n), Some(first)) = (schema["maxItems"].as_i64(), list.first()) {
                out.push((
                    format!("{at}: maxItems {n}"),
                    json!(vec![first.clone(); n as usize + 1]),
                ));
            }
            if let Some(first) = list.first() {
                for (what, broken) in self.mutations(items, first, &format!("{at}[0]")) {
                    let mut l = list.clone();
                    l[0] = broken;
                    out.push((what, Value::Array(l)));
                }
            }
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_states_what_the_live_server_enforces() {
    let (s, http, owner, _desk) = seeded_store().await;
    let device = enrol(&http, &s.url, &owner, "BDG1").await;
    let key: Value = http
        .post(format!("{}/v1/shop-keys", s.url))
        .bearer_auth(&owner)
        .json(&json!({"name": "probe"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let doc: Value = http
        .get(format!("{}/openapi.json", s.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let api = Api {
        tokens: json!({"ownerSession": owner, "deviceToken": device.token, "shopKey": key["key"]})
            .as_object()
            .unwrap()
            .clone(),
        doc,
        http,
        url: s.url.clone(),
        device,
    };
    let bases = bases(&api.device.id);
    let mut failures = Vec::new();
    let mut probes = 0;
    let paths = api.doc["paths"].as_object().unwrap().clone();
    assert!(paths.len() >= 25, "every route is documented: {:?}", paths.keys());
    for (path, item) in &paths {
        for (method, op) in item.as_object().unwrap() {
            let documented = |status: u16| op["responses"].get(status.to_string()).is_some();
            let name = format!("{} {path}", method.to_uppercase());
            // Served, and guarded as documented.
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            let (status, text) = api.send(method, &api.fill(path, op, None), op, None, false).await;
            if secured && (status != 401 || !documented(401)) {
                failures.push(format!("{name} without credentials: {status} {text}"));
            }
            if !documented(status) {
                failures.push(format!("{name} answered {status}, which it does not document: {text}"));
            }
            // Path ids documented as UUIDs.
            for p in op["parameters"].as_array().into_iter().flatten() {
                let pname = p["name"].as_str().unwrap();
                if p["in"] == "path" && p["schema"]["format"] == "uuid" {
                    probes += 1;
                    let (status, text) = api.send(method, &api.fill(path, op, Some(pname)), op, None, true).await;
                    if status != 400 || !documented(400) {
                        failures.push(format!("{name} with {pname} not a UUID: {status} {text}"));
                    }
                }
                if p["in"] == "query"
                    && let Some(min) = p["schema"]["minimum"].as_i64()
                {
                    for bad in [json!(min - 1), json!("x")] {
                        probes += 1;
                        let url = format!(
                            "{}?{pname}={}",
                            api.fill(path, op, None),
                            bad.as_str().map_or(bad.to_string(), str::to_string)
                        );
                        let (status, text) = api.send(method, &url, op, None, true).await;
                        if status != 400 || !documented(400) {
                            failures.push(format!("{name} with {pname}={bad}: {status} {text}"));
                        }
                    }
                }
            }
            // Every constraint of the body, broken one at a time.
            let Some(body_schema) = op["requestBody"]["content"]["application/json"]["schema"].as_object() else {
                continue;
            };
            let schema_name = body_schema["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
            let base = bases
                .get(schema_name)
                .unwrap_or_else(|| panic!("no valid {schema_name} in this test's bases: add one"));
            let target = api.fill(path, op, None);
            for (what, body) in api.mutations(&Value::Object(body_schema.clone()), base, schema_name) {
                probes += 1;
                let (status, text) = api.send(method, &target, op, Some(&body), true).await;
                let refused = [400, 413, 426].contains(&status) && documented(status);
                let error_body = serde_json::from_str::<pos_protocol::ErrorBody>(&text).is_ok();
                if !refused || !error_body {
                    failures.push(format!("{name}, {what}: {status} {text}"));
                }
            }
            // The unbroken request passes every check (its answer is not a 400).
            let (status, text) = api.send(method, &target, op, Some(base), true).await;
            if status == 400 || status == 413 || !documented(status) {
                failures.push(format!("{name} with a valid {schema_name}: {status} {text}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {probes} probes:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{probes} probes");
    assert!(probes > 100, "the document's constraints were probed ({probes})");
}
