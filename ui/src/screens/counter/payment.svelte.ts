// Paying at the till: the tenders taken so far against the total the core priced, what is left,
// the change, and the quick cash amounts (exact, next 50 000, next 100 000).
import type { TenderInput, TenderKind } from "../../lib/api/generated/commands";

export type TenderRow = { kind: TenderKind; amount: number; reference: string };

export class Payment {
  tenders = $state<TenderRow[]>([]);
  kind = $state<TenderKind>("cash");
  amount = $state(0);
  reference = $state("");
  readonly #total: () => number;

  constructor(total: () => number) {
    this.#total = total;
  }

  get total(): number {
    return this.#total();
  }

  paid = $derived(this.tenders.reduce((a, x) => a + x.amount, 0));
  remaining = $derived(Math.max(0, this.total - this.paid));
  change = $derived(Math.max(0, this.paid - this.total));
  quick = $derived(
    [...new Set([this.remaining, Math.ceil(this.remaining / 50_000) * 50_000, Math.ceil(this.remaining / 100_000) * 100_000])].filter(
      (v) => v > 0,
    ),
  );

  /** A new payment: cash, the whole total in the amount box. */
  start() {
    this.tenders = [];
    this.kind = "cash";
    this.amount = this.total;
    this.reference = "";
  }

  /** A tender of the chosen kind; the amount box then holds what is still to pay. */
  add(amount = this.amount) {
    if (!(amount > 0)) return;
    this.tenders.push({ kind: this.kind, amount, reference: this.reference.trim() });
    this.reference = "";
    this.amount = Math.max(0, this.total - this.paid);
  }

  /** A tender confirmed elsewhere (a QRIS payment the gateway reported paid). */
  received(kind: TenderKind, amount: number, reference: string) {
    this.tenders.push({ kind, amount, reference });
    this.amount = Math.max(0, this.total - this.paid);
  }

  removeAt(i: number) {
    this.tenders.splice(i, 1);
    this.amount = Math.max(0, this.total - this.paid);
  }

  /** Completing takes what is typed in the amount box too, when the tenders do not cover the total. */
  finalTenders(): TenderInput[] {
    if (this.amount > 0 && this.paid < this.total) this.add();
    return this.tenders.map((x) => ({ kind: x.kind, amount: x.amount, reference: x.reference }));
  }
}
