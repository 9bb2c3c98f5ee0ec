// The outside world the shop talks to, as loopback fakes built from ../shared/reference/: Midtrans
// Snap, Stripe Checkout and a mail server. Each signs or answers as the real one does, so the
// shop's verification is exercised, never bypassed.
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import { createServer } from "node:net";

/** Where the shop's webhooks are, set once the shop is up. */
export const hooks = { midtrans: "", stripe: "" };

// Midtrans, faked from ../shared/reference/payments.md: Basic auth with the server key, Snap's
// POST /snap/v1/transactions (gross_amount must equal the items' sum), GET /v2/{order}/status,
// and a payment page whose button settles the transaction and notifies the shop with the
// SHA-512 signature_key, then sends the customer back to the finish address.
export const serverKey = "SB-Mid-server-e2e";
export const txs = new Map();
const basic = `Basic ${Buffer.from(`${serverKey}:`).toString("base64")}`;
export const midtrans = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", async () => {
    const reply = (code, obj) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(obj));
    };
    const base = `http://127.0.0.1:${midtrans.address().port}`;
    if (req.method === "POST" && req.url === "/snap/v1/transactions") {
      if (req.headers.authorization !== basic) return reply(401, { error_messages: ["Access denied"] });
      const b = JSON.parse(body);
      const sum = b.item_details.reduce((s, i) => s + i.price * i.quantity, 0);
      if (sum !== b.transaction_details.gross_amount) {
        return reply(400, { error_messages: ["transaction_details.gross_amount is not equal to the sum of item_details"] });
      }
      const token = createHash("sha256").update(b.transaction_details.order_id).digest("hex").slice(0, 24);
      txs.set(token, { token, order_id: b.transaction_details.order_id, gross: b.transaction_details.gross_amount, status: "pending", finish: b.callbacks.finish });
      return reply(201, { token, redirect_url: `${base}/pay/${token}` });
    }
    const pay = req.url.match(/^\/pay\/(\w+)$/);
    if (pay && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(`<!doctype html><title>Midtrans</title><form method="post"><p>Pay ${txs.get(pay[1])?.gross}</p><button>Bayar</button></form>`);
    }
    if (pay && req.method === "POST") {
      const t = txs.get(pay[1]);
      t.status = "settlement";
      const gross = `${t.gross}.00`;
      const signature_key = createHash("sha512").update(`${t.order_id}200${gross}${serverKey}`).digest("hex");
      const n = await fetch(hooks.midtrans, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ transaction_status: "settlement", transaction_id: pay[1], status_code: "200", signature_key,
          order_id: t.order_id, gross_amount: gross, fraud_status: "accept", currency: "IDR", payment_type: "bank_transfer" }),
      });
      t.notified = n.status;
      res.writeHead(303, { location: t.finish });
      return res.end();
    }
    const st = req.url.match(/^\/v2\/([^/]+)\/status$/);
    if (st && req.method === "GET") {
      if (req.headers.authorization !== basic) return reply(401, { status_code: "401" });
      const t = [...txs.values()].find((x) => x.order_id === decodeURIComponent(st[1]));
      if (!t) return reply(200, { status_code: "404", status_message: "Transaction doesn't exist." });
      // Each transaction has its own id, as Midtrans gives (the shop keys events by it).
      return reply(200, { status_code: t.status === "pending" ? "201" : "200", transaction_id: t.token, order_id: t.order_id,
        transaction_status: t.status, fraud_status: "accept", gross_amount: `${t.gross}.00` });
    }
    reply(404, {});
  });
});
await new Promise((ok) => midtrans.listen(0, "127.0.0.1", ok));
export const fake = `http://127.0.0.1:${midtrans.address().port}`;

