// Code actions for PolicyLint diagnostics, rebuilt from each diagnostic's `data`: the rewrites,
// the citation fixes, ignore, disable for this line or file (an inline comment in the
// document's own syntax), show documentation, fix all of a rule, and source.fixAll.policylint.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { LineIndex, type Language } from '../engine/index.js';
import { docsUrl } from '../cli/formats.js';
import { fixEdit, isOurs, type DiagnosticData } from './convert.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.policylint`;
export const COMMANDS = {
  ignore: 'policylint.server.ignoreFinding',
  docs: 'policylint.server.openDocumentation',
  insertReference: 'policylint.server.insertReference',
} as const;

export interface ActionContext {
  uri: string;
  text: string;
  language: Language;
  /** The short citation of a rule ("Hajiyeva 2017, proposal 1"), for rewrite titles. */
  citeOf: (ruleId: string) => string | undefined;
  /** The document version, for snippet edits (which go in versioned document edits). */
  version?: number;
  /** True when the client applies snippet edits (LSP 3.18 workspaceEdit.snippetEditSupport). */
  snippets?: boolean;
  /** "Cite ..." fixes for an unsupported claim, from the document's bibliography. */
  citeFixes?: (d: Diagnostic) => Array<{ title: string; edits: TextEdit[] }>;
}

/** The end of a line, before its line break (LineIndex clamps a character past the end). */
const lineEnd = (index: LineIndex, line: number) => index.position(index.offset({ line, character: Number.MAX_SAFE_INTEGER }));

/** Markdown front matter: [whole block, delimiter (--- YAML or +++ TOML), body]. */
export const FRONT_MATTER = /^(---|\+\+\+)\r?\n([\s\S]*?)\r?\n\1[ \t]*(?:\r?\n|$)/;

/** Where a file-level disable comment goes: the top, after Markdown front matter. */
function fileTop(text: string, language: Language): { line: number; character: number } {
  if (language === 'markdown') {
    const fm = FRONT_MATTER.exec(text);
    if (fm) return { line: fm[0].split(/\r\n|\r|\n/).length - 1, character: 0 };
  }
  return { line: 0, character: 0 };
}

function comment(language: Language, body: string): string | undefined {
  if (language === 'markdown') return `<!-- ${body} -->`;
  if (language === 'latex') return `% ${body}`;
  return undefined; // plain text has no comment syntax
}

function edit(uri: string, edits: TextEdit[]) {
  return { changes: { [uri]: edits } };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function codeActions(ctx: ActionContext, diagnostics: Diagnostic[], only: string[] | undefined, all: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const index = new LineIndex(ctx.text);
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics.filter(isOurs)) actions.push(...quickFixes(ctx, index, d, all));
  }
  if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`) || k === CodeActionKind.SourceFixAll)) {
    const fixAll = fixAllAction(ctx, all.filter(isOurs), 'Fix all PolicyLint findings with one safe rewrite', FIX_ALL_KIND);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function quickFixes(ctx: ActionContext, index: LineIndex, d: Diagnostic & { data: DiagnosticData }, all: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const data: DiagnosticData = d.data;
  const cite = ctx.citeOf(data.ruleId);
  for (const c of ctx.citeFixes?.(d) ?? []) out.push({ title: c.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(ctx.uri, c.edits) });
  data.fixes.forEach((fix, i) => {
    const plain = fixEdit(d, fix);
    let change: WorkspaceEdit = edit(ctx.uri, [plain]);
    if (fix.snippet && ctx.snippets && ctx.version !== undefined) {
      change = { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.version }, edits: [{ range: plain.range, snippet: { kind: 'snippet', value: fix.snippet } }] }] };
    }
    out.push({
      title: fix.title ?? `Rewrite as '${fix.text}'${cite ? ` (${cite})` : ''}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: i === 0 && data.fixes.length === 1 && !!fix.safe,
      edit: change,
    });
  });
  const sameRule = all.filter(isOurs).filter((x) => x.data.ruleId === data.ruleId);
  if (sameRule.length > 1) {
    const fa = fixAllAction(ctx, sameRule, `Fix all ${data.ruleId} findings in this document`, CodeActionKind.QuickFix);
    if (fa) out.push(fa);
  }
  out.push({
    title: `Ignore this finding (${data.ruleId})`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    command: { title: 'Ignore this finding', command: COMMANDS.ignore, arguments: [{ uri: ctx.uri, ruleId: data.ruleId, text: data.actual, line: d.range.start.line }] },
  });
  const lineComment = comment(ctx.language, `policylint-disable-line ${data.ruleId}`);
  if (lineComment) {
    // At the end of the line the comment keeps the line's Markdown or LaTeX structure intact.
    out.push({
      title: `Disable ${data.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: edit(ctx.uri, [{ range: { start: lineEnd(index, d.range.end.line), end: lineEnd(index, d.range.end.line) }, newText: ` ${lineComment}` }]),
    });
  }
  const fileComment = comment(ctx.language, `policylint-disable ${data.ruleId}`);
  if (fileComment) {
    const at = fileTop(ctx.text, ctx.language);
    out.push({
      title: `Disable ${data.ruleId} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: edit(ctx.uri, [{ range: { start: at, end: at }, newText: ctx.language === 'markdown' ? `${fileComment}\n\n` : `${fileComment}\n` }]),
    });
  }
  if (cite && data.category !== 'citations') {
    out.push({
      title: `Insert reference to ${cite.replace(/,.*$/, '')} for this finding`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: 'Insert reference for this finding', command: COMMANDS.insertReference, arguments: [{ uri: ctx.uri, ruleId: data.ruleId, range: d.range }] },
    });
  }
  if (data.builtin) {
    out.push({
      title: `Show documentation for ${data.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: 'Show documentation', command: COMMANDS.docs, arguments: [docsUrl(data.ruleId, data.category)] },
    });
  }
  return out;
}

/** One edit for every diagnostic whose first fix is safe; overlapping fixes keep the first. */
function fixAllAction(ctx: ActionContext, diagnostics: Array<Diagnostic & { data: DiagnosticData }>, title: string, kind: string): CodeAction | undefined {
  const edits: TextEdit[] = [];
  for (const d of diagnostics) {
    const fix = d.data.fixes[0];
    if (!fix || !fix.safe || d.data.fixes.length !== 1) continue;
    const e = fixEdit(d, fix);
    if (edits.some((x) => overlaps(x.range, e.range))) continue;
    edits.push(e);
  }
  if (edits.length === 0) return undefined;
  return { title, kind, edit: edit(ctx.uri, edits) };
}
