// Smoke test of the real desktop app: the Tauri binary in a real WebKitGTK window under Xvfb,
// driven through tauri-driver (WebDriver). Checks that the window shows the setup screen on an
// empty database and the sign-in screen once an owner exists, that the UI reached the core
// through the Tauri transport, and records start-up time and idle memory.
//
// Usage: node e2e/desktop-smoke.mjs [path/to/hurtrock-pos]   (DISPLAY must point at an X server)
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

const root = resolve(import.meta.dirname, "..", "..");
const app = resolve(process.argv[2] ?? join(root, "target", "debug", "hurtrock-pos"));
const shots = join(root, "artifacts", "desktop");
mkdirSync(shots, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "hurtrock-desktop-"));
const db = join(dataDir, "pos.db");
let passed = 0;
let failed = 0;

const driverBin = process.env.TAURI_DRIVER ?? join(process.env.HOME ?? "/root", ".cargo", "bin", "tauri-driver");
const port = 4444 + Math.floor(Math.random() * 1000);
const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(port + 1000)], { stdio: ["ignore", "inherit", "inherit"] });
await new Promise((r) => setTimeout(r, 1500));

/** Resident memory (KiB) of the app and its WebKit helper processes together. */
function rssOf(binaryPath) {
  const rows = spawnSync("ps", ["-eo", "pid=,ppid=,rss=,args="], { encoding: "utf8" })
    .stdout.split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((r) => r.length >= 4)
    .map(([pid, ppid, rss, ...args]) => ({ pid: Number(pid), ppid: Number(ppid), rss: Number(rss), args: args.join(" ") }));
  const app = rows.find((r) => r.args.startsWith(binaryPath));
  if (!app) return null;
  const tree = new Set([app.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (tree.has(r.ppid) && !tree.has(r.pid)) (tree.add(r.pid), (grew = true));
  }
  const members = rows.filter((r) => tree.has(r.pid));
  // RSS counts shared libraries once per process; PSS shares them out, so the sum is fair.
  const pss = (pid) => {
    try {
      return Number(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  return {
    app_rss_kib: app.rss,
    total_rss_kib: members.reduce((sum, r) => sum + r.rss, 0),
    total_pss_kib: members.reduce((sum, r) => sum + pss(r.pid), 0),
    processes: members.length,
  };
}

async function session(label, env) {
  // The app reads its database location from the environment it inherits via the driver.
  Object.assign(process.env, env);
  const started = performance.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: { "wdio:enforceWebDriverClassic": true, "tauri:options": { application: app, args: ["--db", db] } },
  });
  return { browser, started, label };
}

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e?.message ?? e).split("\n").slice(0, 6).join("\n  ")}`);
  }
}

const figures = {};
try {
  // 1. Empty database: the setup screen.
  let s = await session("setup", {});
  await check("an empty database opens on the setup screen", async () => {
    const setup = await s.browser.$("[data-testid=setup]");
    await setup.waitForDisplayed({ timeout: 20_000 });
    figures.first_screen_ms = Math.round(performance.now() - s.started);
    const title = await s.browser.$("h2").getText();
    if (!/Siapkan toko|Set up your store/.test(title)) throw new Error(`unexpected heading ${title}`);
    await s.browser.saveScreenshot(join(shots, "01-setup.png"));
  });
  await check("the UI reaches the core through Tauri and creates the owner", async () => {
    const b = s.browser;
    const fill = async (label, value) => {
      const input = await b.$(`//label[span[starts-with(normalize-space(.), "${label}")]]//input`);
      await input.setValue(value);
    };
    await fill("Nama", "Dimas");
    await fill("Email", "dimas@hurtrock.test");
    await fill("Kata sandi", "metal-mania-77");
    await (await b.$("button[type=submit]")).click();
    await (await b.$("[data-testid=current-user]")).waitForDisplayed({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 3000));
    figures.idle_memory = rssOf(app);
    await b.saveScreenshot(join(shots, "02-signed-in.png"));
  });
  await check("the desktop updater is wired to the core (a build without a release key says so)", async () => {
    const b = s.browser;
    await (await b.$("[data-testid=tab-settings]")).click();
    const blocked = await b.$("[data-testid=update-blocked]");
    await blocked.waitForDisplayed({ timeout: 10_000 });
    const text = await blocked.getText();
    // Not the browser build's message: the shell registered its installer.
    if (!/kunci rilis|release key/.test(text)) throw new Error(`unexpected update state: ${text}`);
    await b.saveScreenshot(join(shots, "04-settings-updates.png"));
  });
  await s.browser.deleteSession();

  // 2. The same database again: now the sign-in screen.
  s = await session("signin", {});
  await check("with an owner, the window opens on the sign-in screen", async () => {
    await (await s.browser.$("[data-testid=signin]")).waitForDisplayed({ timeout: 20_000 });
    figures.second_start_ms = Math.round(performance.now() - s.started);
    await s.browser.saveScreenshot(join(shots, "03-signin.png"));
  });
  await s.browser.deleteSession();
} catch (e) {
  failed++;
  console.log(`not ok - desktop session\n  ${e?.message ?? e}`);
} finally {
  driver.kill();
}
console.log(`desktop figures: ${JSON.stringify(figures)}`);
writeFileSync(join(shots, "figures.json"), JSON.stringify({ app, ...figures }, null, 2));
console.log(`desktop: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
