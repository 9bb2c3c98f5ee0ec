//! What the core's tests share: the owner's first-run setup, and a loopback HTTP/1.1 server for
//! the fakes of outside services (payment gateway, courier aggregators), which parses each request
//! and hands it to the test's handler, whose JSON answer goes back with the status it chose.
#![allow(dead_code)] // each test file uses its own part of it

use pos_core::Core;
use pos_core::setup::{ProfileInput, SetupRequest};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

pub const OWNER_EMAIL: &str = "owner@hurtrock.test";
pub const OWNER_PASSWORD: &str = "owner-pass-1";

/// Sets the store up with the owner Dimas (optionally with a PIN); the owner's session token.
pub fn set_up(core: &Core, profile: ProfileInput, pin: Option<&str>) -> String {
    core.complete_setup(SetupRequest {
        owner_name: "Dimas".into(),
        owner_email: OWNER_EMAIL.into(),
        owner_password: OWNER_PASSWORD.into(),
        owner_pin: pin.map(str::to_string),
        profile,
    })
    .unwrap()
    .token
}

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
        pairs(&String::from_utf8_lossy(&self.body))
    }
}

fn pairs(s: &str) -> HashMap<String, String> {
    s.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(b'?'));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serves on 127.0.0.1 (a free port) until the test ends; returns the base URL.
pub fn serve(handler: impl Fn(&Request) -> (u16, serde_json::Value) + Send + 'static) -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in l.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            if r.read_line(&mut line).is_err() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("").to_string();
            let target = parts.next().unwrap_or("").to_string();
            let (path, query) = match target.split_once('?') {
                Some((p, q)) => (p.to_string(), pairs(q)),
                None => (target, HashMap::new()),
            };
            let mut headers = HashMap::new();
            loop {
                let mut h = String::new();
                if r.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.insert(k.trim().to_lowercase(), v.trim().to_string());
                }
            }
            let len: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                continue;
            }
            let req = Request {
                method,
                path,
                query,
                headers,
                body,
            };
            let (code, reply) = handler(&req);
            let text = reply.to_string();
            let _ = write!(
                s,
                "HTTP/1.1 {code} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    url
}
