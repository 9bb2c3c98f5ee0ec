// Bookings through the shop and the desk, in the shop run (its till is linked, its customer
// signed in): the owner sets up a studio room, a photographer and two services at the desk; the
// customer books a studio hour on the phone and pays its down payment at the Midtrans fake (no
// approval needed); books a pre-wedding session and uploads a transfer proof; the desk sees the
// proof waiting, accepts it, and its week calendar shows both bookings; the desk books a walk-in
// (pencilled, then confirmed by the server) and drags it to another hour.
import { expect } from "./harness.mjs";

/** Opens the desk's booking set-up. */
async function setUp(till) {
  await till.getByTestId("tab-bookings").click();
  await till.getByRole("button", { name: "Pengaturan booking" }).click();
}

async function addResource(till, name, kind) {
  await setUp(till);
  await till.getByRole("button", { name: "Tambah sumber daya" }).click();
  const form = till.getByTestId("resource-form");
  await form.getByLabel("Nama", { exact: true }).fill(name);
  await form.getByLabel("Jenis").selectOption(kind);
  await form.getByRole("button", { name: "Simpan" }).click();
  await till.getByRole("button", { name: "Booking baru" }).waitFor();
}

async function addService(till, { name, kind, resource, pkg, price, minutes, dp }) {
  await setUp(till);
  await till.getByRole("button", { name: "Tambah layanan" }).click();
  const form = till.getByTestId("service-form");
  await form.getByLabel("Nama", { exact: true }).first().fill(name);
  await form.getByLabel("Jenis").selectOption(kind);
  await form.getByLabel(resource).check();
  const row = form.locator(".pkg").first();
  await row.getByPlaceholder("Nama").fill(pkg);
  await row.getByLabel("Harga").fill(String(price));
  await row.getByLabel("Menit").fill(String(minutes));
  await form.getByLabel("DP (%)").fill(String(dp));
  await form.getByLabel("DP (%)").press("Tab");
  await form.getByRole("button", { name: "Simpan" }).click();
  await till.getByRole("button", { name: "Booking baru" }).waitFor();
}

/** A photo of a transfer receipt, drawn in the page (a real PNG the shop must decode). */
async function receipt(page) {
  const data = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 320;
    c.height = 200;
    const g = c.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = "#123";
    g.font = "20px sans-serif";
    g.fillText("Transfer BCA Rp 1.050.000", 10, 100);
    return c.toDataURL("image/png").split(",")[1];
  });
  return Buffer.from(data, "base64");
}

