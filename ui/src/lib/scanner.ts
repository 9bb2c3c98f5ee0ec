// Keyboard-wedge barcode scanners "type" a code much faster than a person and finish with Enter.
// ScanDetector watches key presses and reports a scan when at least `minLength` characters
// arrived with gaps under `maxGapMs`, followed by Enter.

export class ScanDetector {
  private buf = "";
  private last = 0;
  constructor(
    private maxGapMs = 35,
    private minLength = 6,
  ) {}

  /** Feed one key press; returns the scanned code when this key completes a scan. */
  feed(key: string, at: number): string | null {
    const gap = at - this.last;
    this.last = at;
    if (key === "Enter") {
      const code = this.buf;
      this.buf = "";
      return gap <= this.maxGapMs && code.length >= this.minLength ? code : null;
    }
    if (key.length !== 1) {
      this.buf = "";
      return null;
    }
    this.buf = gap <= this.maxGapMs ? this.buf + key : key;
    return null;
  }
}
