// Starts the real pos-web binary on a fresh database in a temp folder, on a free loopback port.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..", "..");

export async function startServer({ demo = true, history = false, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "hurtrock-e2e-"));
  const bin = process.env.POS_WEB_BIN ?? join(root, "target", "debug", "pos-web");
  const args = ["--db", join(dir, "pos.db"), "--port", "0", "--ui", join(root, "ui", "dist")];
  if (demo) args.push(history ? "--demo-history" : "--demo");
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("pos-web did not start in 30 s")), 30_000);
    child.on("exit", (code) => fail(new Error(`pos-web exited with ${code}`)));
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  return { url, dir, stop: () => child.kill("SIGTERM") };
}

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

// The real pos-sync-server on a new database of the PostgreSQL cluster with-postgres.sh started for
// the run (make e2e wraps the runs in it); the database is dropped by stop().
export async function startSyncServer(db, extraEnv = {}) {
  if (spawnSync("createdb", [db], { stdio: "inherit" }).status !== 0) {
    throw new Error("createdb failed: run under scripts/with-postgres.sh (make e2e does)");
  }
  const bin = process.env.POS_SYNC_SERVER_BIN ?? join(root, "target", "debug", "pos-sync-server");
  const env = { ...process.env, PGDATABASE: db, HURTROCK_SYNC_LISTEN: "127.0.0.1:0", HURTROCK_SYNC_LOG: "text", ...extraEnv };
  const child = spawn(bin, [], { stdio: ["ignore", "pipe", "inherit"], env });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("pos-sync-server did not start in 30 s")), 30_000);
    child.on("exit", (code) => fail(new Error(`pos-sync-server exited with ${code}`)));
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/listening.*?(127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        ok(`http://${m[1]}`);
      }
    });
  });
  return {
    url,
    stop: () => {
      child.kill("SIGTERM");
      spawnSync("dropdb", ["--if-exists", "--force", db], { stdio: "ignore" });
    },
  };
}
