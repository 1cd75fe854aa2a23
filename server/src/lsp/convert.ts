// Findings to LSP diagnostics and back. A diagnostic carries in `data` everything a code action
// needs (the edits as LSP ranges, the rule, the citation), so code actions are rebuilt from the
// diagnostic alone, with no server state.
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { LineIndex, type Finding, type Severity } from '../engine/index.js';
import { DOCS_BASE } from '../cli/formats.js';

export const SOURCE = 'policylint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface FixData {
  title: string;
  edit: TextEdit;
  safe: boolean;
}

export interface DiagnosticData {
  ruleId: string;
  category: string;
  actual: string;
  fixes: FixData[];
  docs?: string;
  builtin: boolean;
}

export function toRange(index: LineIndex, start: number, end: number): Range {
  return { start: index.position(start), end: index.position(end) };
}

export function docsUrl(ruleId: string, category: string): string {
  return `${DOCS_BASE}${category}/${ruleId}.yml`;
}

export function toDiagnostic(index: LineIndex, f: Finding, builtin: boolean): Diagnostic {
  const data: DiagnosticData = {
    ruleId: f.ruleId,
    category: f.category,
    actual: f.actual,
    builtin,
    docs: builtin ? docsUrl(f.ruleId, f.category) : undefined,
    fixes: f.suggestions.map((s) => ({ title: s.title, safe: s.safe, edit: { range: toRange(index, s.edit.start, s.edit.end), newText: s.edit.newText } })),
  };
  return {
    range: toRange(index, f.start, f.end),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    ...(data.docs ? { codeDescription: { href: data.docs } } : {}),
    message: f.message,
    data,
  };
}

export function isOurs(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return d.source === SOURCE && !!data && typeof data.ruleId === 'string' && Array.isArray(data.fixes);
}
