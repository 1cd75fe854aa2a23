// Findings to LSP diagnostics and back. The server's copy of a diagnostic carries in `data`
// everything a code action needs (the edits as LSP ranges, the rule, the citation); the copy
// sent to the client leaves `data` out (it was over a third of a long draft's publication), and
// code actions find the server's copy again by rule and range.
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { identityOf, LineIndex, type Finding, type Severity } from '../engine/index.js';
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

export function toRange(index: LineIndex, start: number, end: number): Range {
  return { start: index.position(start), end: index.position(end) };
}

export function toDiagnostic(index: LineIndex, f: Finding, builtin: boolean): Diagnostic {
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
    ...(builtin ? { codeDescription: { href: docsUrl(f.ruleId, f.category) } } : {}),
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
 * Diagnostics for one document's findings, lint after lint. A finding that only moved with its
 * chunk since the last lint gets its earlier diagnostic moved by whole lines instead of being
 * converted again (the same object when it is still on the same lines).
 */
export class DiagnosticCache {
  private built = new WeakMap<object, { finding: Finding; diagnostic: Diagnostic }>();

  diagnostic(index: LineIndex, f: Finding, builtin: boolean): Diagnostic {
    const id = identityOf(f);
    const prev = this.built.get(id);
    // Even a finding at the same offset may be on another line (an edit above swapped characters for line breaks).
    const diagnostic = prev ? moveDiagnostic(prev.diagnostic, index.position(f.start).line - prev.diagnostic.range.start.line) : toDiagnostic(index, f, builtin);
    this.built.set(id, { finding: f, diagnostic });
    return diagnostic;
  }
}

function moveRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

function moveDiagnostic(d: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) return d;
  const data = d.data as DiagnosticData;
  const moved = data.fixes.some((f) => f.range) ? { ...data, fixes: data.fixes.map((f) => (f.range ? { ...f, range: moveRange(f.range, lines) } : f)) } : data;
  return { ...d, range: moveRange(d.range, lines), data: moved };
}

/** The diagnostic as sent to the client: without the fixes in `data`. */
export function withoutData(d: Diagnostic): Diagnostic {
  const { data: _, ...wire } = d;
  return wire;
}

/** Finds a diagnostic the client sent back among the server's: its rule and range. */
export function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${String(d.code)}@${r?.start?.line}:${r?.start?.character}-${r?.end?.line}:${r?.end?.character}`;
}
