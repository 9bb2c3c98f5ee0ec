import { describe, expect, it, vi } from "vitest";
import type { QrisView } from "../../lib/api/generated/commands";
import { Cart, discountOf } from "./cart.svelte";
import { Payment } from "./payment.svelte";
import { Qris } from "./qris.svelte";

describe("the cart", () => {
  it("adds a scanned product onto its plain line and selects it", () => {
    const c = new Cart();
    c.add("a");
    c.add("b");
    c.add("a");
    expect(c.lines.map((l) => [l.product_id, l.quantity])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    expect(c.selected).toBe(0);
  });

  it("keeps a discounted or re-priced line apart, and any change drops the approval", () => {
    const c = new Cart();
    c.add("a");
    c.setLineDiscount(discountOf("percent", 12.5));
    c.approvalId = "ok";
    c.add("a");
    expect(c.lines.length).toBe(2);
    expect(c.lines[0].discount).toEqual({ kind: "percent", value: 1250 });
    expect(c.approvalId).toBeNull();
    c.approvalId = "ok";
    expect(c.setQuantity(0)).toBe(false);
    expect(c.approvalId).toBe("ok");
    expect(c.setQuantity(2.6)).toBe(true);
    expect(c.line?.quantity).toBe(3);
    expect(c.approvalId).toBeNull();
  });

  it("removes the selected line and keeps a selection inside the cart", () => {
    const c = new Cart();
    ["a", "b", "c"].forEach((p) => c.add(p));
    c.remove();
    expect(c.lines.map((l) => l.product_id)).toEqual(["a", "b"]);
    expect(c.selected).toBe(1);
    c.up();
    c.up();
    expect(c.selected).toBe(0);
    c.down();
    c.down();
    expect(c.selected).toBe(1);
  });

  it("a reset starts a new sale with a new client reference; a resumed cart keeps its own", () => {
    const c = new Cart();
    c.add("a");
    const first = c.clientRef;
    const parked = c.request();
    c.reset();
    expect(c.empty).toBe(true);
    expect(c.clientRef).not.toBe(first);
    c.resume(parked);
    expect(c.clientRef).toBe(first);
    expect(c.lines[0].product_id).toBe("a");
  });

  it("a request without tenders carries no approval (parking, voiding)", () => {
    const c = new Cart();
    c.add("a");
    c.approvalId = "ap";
    expect(c.request().approval_id).toBeNull();
    expect(c.request([{ kind: "cash", amount: 1, reference: "" }]).approval_id).toBe("ap");
  });

  it("discounts: nothing at zero, percent in basis points, amounts as typed", () => {
    expect(discountOf("percent", 0)).toBeNull();
    expect(discountOf("amount", -5)).toBeNull();
    expect(discountOf("percent", 10)).toEqual({ kind: "percent", value: 1000 });
    expect(discountOf("amount", 25_000)).toEqual({ kind: "amount", value: 25_000 });
  });
});

describe("paying", () => {
  it("splits tenders, shows what is left and the change", () => {
    let total = 475_000;
    const p = new Payment(() => total);
    p.start();
    expect(p.amount).toBe(475_000);
    p.kind = "card";
    p.reference = " 123456 ";
    p.add(300_000);
    expect(p.tenders[0]).toEqual({ kind: "card", amount: 300_000, reference: "123456" });
    expect(p.remaining).toBe(175_000);
    expect(p.amount).toBe(175_000);
    expect(p.quick).toEqual([175_000, 200_000]);
    p.kind = "cash";
    p.add(200_000);
    expect(p.change).toBe(25_000);
    expect(p.remaining).toBe(0);
    p.removeAt(1);
    expect(p.paid).toBe(300_000);
    total = 300_000;
    expect(p.remaining).toBe(0);
  });

  it("completing takes the amount still typed, and never a zero or negative tender", () => {
    const p = new Payment(() => 100_000);
    p.start();
    p.add(0);
    p.add(-1);
    expect(p.tenders.length).toBe(0);
    expect(p.finalTenders()).toEqual([{ kind: "cash", amount: 100_000, reference: "" }]);
  });
});

describe("QRIS", () => {
  const view = (state: QrisView["state"]): QrisView => ({
    order_id: "Q1",
    amount: 150_000,
    state,
    qr: "data:image/png;base64,",
    expires_at: Date.now() + 900_000,
  }) as QrisView;
  const words = (k: string) => k;

  it("a paid QR becomes a tender once and the display is told", async () => {
    vi.useFakeTimers();
    const paid = vi.fn();
    const changed = vi.fn();
    const status = vi.fn().mockResolvedValueOnce(view("pending")).mockResolvedValueOnce(view("paid"));
    const q = new Qris({ start: async () => view("pending"), status, cancel: async () => null }, words, { paid, changed, say: () => {} });
    await q.start(150_000);
    expect(q.view?.order_id).toBe("Q1");
    expect(q.left).toBeGreaterThan(0);
    await q.poll();
    expect(paid).not.toHaveBeenCalled();
    await q.poll();
    expect(paid).toHaveBeenCalledExactlyOnceWith(150_000, "Q1");
    expect(q.view).toBeNull();
    expect(changed).toHaveBeenCalledTimes(2);
    await q.poll();
    expect(paid).toHaveBeenCalledTimes(1);
    q.stopPolling();
    vi.useRealTimers();
  });

  it("an expired QR says so; a cancel that finds it paid takes the payment", async () => {
    const paid = vi.fn();
    const q = new Qris(
      { start: async () => view("pending"), status: async () => view("expired"), cancel: async () => null },
      words,
      { paid, changed: () => {}, say: () => {} },
    );
    await q.start(150_000);
    await q.poll();
    expect(q.note).toBe("qris_expired");
    const late = new Qris(
      { start: async () => view("pending"), status: async () => view("paid"), cancel: async () => view("paid") },
      words,
      { paid, changed: () => {}, say: () => {} },
    );
    await late.start(150_000);
    await late.cancel();
    expect(paid).toHaveBeenCalledExactlyOnceWith(150_000, "Q1");
    late.stopPolling();
    q.stopPolling();
  });

  it("a gateway that refuses leaves a note and no QR", async () => {
    const q = new Qris(
      { start: async () => Promise.reject(new Error("QRIS is not set up")), status: async () => view("pending"), cancel: async () => null },
      words,
      { paid: () => {}, changed: () => {}, say: () => {} },
    );
    await q.start(1);
    expect(q.view).toBeNull();
    expect(q.note).toBe("QRIS is not set up");
  });
});
