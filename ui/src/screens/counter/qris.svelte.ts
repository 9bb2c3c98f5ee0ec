// A QRIS payment at the till: a dynamic QR from the gateway, shown on the screen and the customer
// display, confirmed by polling the core (which asks the gateway), cancelled on request. The
// commands and the words are passed in, so the flow is tested without a window or a gateway.
import type { QrisView } from "../../lib/api/generated/commands";

export interface QrisCommands {
  start(amount: number): Promise<QrisView>;
  status(orderId: string): Promise<QrisView>;
  cancel(orderId: string): Promise<QrisView | null>;
}

export type QrisWords = (key: "qris_paid" | "qris_expired" | "qris_cancelled") => string;

export interface QrisEvents {
  /** The gateway said paid: the tender to add. */
  paid(amount: number, reference: string): void;
  /** The QR appeared or went away (the customer display follows). */
  changed(): void;
  /** A message for the cashier. */
  say(text: string): void;
}

export const POLL_MS = 2_000;

export class Qris {
  view = $state<QrisView | null>(null);
  note = $state<string | null>(null);
  now = $state(Date.now());
  /** Seconds until the QR expires. */
  left = $derived(this.view ? Math.max(0, Math.round((this.view.expires_at - this.now) / 1000)) : 0);
  #poller: ReturnType<typeof setInterval> | undefined;
  readonly commands: QrisCommands;
  readonly words: QrisWords;
  readonly on: QrisEvents;

  constructor(commands: QrisCommands, words: QrisWords, on: QrisEvents) {
    this.commands = commands;
    this.words = words;
    this.on = on;
  }

  async start(amount: number) {
    this.note = null;
    try {
      this.view = await this.commands.start(amount);
      this.on.changed();
      this.stopPolling();
      this.#poller = setInterval(() => void this.poll(), POLL_MS);
    } catch (e) {
      this.note = (e as Error).message;
    }
  }

  /** One look at the payment; pending keeps polling, anything else ends it. */
  async poll() {
    this.now = Date.now();
    const view = this.view;
    if (!view) return this.stopPolling();
    try {
      const v = await this.commands.status(view.order_id);
      if (v.state === "pending") return;
      this.stopPolling();
      if (v.state === "paid") {
        this.on.paid(v.amount, v.order_id);
        this.on.say(this.words("qris_paid"));
        this.note = null;
      } else this.note = this.words(v.state === "expired" ? "qris_expired" : "qris_cancelled");
      this.view = null;
      this.on.changed();
    } catch (e) {
      this.note = (e as Error).message;
    }
  }

  /** Cancels the QR; a payment that landed meanwhile is taken, not lost. */
  async cancel() {
    const view = this.view;
    if (!view) return;
    const v = await this.commands.cancel(view.order_id).catch(() => null);
    if (v?.state === "paid") return this.poll();
    this.stopPolling();
    this.view = null;
    this.note = this.words("qris_cancelled");
    this.on.changed();
  }

  tick() {
    this.now = Date.now();
  }

  stopPolling() {
    clearInterval(this.#poller);
    this.#poller = undefined;
  }
}
