// Findings to LSP diagnostics and back. The server's copy of a diagnostic carries in `data`
// everything a code action needs (the edits as LSP ranges, the rule, the citation); the copy
// sent to the client leaves `data` out (it was over a third of a long draft's publication), and
// code actions find the server's copy again by rule and range.
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { identityOf, type LineIndex, type Finding, type Severity } from '../engine/index.js';

/** Offsets to positions: a LineIndex, or the open document's own (which it keeps up to date through edits). */
export type Positions = Pick<LineIndex, 'position'>;
import { docsUrl } from '../cli/formats.js';

export const SOURCE = 'policylint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * One fix in a diagnostic's data, kept small because a long draft has thousands of diagnostics:
 * `range` is left out when the fix replaces exactly the diagnostic's range, and the title is
 * rebuilt from the rule when the code action is asked for.
 */
export interface FixData {
  text: string;
  newText?: string;
  range?: Range;
  safe?: true;
  title?: string;
  /** The edit as a snippet with tab stops, for clients that accept snippet edits. */
  snippet?: string;
}

export interface DiagnosticData {
  ruleId: string;
  category: string;
  actual: string;
  fixes: FixData[];
  builtin?: true;
}

export function toRange(index: Positions, start: number, end: number): Range {
  return { start: index.position(start), end: index.position(end) };
}

/** One link object per rule, shared by its diagnostics (a long draft has tens of thousands). */
const links = new Map<string, { href: string }>();
function codeDescription(ruleId: string, category: string): { href: string } {
  const key = `${category}/${ruleId}`;
  let link = links.get(key);
  if (!link) links.set(key, (link = { href: docsUrl(ruleId, category) }));
  return link;
}

export function toDiagnostic(index: Positions, f: Finding, builtin: boolean): Diagnostic {
  const fixes: FixData[] = f.suggestions.map((s) => {
    const fix: FixData = { text: s.text };
    if (s.edit.newText !== s.text) fix.newText = s.edit.newText;
    if (s.edit.start !== f.start || s.edit.end !== f.end) fix.range = toRange(index, s.edit.start, s.edit.end);
    if (s.safe) fix.safe = true;
    if (!s.title.startsWith('Rewrite as ')) fix.title = s.title;
    if (s.snippet) fix.snippet = s.snippet;
    return fix;
  });
  const data: DiagnosticData = { ruleId: f.ruleId, category: f.category, actual: f.actual, fixes, ...(builtin ? { builtin: true as const } : {}) };
  return {
    range: toRange(index, f.start, f.end),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    ...(builtin ? { codeDescription: codeDescription(f.ruleId, f.category) } : {}),
    message: f.message,
    data,
  };
}

/** The edit and title of a fix, rebuilt from the diagnostic it belongs to. */
export function fixEdit(d: Diagnostic, fix: FixData): { range: Range; newText: string } {
  return { range: fix.range ?? d.range, newText: fix.newText ?? fix.text };
}

export function isOurs(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return d.source === SOURCE && !!data && typeof data.ruleId === 'string' && Array.isArray(data.fixes);
}

/**
 * Diagnostics for one document's findings, lint after lint, as sent to the client (without
 * `data`), with their fixes kept aside for code actions. A finding that only moved with its
 * chunk since the last lint gets its earlier diagnostic moved by whole lines instead of being
 * converted again (the same object when it is still on the same lines).
 */
export class DiagnosticCache {
  private built = new WeakMap<object, { wire: Diagnostic; data: DiagnosticData }>();
  private fixes = new WeakMap<Diagnostic, DiagnosticData>();

  diagnostic(index: Positions, f: Finding, builtin: boolean): Diagnostic {
    const id = identityOf(f);
    let entry = this.built.get(id);
    if (entry) {
      // Even a finding at the same offset may be on another line (an edit above swapped characters for line breaks).
      const lines = index.position(f.start).line - entry.wire.range.start.line;
      if (lines !== 0) {
        entry = { wire: moveWire(entry.wire, lines), data: moveData(entry.data, lines) };
        this.built.set(id, entry);
        this.fixes.set(entry.wire, entry.data);
      }
    } else {
      const { data, ...wire } = toDiagnostic(index, f, builtin);
      entry = { wire, data: data as DiagnosticData };
      this.built.set(id, entry);
      this.fixes.set(entry.wire, entry.data);
    }
    return entry.wire;
  }

  /** A diagnostic this cache built, with its fixes in `data`, for code actions. */
  withFixes(d: Diagnostic): (Diagnostic & { data: DiagnosticData }) | undefined {
    const data = this.fixes.get(d);
    return data && { ...d, data };
  }
}

function moveRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

function moveWire(d: Diagnostic, lines: number): Diagnostic {
  // Written out rather than spread: this runs for every finding below an edit, on every keystroke.
  const moved: Diagnostic = { range: moveRange(d.range, lines), severity: d.severity, source: d.source, code: d.code, message: d.message };
  if (d.codeDescription) moved.codeDescription = d.codeDescription;
  return moved;
}

function moveData(data: DiagnosticData, lines: number): DiagnosticData {
  if (!data.fixes.some((f) => f.range)) return data;
  return { ...data, fixes: data.fixes.map((f) => (f.range ? { ...f, range: moveRange(f.range, lines) } : f)) };
}

/** Finds a diagnostic the client sent back among the server's: its rule and range. */
export function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${String(d.code)}@${r?.start?.line}:${r?.start?.character}-${r?.end?.line}:${r?.end?.character}`;
}
