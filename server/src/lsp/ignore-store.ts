// "Ignore this finding", persisted in the workspace (.vscode/policylint-ignore.json), never in
// user settings. Written atomically (temporary file, then rename); a corrupt store is reported,
// kept aside as *.corrupt, and replaced, never silently emptied.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface IgnoredFinding {
  /** Path relative to the workspace folder, with forward slashes. */
  file: string;
  ruleId: string;
  /** The matched text, whitespace collapsed. */
  text: string;
}

export class IgnoreStore {
  private entries: IgnoredFinding[] = [];
  readonly file: string;

  constructor(
    readonly root: string,
    private readonly report: (message: string) => void,
  ) {
    this.file = join(root, '.vscode', 'policylint-ignore.json');
    this.load();
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { ignored?: unknown };
      if (!Array.isArray(data.ignored)) throw new Error('no "ignored" list');
      this.entries = data.ignored.filter(
        (e): e is IgnoredFinding => !!e && typeof e.file === 'string' && typeof e.ruleId === 'string' && typeof e.text === 'string',
      );
    } catch (e) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      try {
        renameSync(this.file, aside);
      } catch {
        /* reported below either way */
      }
      this.report(`PolicyLint: ${this.file} could not be read (${(e as Error).message}); it was kept as ${aside} and a new store was started.`);
      this.entries = [];
    }
  }

  static key(text: string): string {
    return text.replace(/\s+/g, ' ').trim();
  }

  has(file: string, ruleId: string, text: string): boolean {
    const t = IgnoreStore.key(text);
    return this.entries.some((e) => e.file === file && e.ruleId === ruleId && e.text === t);
  }

  add(entry: IgnoredFinding): void {
    if (this.has(entry.file, entry.ruleId, entry.text)) return;
    this.entries.push({ ...entry, text: IgnoreStore.key(entry.text) });
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, ignored: this.entries }, null, 2) + '\n');
    renameSync(tmp, this.file);
  }
}
