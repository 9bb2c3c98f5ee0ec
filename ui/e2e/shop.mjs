// The online shop through a customer's phone-sized Chromium, against the real hosted binary
// (sync endpoint and shop on a throw-away PostgreSQL database) fed by a real terminal (pos-web on
// the demo store, linked from Sinkronisasi): the customer searches with a typo, takes the
// autocomplete with the keyboard, filters by brand, adds a guitar to the cart, checks out and pays
// on a loopback Midtrans that signs its notification as Midtrans does; the order appears at the
// till, is picked, packed by scanning and shipped there, and the customer's page shows the tracking
// number. Accessibility basics are checked on the way (labels, alt texts, contrast, keyboard).
// Screenshots go to artifacts/e2e-shop/.
import { chromium } from "playwright-core";
import { fake, hooks, mails, midtrans, serverKey, sessions, smtp, stripe, stripeKey, txs, whsec } from "./fakes.mjs";
import { expect, suite } from "./harness.mjs";
import { bookingSteps } from "./shop-bookings.mjs";
import { chromiumArgs, startServer, startSyncServer } from "./server.mjs";

const { step, finish } = suite("e2e-shop");

const sync = await startSyncServer(`hurtrock_shop_${process.pid}`, {
  HURTROCK_SHOP_SMTP_URL: `smtp://127.0.0.1:${smtp.address().port}`,
  HURTROCK_SHOP_MAIL_FROM: "Hurtrock Music Store <toko@hurtrock.test>",
  HURTROCK_MIDTRANS_SERVER_KEY: serverKey,
  HURTROCK_MIDTRANS_API: fake,
  HURTROCK_MIDTRANS_SNAP: `${fake}/snap/v1`,
  HURTROCK_STRIPE_SECRET_KEY: stripeKey,
  HURTROCK_STRIPE_WEBHOOK_SECRET: whsec,
  HURTROCK_STRIPE_API: `http://127.0.0.1:${stripe.address().port}`,
  HURTROCK_STRIPE_CHECKOUT: `http://127.0.0.1:${stripe.address().port}`,
});
hooks.midtrans = `${sync.url}/webhooks/midtrans`;
hooks.stripe = `${sync.url}/webhooks/stripe`;
const pos = await startServer({ demo: true, env: { HURTROCK_SYNC_INTERVAL_MS: "500" } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const till = await browser.newPage({ viewport: { width: 1366, height: 900 } });
const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID" })).newPage();
const guest = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "id-ID" })).newPage();
for (const p of [till, phone, guest]) p.setDefaultTimeout(20_000);
const owner = { email: "dimas@hurtrock.test", password: "metal-mania-77" };
let orderUrl = "";
let orderNo = "";

