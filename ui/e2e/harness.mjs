// The little harness both end-to-end runs share: numbered steps with a screenshot each, a TAP-like
// line per step, and the closing "name: N passed, N failed" line CI reads.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { root } from "./server.mjs";

export function suite(name) {
  const shots = join(root, "artifacts", name);
  // Each run's screenshots alone, so none from an earlier run is mistaken for this one's.
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  let passed = 0;
  let failed = 0;
  return {
    shots,
    async step(title, page, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok - ${title}`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${title}\n  ${String(e?.message ?? e).split("\n").join("\n  ")}`);
        throw e;
      } finally {
        const file = `${String(passed + failed).padStart(2, "0")}-${title.replace(/\W+/g, "-")}.png`;
        await page.screenshot({ path: join(shots, file) }).catch(() => {});
      }
    },
    finish(label) {
      console.log(`${label}: ${passed} passed, ${failed} failed`);
      return failed === 0 && passed > 0 ? 0 : 1;
    },
  };
}

export function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}
