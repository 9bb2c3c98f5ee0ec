// The browser transport: POST /api/<command> to the loopback pos-web server.
import type { Transport } from "./backend";

export const webTransport: Transport = {
  async call(name, token, lang, payload) {
    const headers: Record<string, string> = { "content-type": "application/json", "x-lang": lang };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`/api/${name}`, { method: "POST", headers, body: JSON.stringify(payload ?? {}) });
    const body = await res.json().catch(() => ({ code: "internal", field: null, message: res.statusText }));
    if (!res.ok) throw body;
    return body;
  },
};