export async function bookingSteps({ step, till, phone, sync, txs }) {
  let photoNo = "";

  await step("the owner sets up a studio room, a photographer and two services at the desk", till, async () => {
    await addResource(till, "Studio A", "room");
    await addResource(till, "Fotografer Andi", "photographer");
    await addService(till, { name: "Studio A per jam", kind: "studio", resource: "Studio A", pkg: "1 jam", price: 150000, minutes: 60, dp: 50 });
    await addService(till, { name: "Foto prewedding", kind: "photo", resource: "Fotografer Andi", pkg: "Paket Gold", price: 3500000, minutes: 180, dp: 30 });
    await till.getByTestId("tab-sync").click();
    await till.waitForFunction(() => document.querySelector("[data-testid=sync-pending]")?.textContent === "0", null, { timeout: 60_000 });
  });

  await step("a customer books a studio hour online and pays its down payment at Midtrans", phone, async () => {
    await phone.goto(`${sync.url}/book`);
    await phone.getByRole("link", { name: "Studio A per jam" }).click();
    await phone.getByText("Rp 75.000").first().waitFor();
    await phone.getByRole("button", { name: "Booking", exact: true }).click();
    await phone.waitForURL(/\/account\/bookings\/BK-\d+$/);
    await phone.getByText("Menunggu DP").first().waitFor();
    await phone.getByRole("button", { name: "Bayar Rp 75.000" }).click();
    await phone.waitForURL(/\/pay\//);
    expect([...txs.values()].some((t) => t.gross === 75000 && t.order_id.startsWith("BK-")), "Midtrans was asked for the DP alone");
    await phone.getByRole("button", { name: "Bayar" }).click();
    await phone.waitForURL(/\/account\/bookings\/BK-/);
    await phone.getByText("Dikonfirmasi").first().waitFor();
    await phone.getByRole("link", { name: "Tambahkan ke kalender" }).waitFor();
  });

  await step("a photography client books a session and uploads a transfer proof", phone, async () => {
    await phone.goto(`${sync.url}/book`);
    await phone.getByRole("link", { name: "Foto prewedding" }).click();
    await phone.getByText("Rp 1.050.000").first().waitFor();
    await phone.getByRole("button", { name: "Booking", exact: true }).click();
    await phone.waitForURL(/\/account\/bookings\/BK-\d+$/);
    photoNo = phone.url().split("/").pop();
    await phone.locator("#proof").setInputFiles({ name: "transfer.png", mimeType: "image/png", buffer: await receipt(phone) });
    await phone.getByRole("button", { name: "Unggah" }).click();
    await phone.getByText("Bukti bayar sedang dicek").first().waitFor();
  });

  await step("the desk accepts the proof, and its week shows both bookings", till, async () => {
    await till.getByTestId("tab-bookings").click();
    const proof = till.getByRole("button", { name: new RegExp(`${photoNo} · Rina Sari`) });
    await proof.waitFor({ timeout: 30_000 });
    await proof.click();
    const panel = till.getByTestId("booking-panel");
    await panel.getByText(photoNo).waitFor();
    await till.getByTestId("proof-picture").waitFor({ timeout: 30_000 });
    await panel.getByRole("button", { name: "Terima bukti bayar" }).click();
    await panel.getByTestId("booking-status").getByText("Dikonfirmasi").waitFor({ timeout: 30_000 });
    await till.getByRole("button", { name: "Minggu" }).click();
    const week = till.getByTestId("calendar-week");
    await week.waitFor();
    expect((await week.locator(".st-accepted").count()) >= 2, "both bookings are on the week, confirmed");
  });

  await step("the desk books a walk-in for the studio, pencilled until the server confirms it, and opens his chat", till, async () => {
    await till.getByTestId("tab-bookings").click();
    await till.getByRole("button", { name: "Booking baru" }).click();
    const form = till.getByTestId("new-booking");
    await form.getByLabel("Layanan").selectOption({ label: "Studio A per jam" });
    // The day after the customer's hour, its first free time.
    const day = await till.evaluate(() => {
      const d = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000);
      return d.toISOString().slice(0, 10);
    });
    await form.getByLabel("Tanggal").fill(day);
    await form.locator(".times button").first().click();
    await form.getByLabel("Pelanggan").fill("Band Walk-in");
    await form.getByLabel("Telepon").fill("0812-7777-8888");
    // Budi, who asked about a guitar in the chat earlier today.
    await form.getByLabel("Email").fill("budi@example.com");
    await form.getByLabel("DP yang diterima sekarang").fill("75000");
    await form.getByRole("button", { name: "Booking", exact: true }).click();
    const panel = till.getByTestId("booking-panel");
    await panel.getByText("Band Walk-in").waitFor();
    // Confirmed by the server (the full DP was taken): a number, and the status.
    await panel.getByText(/^BK-\d+$/).waitFor({ timeout: 30_000 });
    await panel.getByTestId("booking-status").getByText("Dikonfirmasi").waitFor({ timeout: 30_000 });
    // The booking leads to the customer's chat conversation.
    await panel.getByTestId("booking-chat").click();
    await till.getByTestId("chat-messages").getByText("Masih ada yang <b>hitam</b>?").waitFor();
    await till.getByTestId("tab-bookings").click();
  });

  await step("a booking dragged to another hour moves there once the server agrees", till, async () => {
    await till.getByRole("button", { name: "Hari", exact: true }).click();
    const day = await till.evaluate(() => new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10));
    await till.getByLabel("Tanggal").fill(day);
    const block = till.getByTestId("booking-block").filter({ hasText: "Band Walk-in" });
    await block.waitFor();
    const before = await block.textContent();
    // The cell two hours below the block's top, in the same column.
    const box = await block.boundingBox();
    await block.dragTo(till.locator(".col").filter({ hasText: "Studio A" }).locator(".slots"), {
      targetPosition: { x: 20, y: box.y - (await till.locator(".col").filter({ hasText: "Studio A" }).locator(".slots").boundingBox()).y + 2 * 48 + 5 },
    });
    await till.waitForFunction(
      (old) => [...document.querySelectorAll("[data-testid=booking-block]")].some((b) => b.textContent.includes("Band Walk-in") && b.textContent !== old && !b.textContent.includes("Dicatat")),
      before,
      { timeout: 30_000 },
    );
    const after = await block.textContent();
    expect(after.slice(0, 5) !== before.slice(0, 5), `moved: ${before.slice(0, 11)} → ${after.slice(0, 11)}`);
  });

  await step("the customer's page says the session is confirmed", phone, async () => {
    for (let i = 0; i < 40; i++) {
      await phone.goto(`${sync.url}/account/bookings/${photoNo}`);
      if (await phone.getByText("Dikonfirmasi").count()) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await phone.getByText("Dikonfirmasi").first().waitFor();
  });
}
