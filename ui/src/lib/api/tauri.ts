// The desktop transport: one Tauri command, `dispatch`, carries every command of the list.
import { invoke } from "@tauri-apps/api/core";
import type { Transport } from "./backend";

export const tauriTransport: Transport = {
  call(name, token, lang, payload) {
    return invoke("dispatch", { name, token, lang, payload });
  },
};