// WCAG contrast of an element's text against the page's background.
const contrast = (page, selector) =>
  page.evaluate((sel) => {
    const lum = (c) => {
      const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const el = document.querySelector(sel);
    const fg = lum(getComputedStyle(el).color);
    const bg = lum(getComputedStyle(document.body).backgroundColor);
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  }, selector);

try {
  await step("the owner links the demo store, and its catalogue reaches the shop", till, async () => {
    await till.goto(pos.url);
    await till.getByTestId("setup").waitFor();
    await till.getByLabel("Nama", { exact: true }).fill("Dimas Pemilik");
    await till.getByLabel("Email", { exact: true }).first().fill(owner.email);
    await till.getByLabel(/^Kata sandi/).fill(owner.password);
    await till.getByRole("button", { name: "Buat toko" }).click();
    await till.getByTestId("current-user").waitFor();
    await till.getByTestId("tab-sync").click();
    const form = till.getByTestId("sync-link");
    await form.locator("input[name=server]").fill(sync.url);
    await form.locator("input[name=email]").fill(owner.email);
    await form.locator("input[name=password]").fill("server-pass-123");
    await form.locator("input[name=branch_name]").fill("Bandung");
    await form.getByRole("button", { name: "Hubungkan" }).click();
    await till.waitForFunction(() => document.querySelector("[data-testid=sync-pending]")?.textContent === "0", null, { timeout: 60_000 });
  });

  await step("a customer finds a guitar despite a typo", phone, async () => {
    await phone.goto(sync.url);
    await phone.getByRole("link", { name: "Hurtrock Music Store", exact: true }).waitFor();
    await phone.getByLabel("Cari produk").fill("stratocastr");
    await phone.getByLabel("Cari produk").press("Enter");
    await phone.getByText("Menampilkan hasil untuk “stratocaster”").waitFor();
    await phone.getByText("Fender Player II Stratocaster HSS Black").waitFor();
  });

  await step("the autocomplete is taken with the keyboard, and a brand filter narrows a search", phone, async () => {
    const box = phone.getByLabel("Cari produk");
    await box.fill("");
    await box.pressSequentially("ibane", { delay: 30 });
    await phone.locator("#suggestions a").first().waitFor();
    await box.press("ArrowDown");
    await box.press("Enter");
    await phone.waitForURL(/\/p\/.+\/ibanez/);
    await phone.goto(`${sync.url}/search?q=les%20paul`);
    // On a phone the filters are folded under their heading.
    await phone.getByText("Filter dan urutkan").click();
    await phone.getByLabel("Merek").selectOption("Epiphone");
    await phone.waitForURL(/brand=Epiphone/);
    await phone.getByText("Epiphone Les Paul Custom Ebony").waitFor();
    expect(!(await phone.getByText("Gibson Les Paul Standard").count()), "only Epiphone");
  });

  await step("the page is usable: labels, alt texts, contrast, a skip link first", phone, async () => {
    await phone.goto(`${sync.url}/search?q=stratocaster`);
    const unlabeled = await phone.evaluate(() =>
      [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
        .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.closest("label")))
        .map((el) => el.outerHTML));
    expect(unlabeled.length === 0, `every field has a label: ${unlabeled.join(" ")}`);
    const noAlt = await phone.evaluate(() => [...document.images].filter((i) => !i.hasAttribute("alt")).length);
    expect(noAlt === 0, "every picture has an alt text");
    const ratio = await contrast(phone, "main");
    expect(ratio >= 4.5, `text contrast ${ratio.toFixed(1)} ≥ 4.5`);
    await phone.keyboard.press("Tab");
    expect((await phone.evaluate(() => document.activeElement?.className)) === "skip", "the skip link comes first");
  });

  await step("registers, verifies the email by the caught mail, and signs in", phone, async () => {
    await phone.goto(`${sync.url}/account/register`);
    await phone.getByLabel("Nama lengkap").fill("Rina Sari");
    await phone.getByLabel("Email", { exact: true }).fill("rina@example.com");
    await phone.getByLabel("Telepon (WhatsApp)").fill("0813-1234-5678");
    await phone.getByLabel("Kata sandi (10 karakter atau lebih)").fill("metal-mania-77");
    await phone.getByRole("button", { name: "Buat akun" }).click();
    await phone.getByText("Periksa email Anda").first().waitFor();
    let mail;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = mails.find((m) => m.to.includes("rina@example.com"));
      if (!mail) await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail, "a verification mail was sent");
    const link = mail.body.match(/http:\/\/\S+\/account\/verify\/\S+/)?.[0];
    expect(link, `a verification link in: ${mail.body}`);
    await phone.goto(link);
    await phone.getByText("Email Anda sudah terverifikasi").waitFor();
    await phone.getByRole("link", { name: "Masuk" }).last().click();
    await phone.getByLabel("Email", { exact: true }).fill("rina@example.com");
    await phone.getByLabel("Kata sandi").fill("metal-mania-77");
    await phone.getByRole("button", { name: "Masuk" }).click();
    await phone.getByRole("heading", { name: "Akun Anda" }).waitFor();
    await phone.goto(`${sync.url}/search?q=stratocaster`);
  });

  await step("adds the Stratocaster to the cart", phone, async () => {
    await phone.getByText("Fender Player II Stratocaster HSS Black").click();
    await phone.getByText("Sisa 3").waitFor();
    await phone.getByRole("button", { name: "Masukkan keranjang" }).click();
    await phone.waitForURL(/\/cart$/);
    await phone.getByText("Rp 14.500.000").first().waitFor();
    expect((await phone.locator(".count").textContent()) === "1", "the header counts it");
  });

  await step("checks out (the account's details filled in) and pays at Midtrans", phone, async () => {
    await phone.getByRole("link", { name: "Checkout" }).click();
    expect((await phone.getByLabel("Email", { exact: true }).inputValue()) === "rina@example.com", "the account's email is filled in");
    await phone.getByLabel("Alamat").fill("Jl. Kaliurang KM 5 No. 12");
    await phone.getByLabel("Kota").fill("Sleman");
    await phone.getByLabel("Kode pos").fill("55281");
    await phone.getByLabel(/Midtrans$/).check();
    await phone.getByRole("button", { name: "Buat pesanan dan bayar" }).click();
    await phone.waitForURL(/\/pay\//);
    await phone.getByRole("button", { name: "Bayar" }).click();
    await phone.waitForURL(/\/order\//);
    await phone.getByText("Sudah dibayar").waitFor();
    orderUrl = phone.url();
    orderNo = (await phone.locator("h1").textContent()).replace("Pesanan", "").trim();
    expect(/^WEB-\d{6}-\w{6}$/.test(orderNo), `an order number: ${orderNo}`);
  });

  await step("a guest buys a cable and pays by card at Stripe", guest, async () => {
    await guest.goto(`${sync.url}/search?q=fender%20cable`);
    await guest.getByText("Fender Professional Instrument Cable 10 ft").click();
    await guest.getByRole("button", { name: "Masukkan keranjang" }).click();
    await guest.waitForURL(/\/cart$/);
    await guest.getByRole("link", { name: "Checkout" }).click();
    await guest.getByLabel("Nama lengkap").fill("Budi Santoso");
    await guest.getByLabel("Email", { exact: true }).fill("budi@example.com");
    await guest.getByLabel("Telepon (WhatsApp)").fill("0812-9876-5432");
    await guest.getByLabel("Alamat").fill("Jl. Dago 101");
    await guest.getByLabel("Kota").fill("Bandung");
    await guest.getByLabel("Kode pos").fill("40135");
    await guest.getByLabel(/Stripe$/).check();
    await guest.getByRole("button", { name: "Buat pesanan dan bayar" }).click();
    await guest.waitForURL(/\/pay\/cs_test_/);
    const asked = Number((await guest.locator("p").textContent()).replace(/\D/g, ""));
    await guest.getByRole("button", { name: "Pay" }).click();
    await guest.waitForURL(/\/order\//);
    await guest.getByText("Sudah dibayar").waitFor();
    const total = Number((await guest.locator("[data-total]").getAttribute("data-total")));
    expect(asked === total, `Stripe was asked for the order's total (${asked} vs ${total})`);
    expect([...sessions.values()].every((x) => x.notified === 200), "the signed event was taken");
  });

  await step("the guest asks about a guitar in the chat widget, and sees the message sent", guest, async () => {
    await guest.goto(`${sync.url}/search?q=stratocaster`);
    await guest.getByText("Fender Player II Stratocaster HSS Black").click();
    await guest.getByRole("button", { name: "Chat dengan kami" }).click();
    await guest.getByLabel("Nama", { exact: true }).fill("Budi");
    await guest.getByLabel("Email atau nomor WhatsApp").fill("budi@example.com");
    await guest.getByRole("button", { name: "Mulai chat" }).click();
    await guest.getByRole("button", { name: "Tanya produk ini" }).click();
    await guest.getByLabel("Pesan Anda").fill("Masih ada yang <b>hitam</b>?");
    await guest.getByLabel("Pesan Anda").press("Enter");
    const log = guest.getByRole("log");
    await log.locator(".msg.mine:not(.pending)").nth(1).waitFor();
    expect((await log.locator(".msg.mine .body").last().textContent()) === "Masih ada yang <b>hitam</b>?", "shown as text, never HTML");
    expect(await log.locator(".chat-card a").count() === 1, "the product is attached as a card");
    // The next page comes back with the conversation, the panel still open.
    await guest.reload();
    await log.getByText("Masih ada yang <b>hitam</b>?").waitFor();
  });

  await step("a cashier answers from the till with a product card; the guest adds it to the cart", till, async () => {
    await till.getByTestId("chat-badge").waitFor({ timeout: 30_000 });
    await till.getByTestId("tab-chat").click();
    await till.getByTestId("chat-conversation").filter({ hasText: "Budi" }).click();
    await till.getByTestId("chat-messages").getByText("Masih ada yang <b>hitam</b>?").waitFor();
    expect((await till.getByTestId("chat-card").count()) >= 1, "the customer's product shows as a card at the till");
    // The owner takes the conversation (an assignment every till follows; the customer never sees it).
    await till.getByTestId("chat-assign").selectOption({ label: "Dimas Pemilik" });
    await till.getByTestId("chat-conversation").filter({ hasText: "→ Dimas Pemilik" }).waitFor();
    // An internal note first: it must never reach the customer.
    await till.getByTestId("chat-note").check();
    await till.getByTestId("chat-body").fill("cek gudang: 2 unit");
    await till.getByTestId("chat-send").click();
    await till.getByTestId("chat-note").uncheck();
    await till.getByTestId("chat-body").fill("Ada, kak! Ini yang hitam:");
    await till.getByTestId("chat-attach-search").fill("Stratocaster");
    await till.getByTestId("chat-attach-product").first().click();
    await till.getByTestId("chat-messages").getByText("Ada, kak! Ini yang hitam:").waitFor();
    const log = guest.getByRole("log");
    await log.getByText("Ada, kak! Ini yang hitam:").waitFor({ timeout: 30_000 });
    expect(!(await log.getByText("cek gudang").count()), "the internal note never reached the customer");
    expect(!(await log.getByText("→ Dimas").count()), "nor the assignment");
    await log.locator(".msg.theirs .chat-card button").last().click();
    await guest.waitForURL(/\/cart$/);
    await guest.getByText("Fender Player II Stratocaster HSS Black").first().waitFor();
  });

  await bookingSteps({ step, till, phone, sync, txs });

  await step("the till picks, packs by scanning and ships it", till, async () => {
    await till.getByTestId("tab-warehouse").click();
    await till.getByTestId("order-queue").getByText(orderNo).waitFor({ timeout: 30_000 });
    await till.getByTestId("order-queue").getByText(orderNo).click();
    await till.getByTestId("start-picking").click();
    const token = await till.evaluate(() => sessionStorage.getItem("hurtrock.token"));
    const found = await fetch(`${pos.url}/api/search_products`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "Stratocaster", category_id: null, include_inactive: false, limit: 5 }),
    }).then((r) => r.json());
    const strat = found.find((p) => p.name.includes("Stratocaster"));
    const scan = till.getByTestId("pack-scan");
    await scan.fill(strat.barcode ?? strat.sku);
    await scan.press("Enter");
    await till.getByTestId(`packed-${strat.sku}`).getByText("1 / 1").waitFor();
    await till.getByTestId("packed-weight").fill("4500");
    await till.getByTestId("packed-weight").press("Tab");
    await till.getByTestId("tracking-no").fill("JP5550001234");
    await till.getByTestId("tracking-no").press("Tab");
    await till.getByTestId("mark-packed").click();
    await till.getByTestId("order-status").getByText("Dikemas").waitFor();
    await till.getByTestId("mark-shipped").click();
    await till.getByTestId("order-status").getByText("Dikirim").waitFor();
  });

  await step("the customer's page shows the tracking number", phone, async () => {
    for (let i = 0; i < 60; i++) {
      await phone.goto(orderUrl);
      if (await phone.getByText("Dalam pengiriman").count()) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await phone.getByText("Dalam pengiriman").waitFor();
    await phone.locator("#tracking").getByText("JP5550001234").waitFor();
    // The account lists the order too.
    await phone.goto(`${sync.url}/account`);
    await phone.getByRole("link", { name: orderNo }).waitFor();
  });
} catch {
  // reported by the step
} finally {
  await browser.close();
  pos.stop();
  sync.stop();
  midtrans.close();
  stripe.close();
  smtp.close();
}
process.exit(finish("shop"));