// Stripe Checkout, faked from the same reference: Bearer auth with the secret key, the form's
// bracketed fields, an Idempotency-Key on every POST (a retry gets the first session back),
// amounts in IDR × 100, and a hosted page whose button completes the session and sends
// `checkout.session.completed` signed as Stripe signs (`t=…,v1=HMAC-SHA256(t.body)`).
export const stripeKey = "sk_test_e2e";
export const whsec = "whsec_e2e_secret";
export const sessions = new Map();
const byIdem = new Map();
export const stripe = http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", async () => {
    const base = `http://127.0.0.1:${stripe.address().port}`;
    if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
      res.setHeader("content-type", "application/json");
      if (req.headers.authorization !== `Bearer ${stripeKey}`) return res.writeHead(401).end(JSON.stringify({ error: { message: "Invalid API Key" } }));
      const idem = req.headers["idempotency-key"];
      if (!idem) return res.writeHead(400).end(JSON.stringify({ error: { message: "an Idempotency-Key is expected" } }));
      if (byIdem.has(idem)) return res.end(JSON.stringify(byIdem.get(idem)));
      const f = new URLSearchParams(body);
      let total = 0;
      for (let i = 0; f.has(`line_items[${i}][quantity]`); i++) {
        if (f.get(`line_items[${i}][price_data][currency]`) !== "idr") return res.writeHead(400).end("{}");
        total += Number(f.get(`line_items[${i}][price_data][unit_amount]`)) * Number(f.get(`line_items[${i}][quantity]`));
      }
      const id = `cs_test_${sessions.size + 1}`;
      sessions.set(id, { id, total, ref: f.get("client_reference_id"), success: f.get("success_url") });
      const answer = { id, object: "checkout.session", url: `${base}/pay/${id}` };
      byIdem.set(idem, answer);
      return res.end(JSON.stringify(answer));
    }
    const pay = req.url.match(/^\/pay\/(\w+)$/);
    if (pay && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(`<!doctype html><title>Stripe</title><form method="post"><p>Pay IDR ${sessions.get(pay[1])?.total / 100}</p><button>Pay</button></form>`);
    }
    if (pay && req.method === "POST") {
      const s = sessions.get(pay[1]);
      const event = JSON.stringify({ id: `evt_${s.id}`, type: "checkout.session.completed",
        data: { object: { id: s.id, object: "checkout.session", client_reference_id: s.ref, amount_total: s.total, currency: "idr", payment_status: "paid" } } });
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac("sha256", whsec).update(`${t}.${event}`).digest("hex");
      const n = await fetch(hooks.stripe, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` }, body: event });
      s.notified = n.status;
      res.writeHead(303, { location: s.success });
      return res.end();
    }
    res.writeHead(404).end();
  });
});
await new Promise((ok) => stripe.listen(0, "127.0.0.1", ok));

// A mail server that keeps what it is given (RFC 5321's plain dialogue), decoded from its
// transfer encoding, so the test reads the verification link as the customer would.
export const mails = [];
export const smtp = createServer((sock) => {
  let buf = "";
  let data = false;
  let to = [];
  sock.write("220 fake.smtp ESMTP\r\n");
  sock.on("data", (d) => {
    buf += d.toString("utf8");
    for (;;) {
      if (data) {
        const end = buf.indexOf("\r\n.\r\n");
        if (end < 0) return;
        const raw = buf.slice(0, end);
        buf = buf.slice(end + 5);
        data = false;
        const [head, ...rest] = raw.split("\r\n\r\n");
        let body = rest.join("\r\n\r\n");
        if (/content-transfer-encoding:\s*base64/i.test(head)) body = Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
        if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
          body = Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
        }
        mails.push({ to, body });
        to = [];
        sock.write("250 OK queued\r\n");
        continue;
      }
      const nl = buf.indexOf("\r\n");
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      const up = line.toUpperCase();
      if (up.startsWith("EHLO") || up.startsWith("HELO")) sock.write("250-fake.smtp\r\n250 8BITMIME\r\n");
      else if (up.startsWith("RCPT TO:")) {
        to.push(line.slice(8).trim().replace(/[<>]/g, ""));
        sock.write("250 OK\r\n");
      } else if (up.startsWith("DATA")) {
        data = true;
        sock.write("354 go ahead\r\n");
      } else if (up.startsWith("QUIT")) {
        sock.end("221 bye\r\n");
        return;
      } else sock.write("250 OK\r\n");
    }
  });
});
await new Promise((ok) => smtp.listen(0, "127.0.0.1", ok));
