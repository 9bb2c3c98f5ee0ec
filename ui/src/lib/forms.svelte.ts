// A form's errors and busy flag. `run` clears them, calls the command, and on refusal puts the
// core's message under the field it names (or at the top when it names none).
import { CommandError } from "./api/backend";

export class FormState {
  errors = $state<Record<string, string>>({});
  general = $state<string | null>(null);
  /** The code of the last refusal, for forms that offer a way out (e.g. reload when stale). */
  code = $state<string | null>(null);
  busy = $state(false);

  async run<T>(f: () => Promise<T>): Promise<T | undefined> {
    this.errors = {};
    this.general = null;
    this.code = null;
    this.busy = true;
    try {
      return await f();
    } catch (e) {
      if (e instanceof CommandError) this.code = e.code;
      if (e instanceof CommandError && e.field) this.errors = { [e.field]: e.message };
      else this.general = e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
