// Shared test helpers: the built-in rule set, loaded once, and edit application.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TextEdit } from 'vscode-languageserver';
import { LineIndex, loadRuleSet, type Edit, type RuleSet } from '../engine/index.js';

let cached: RuleSet | undefined;
export function rules(): RuleSet {
  cached ??= loadRuleSet();
  return cached;
}

export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** Applies non-overlapping edits, last first, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce(applyEdit, text);
}

/** Applies LSP text edits (line/character ranges) as an editor applies one WorkspaceEdit. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), newText: e.newText })));
}

/** Runs the built CLI as a user does: a child process. */
export function runCli(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../dist/cli.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
