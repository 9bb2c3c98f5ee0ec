// App-wide state: language and theme (remembered on this device), the session, and toasts.
import { call, setLang, setToken } from "./api/backend";
import type { SessionInfo } from "./api/generated/commands";
import { translate, type Key, type Lang } from "./i18n/index";

type Theme = "dark" | "light";

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return (allowed as readonly string[]).includes(v ?? "") ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

export const ui = $state({
  lang: stored<Lang>("hurtrock.lang", ["id", "en"], "id"),
  theme: stored<Theme>("hurtrock.theme", ["dark", "light"], "dark"),
  session: null as SessionInfo | null,
  /// The last command needed the password and the session was opened with a PIN.
  passwordNeeded: false,
  toast: null as { text: string; kind: "ok" | "error" } | null,
});

setLang(ui.lang);

export function t(key: Key, params?: Record<string, string | number>): string {
  return translate(ui.lang, key, params);
}

export function setLanguage(l: Lang) {
  ui.lang = l;
  setLang(l);
  try {
    localStorage.setItem("hurtrock.lang", l);
  } catch {
    /* private mode: not remembered */
  }
  document.documentElement.lang = l;
}

export function setTheme(th: Theme) {
  ui.theme = th;
  try {
    localStorage.setItem("hurtrock.theme", th);
  } catch {
    /* private mode: not remembered */
  }
  document.documentElement.dataset.theme = th;
}

export function setSession(s: SessionInfo | null) {
  ui.session = s;
  setToken(s?.token ?? null);
  try {
    if (s) sessionStorage.setItem("hurtrock.token", s.token);
    else sessionStorage.removeItem("hurtrock.token");
    localStorage.removeItem("hurtrock.display-token");
  } catch {
    /* not kept across reloads */
  }
  // The customer display (another window of this app) gets a pass that reads the display only,
  // never the till's session.
  if (s && s.user.role !== "warehouse") {
    call("display_pass", {})
      .then((p) => localStorage.setItem("hurtrock.display-pass", p.pass))
      .catch(() => {});
  }
}

export function savedToken(): string | null {
  try {
    return sessionStorage.getItem("hurtrock.token");
  } catch {
    return null;
  }
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(text: string, kind: "ok" | "error" = "ok") {
  ui.toast = { text, kind };
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (ui.toast = null), kind === "error" ? 6000 : 2500);
}
