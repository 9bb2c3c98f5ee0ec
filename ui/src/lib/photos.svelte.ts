// Pictures for the screens, by blob hash: asked of the core in batches (a page of thumbnails is
// one call), kept as data URLs while the window is open. A picture not on this till yet comes
// back empty: the core asks the sync engine for it and we ask again a few seconds later, so a
// placeholder turns into the photo without anyone reloading.
import { call } from "./api/backend";

export const pictures = $state<Record<string, string>>({});
const pending = new Set<string>();
const tries: Record<string, number> = {};
let timer: ReturnType<typeof setTimeout> | null = null;

async function flush() {
  timer = null;
  const hashes = [...pending].slice(0, 200);
  hashes.forEach((h) => pending.delete(h));
  if (!hashes.length) return;
  try {
    const got = await call("photo_blobs", { hashes });
    const missing: string[] = [];
    for (const b of got) {
      if (b.base64) pictures[b.hash] = `data:image/jpeg;base64,${b.base64}`;
      else missing.push(b.hash);
    }
    for (const h of missing) {
      tries[h] = (tries[h] ?? 0) + 1;
      if (tries[h] < 20) setTimeout(() => want(h), Math.min(30_000, 2_000 * tries[h]));
    }
  } catch {
    // Offline core or signed out: the placeholders stay.
  }
  if (pending.size) schedule();
}

function schedule() {
  if (!timer) timer = setTimeout(flush, 30);
}

/// Asks for a picture; `pictures[hash]` fills in when it is here.
export function want(hash: string | null | undefined) {
  if (!hash || pictures[hash] || pending.has(hash)) return;
  pending.add(hash);
  schedule();
}
