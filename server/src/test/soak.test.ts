// Soak: a scripted editing session against the server, with hovers and code actions in between.
// No error, resident memory stable after warm-up, and the final diagnostics equal a fresh lint.
// `npm test` runs a short session; `npm run test:soak` runs 20,000 edits on a 50k-word draft.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { LspClient } from './lsp-client.js';

const EDITS = Number(process.env.SOAK_EDITS ?? 300);
const WORDS = Number(process.env.SOAK_WORDS ?? 5000);
const ROOT = resolve(import.meta.dirname, '../../..');

it(`soak: ${EDITS} edits on a ${WORDS}-word draft with hovers and code actions`, { timeout: 60 * 60 * 1000 }, async () => {
  const { makeDraft } = (await import(resolve(ROOT, 'bench/drafts.mjs'))) as { makeDraft: (root: string, words: number, seed?: number) => string };
  let text = makeDraft(ROOT, WORDS, 7);
  const c = await LspClient.start({ settings: { debounceMs: 0 } });
  const uri = 'untitled:soak.md';
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${c.proc.pid}/status`, 'utf8'))![1]) / 1024;
  try {
    await c.open(uri, text);
    let diags: Diagnostic[] = await c.diagnostics(uri, 1);
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const words = ['Mexico is our backyard. ', 'e', ' ', '\n', 'The U.S. should act alone. ', '', 'partners '];
    let warm = 0;
    for (let v = 2; v <= EDITS + 1; v++) {
      const at = Math.floor(rand() * text.length);
      const del = rand() < 0.3 ? Math.floor(rand() * 30) : 0;
      const insert = words[Math.floor(rand() * words.length)];
      const before = text.slice(0, at);
      const line = before.split('\n').length - 1;
      const character = at - (before.lastIndexOf('\n') + 1);
      const endText = text.slice(0, Math.min(text.length, at + del));
      const endLine = endText.split('\n').length - 1;
      const endChar = endText.length - (endText.lastIndexOf('\n') + 1);
      text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + del));
      await c.change(uri, v, [{ range: { start: { line, character }, end: { line: endLine, character: endChar } }, text: insert }]);
      if (v % 10 === 0 || v === EDITS + 1) {
        diags = await c.diagnostics(uri, v);
        // The test client keeps every publication; a long session would fill its own memory.
        c.published.splice(0);
        const d = diags[Math.floor(rand() * diags.length)];
        if (d) {
          await c.request('textDocument/hover', { textDocument: { uri }, position: d.range.start });
          await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        }
      }
      if (v === Math.ceil(EDITS / 5)) warm = rss();
    }
    const end = rss();
    assert.deepEqual(c.messages.filter((m) => m.type <= 2), [], 'no error or warning was shown');
    assert.ok(end <= warm * 1.2 + 30, `resident memory grew from ${warm.toFixed(0)} MB after warm-up to ${end.toFixed(0)} MB`);
    const fresh = 'untitled:fresh.md';
    await c.open(fresh, text);
    const expected = await c.diagnostics(fresh, 1);
    const key = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.range, d.message]);
    assert.deepEqual(key(diags), key(expected));
  } finally {
    await c.stop();
  }
});
