// The UI reaches the core only through this module. Two implementations share one interface:
// Tauri `invoke` inside the desktop window, and HTTP to the loopback `pos-web` server in a browser
// (end-to-end tests, development). Only ./tauri.ts imports @tauri-apps/*.
import type { ApiError, Commands } from "./generated/commands";

export type CommandName = keyof Commands;
export type Req<K extends CommandName> = Commands[K]["request"];
export type Res<K extends CommandName> = Commands[K]["response"];

export interface Transport {
  call(name: string, token: string | null, lang: string, payload: unknown): Promise<unknown>;
}

/** A refused command, rebuilt from the core's `{code, field, message}`. */
export class CommandError extends Error {
  code: ApiError["code"];
  field: string | null;
  constructor(e: ApiError) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
  }
}

export function isApiError(v: unknown): v is ApiError {
  return typeof v === "object" && v !== null && "code" in v && "message" in v;
}

let transport: Transport | null = null;
let token: string | null = null;
let lang = "id";
const listeners = new Set<(e: CommandError) => void>();

export function setToken(t: string | null) {
  token = t;
}
export function getToken() {
  return token;
}
export function setLang(l: string) {
  lang = l;
}
/** Called on every refused command (the app uses it to show the sign-in or lock screen). */
export function onCommandError(f: (e: CommandError) => void) {
  listeners.add(f);
  return () => listeners.delete(f);
}

async function pick(): Promise<Transport> {
  if (transport) return transport;
  const inTauri = typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
  transport = inTauri ? (await import("./tauri")).tauriTransport : (await import("./web")).webTransport;
  return transport;
}

export async function call<K extends CommandName>(name: K, req: Req<K>): Promise<Res<K>> {
  const t = await pick();
  try {
    return (await t.call(name, token, lang, req)) as Res<K>;
  } catch (e) {
    const err = isApiError(e)
      ? new CommandError(e)
      : new CommandError({ code: "internal", field: null, message: String(e) });
    listeners.forEach((f) => f(err));
    throw err;
  }
}
