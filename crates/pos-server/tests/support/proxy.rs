//! A fault-injecting HTTP proxy on loopback. Each request gets a fresh upstream connection
//! (`connection: close`, so the response ends where the upstream closes) and, while faults are on,
//! one of: pass, cut before forwarding, forward and drop the response (the server applied it, the
//! terminal never hears), duplicate (sent twice at once), delay, or a truncated response.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
pub struct Stats {
    pub passed: AtomicU64,
    pub cut: AtomicU64,
    pub dropped_response: AtomicU64,
    pub duplicated: AtomicU64,
    pub delayed: AtomicU64,
    pub truncated: AtomicU64,
}

pub struct Proxy {
    pub url: String,
    pub faults: Arc<AtomicBool>,
    pub stats: Arc<Stats>,
}

/// A proxy in front of one or more server instances (a load balancer: each request goes to one
/// picked at random, a duplicate may reach two different instances).
pub async fn start(upstreams: &[SocketAddr]) -> Proxy {
    let upstreams: Arc<Vec<SocketAddr>> = Arc::new(upstreams.to_vec());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let faults = Arc::new(AtomicBool::new(true));
    let stats = Arc::new(Stats::default());
    let (f, s) = (faults.clone(), stats.clone());
    let seed = Arc::new(AtomicU64::new(0x9E37_79B9_7F4A_7C15));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let (f, s, seed, up) = (f.clone(), s.clone(), seed.clone(), upstreams.clone());
            tokio::spawn(async move {
                let _ = serve(client, &up, f, s, seed).await;
            });
        }
    });
    Proxy { url, faults, stats }
}

fn next(seed: &AtomicU64) -> u64 {
    // xorshift, shared by all connections: deterministic enough, no dependency.
    let mut x = seed.load(Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    seed.store(x, Ordering::Relaxed);
    x
}

async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    // One request per connection: ask the upstream to close after answering.
    let mut out = Vec::with_capacity(buf.len() + 20);
    for line in head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
    {
        if line.is_empty() {
            continue;
        }
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"connection: close\r\n\r\n");
    out.extend_from_slice(&buf[head_end..head_end + length]);
    Ok(Some(out))
}

async fn forward(upstreams: &[SocketAddr], seed: &AtomicU64, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let upstream = upstreams[(next(seed) % upstreams.len() as u64) as usize];
    let mut up = TcpStream::connect(upstream).await?;
    up.write_all(request).await?;
    let mut response = Vec::new();
    up.read_to_end(&mut response).await?;
    Ok(response)
}

async fn serve(
    mut client: TcpStream,
    upstream: &[SocketAddr],
    faults: Arc<AtomicBool>,
    stats: Arc<Stats>,
    seed: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut client).await? else {
        return Ok(());
    };
    let roll = if faults.load(Ordering::Relaxed) {
        next(&seed) % 100
    } else {
        99
    };
    let response = match roll {
        0..=7 => {
            stats.cut.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        8..=17 => {
            let _ = forward(upstream, &seed, &request).await?;
            stats.dropped_response.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        18..=25 => {
            let (a, b) = tokio::join!(forward(upstream, &seed, &request), forward(upstream, &seed, &request));
            stats.duplicated.fetch_add(1, Ordering::Relaxed);
            if next(&seed).is_multiple_of(2) { a? } else { b? }
        }
        26..=33 => {
            tokio::time::sleep(std::time::Duration::from_millis(next(&seed) % 150)).await;
            stats.delayed.fetch_add(1, Ordering::Relaxed);
            forward(upstream, &seed, &request).await?
        }
        34..=38 => {
            let r = forward(upstream, &seed, &request).await?;
            stats.truncated.fetch_add(1, Ordering::Relaxed);
            client.write_all(&r[..r.len() / 2]).await?;
            return Ok(());
        }
        _ => {
            stats.passed.fetch_add(1, Ordering::Relaxed);
            forward(upstream, &seed, &request).await?
        }
    };
    client.write_all(&response).await?;
    client.shutdown().await
}
