//! Load before authentication: a flood of bogus sign-ins and oversized or gzip-bomb bodies while
//! honest terminals sync. Shared by the test (every attacker answered 4xx, honest sync unharmed)
//! and the benchmark (the honest p99 recorded in BENCHMARKS.md).

use super::raw::{OWNER, seed};
use super::{Server, enrol, enrol_with, signup};
use serde_json::json;
use std::io::Write;
use std::time::{Duration, Instant};

pub struct Outcome {
    /// Every honest push and pull, in milliseconds.
    pub honest_ms: Vec<f64>,
    /// Honest requests that failed.
    pub honest_failures: usize,
    /// Each attacker's answer: the status, or 0 when the connection closed without one.
    pub attacker: Vec<u16>,
    /// The most requests ever waiting for a database connection during the attack.
    pub most_waiting: usize,
}

pub fn p99(ms: &[f64]) -> f64 {
    let mut v = ms.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(((v.len() as f64) * 0.99) as usize).copied().unwrap_or(0.0)
}

fn gzip_zeros(mib: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..mib {
        gz.write_all(&chunk).unwrap();
    }
    gz.finish().unwrap()
}

/// `logins` bogus sign-ins and `bodies` oversized or gzip-bomb bodies, all at once, while four
/// honest terminals push and pull back to back.
pub async fn under_attack(s: &Server, logins: usize, bodies: usize) -> Outcome {
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let owner = signup(&http, &s.url, "owner@attack.test", "BDG1").await;
    let desk = enrol_with(&http, &s.url, &owner, "BDG1", true).await;
    seed(&http, s, &desk).await;
    let mut honest = Vec::new();
    for _ in 0..4 {
        honest.push(enrol(&http, &s.url, &owner, "BDG1").await);
    }
    let bomb = gzip_zeros(64);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));

    let honest_tasks: Vec<_> = honest
        .into_iter()
        .enumerate()
        .map(|(d, dev)| {
            let (http, url, stop) = (http.clone(), s.url.clone(), stop.clone());
            tokio::spawn(async move {
                let (mut ms, mut failures, mut seq, mut cursor) = (Vec::new(), 0usize, 0i64, 0i64);
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    seq += 1;
                    let id = format!("h{d}-{seq}");
                    let body = json!({"protocol": 2, "device_id": dev.id, "records": [{
                        "seq": seq, "kind": "stock_movement", "id": id, "at": 1, "by": OWNER,
                        "payload": {"id": id, "product_id": "p1", "branch": "BDG1", "quantity": 1, "reason": "correction",
                                    "note": "", "user_id": OWNER, "at": 1, "ref_id": null}}]});
                    let t = Instant::now();
                    let ok = http
                        .post(format!("{url}/v1/push"))
                        .bearer_auth(&dev.token)
                        .json(&body)
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success());
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    failures += usize::from(!ok);
                    let t = Instant::now();
                    match http
                        .get(format!("{url}/v1/pull?after={cursor}&limit=500"))
                        .bearer_auth(&dev.token)
                        .send()
                        .await
                    {
                        Ok(r) if r.status().is_success() => {
                            let page: serde_json::Value = r.json().await.unwrap_or_default();
                            cursor = page["next"].as_i64().unwrap_or(cursor);
                        }
                        _ => failures += 1,
                    }
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                (ms, failures)
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(300)).await;
    let watch = {
        let (pool, stop) = (s.pool.clone(), stop.clone());
        tokio::spawn(async move {
            let mut most = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                most = most.max(pool.status().waiting);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            most
        })
    };
    let mut attacks = Vec::new();
    for i in 0..logins {
        let (http, url) = (http.clone(), s.url.clone());
        attacks.push(tokio::spawn(async move {
            let email = if i % 4 == 0 {
                "owner@attack.test".to_string()
            } else {
                format!("nobody{i}@attack.test")
            };
            http.post(format!("{url}/v1/login"))
                .json(&json!({"email": email, "password": format!("guess-{i}")}))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let device_token = desk.token.clone();
    for i in 0..bodies {
        let (http, url, bomb, device_token) = (http.clone(), s.url.clone(), bomb.clone(), device_token.clone());
        attacks.push(tokio::spawn(async move {
            let r = match i % 4 {
                // A large body where a small one is expected, before anyone is known.
                0 => http
                    .post(format!("{url}/v1/login"))
                    .header("content-type", "application/json")
                    .body(vec![b' '; 64 * 1024])
                    .send(),
                // 64 MiB of zeros in 64 KiB of gzip, before anyone is known.
                1 => http
                    .post(format!("{url}/v1/signup"))
                    .header("content-type", "application/json")
                    .header("content-encoding", "gzip")
                    .body(bomb)
                    .send(),
                // The same bomb from an enrolled device: it stops at the push limit.
                2 => http
                    .post(format!("{url}/v1/push"))
                    .bearer_auth(device_token)
                    .header("content-type", "application/json")
                    .header("content-encoding", "gzip")
                    .body(bomb)
                    .send(),
                // A push with a forged token: refused before the body is read. (256 KiB: the
                // loopback socket takes it whole, so the client reads the refusal; 4 MiB could
                // still be being written when the server answered and closed, and the client
                // then saw a broken pipe instead of the 401, on a loaded machine.)
                _ => http
                    .post(format!("{url}/v1/push"))
                    .bearer_auth("hrd_forged")
                    .header("content-type", "application/json")
                    .body(vec![b' '; 256 * 1024])
                    .send(),
            };
            r.await.map(|r| r.status().as_u16()).unwrap_or(0)
        }));
    }
    let mut attacker = Vec::new();
    for a in attacks {
        attacker.push(a.await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (mut honest_ms, mut honest_failures) = (Vec::new(), 0);
    for h in honest_tasks {
        let (ms, f) = h.await.unwrap();
        honest_ms.extend(ms);
        honest_failures += f;
    }
    Outcome {
        honest_ms,
        honest_failures,
        attacker,
        most_waiting: watch.await.unwrap(),
    }
}
