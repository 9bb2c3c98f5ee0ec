// The cart at the till: its lines (priced by the core, never here), the selected line, the sale
// discount, the customer, a supervisor's approval, and the id that makes a retried checkout sell
// once.
import type { CartLine, CheckoutRequest, Customer, Discount } from "../../lib/api/generated/commands";

/** What the value dialog edits: the selected line's quantity or price, or a discount. */
export type ValueKind = "qty" | "price" | "line_discount" | "sale_discount";

export class Cart {
  lines = $state<CartLine[]>([]);
  saleDiscount = $state<Discount | null>(null);
  customer = $state<Customer | null>(null);
  approvalId = $state<string | null>(null);
  clientRef = $state<string>(crypto.randomUUID());
  selected = $state(0);

  get empty(): boolean {
    return this.lines.length === 0;
  }

  get line(): CartLine | undefined {
    return this.lines[this.selected];
  }

  /** One more of a product: onto its plain line (no price override, no discount) or onto a new
   *  line, which becomes the selected one. An approval given for the old cart no longer holds. */
  add(productId: string) {
    const i = this.lines.findIndex((l) => l.product_id === productId && l.unit_price === null && l.discount === null);
    if (i >= 0) {
      this.lines[i].quantity += 1;
      this.selected = i;
    } else {
      this.lines.push({ product_id: productId, quantity: 1, unit_price: null, discount: null });
      this.selected = this.lines.length - 1;
    }
    this.approvalId = null;
  }

  /** The selected line's quantity (whole units, at least one). */
  setQuantity(q: number): boolean {
    const line = this.line;
    if (!line || !(q >= 1)) return false;
    line.quantity = Math.round(q);
    this.approvalId = null;
    return true;
  }

  setPrice(price: number) {
    const line = this.line;
    if (!line) return;
    line.unit_price = price;
    this.approvalId = null;
  }

  setLineDiscount(d: Discount | null) {
    const line = this.line;
    if (!line) return;
    line.discount = d;
    this.approvalId = null;
  }

  setSaleDiscount(d: Discount | null) {
    this.saleDiscount = d;
    this.approvalId = null;
  }

  remove() {
    if (this.empty) return;
    this.lines.splice(this.selected, 1);
    this.selected = Math.max(0, Math.min(this.selected, this.lines.length - 1));
    this.approvalId = null;
  }

  up() {
    this.selected = Math.max(0, this.selected - 1);
  }

  down() {
    this.selected = Math.max(0, Math.min(this.lines.length - 1, this.selected + 1));
  }

  /** A fresh cart for the next customer, with a new client reference. */
  reset() {
    this.lines = [];
    this.saleDiscount = null;
    this.customer = null;
    this.approvalId = null;
    this.clientRef = crypto.randomUUID();
    this.selected = 0;
  }

  /** A parked cart back on the counter (its own client reference kept, so it still sells once). */
  resume(cart: CheckoutRequest) {
    this.lines = cart.lines;
    this.saleDiscount = cart.sale_discount;
    this.clientRef = cart.client_ref || crypto.randomUUID();
    this.selected = 0;
    this.approvalId = null;
  }

  /** What the core prices. */
  pricing() {
    return { lines: $state.snapshot(this.lines), sale_discount: $state.snapshot(this.saleDiscount) };
  }

  /** The checkout request with these tenders (empty to park or void). */
  request(tenders: CheckoutRequest["tenders"] = []): CheckoutRequest {
    return {
      client_ref: this.clientRef,
      lines: $state.snapshot(this.lines),
      sale_discount: $state.snapshot(this.saleDiscount),
      customer_id: this.customer?.id ?? null,
      tenders,
      approval_id: tenders.length ? this.approvalId : null,
    };
  }
}

/** A discount as typed: a percent (to two decimals, sent in basis points) or an amount; nothing
 *  at zero or below. */
export function discountOf(kind: "percent" | "amount", value: number): Discount | null {
  const v = Number(value) || 0;
  if (v <= 0) return null;
  return kind === "percent" ? { kind: "percent", value: Math.round(v * 100) } : { kind: "amount", value: v };
}
