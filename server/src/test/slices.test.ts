// Linting in slices: the server answers while a lint runs, drops a lint when a newer version
// arrives, never publishes a stale one, and answers hovers and code actions for a version that
// is not linted yet from the last results moved through the edit.
import { describe, it, after } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver';
import { EditMap, runSliced } from '../lsp/slices.js';
import { DiagnosticCache, toDiagnostic } from '../lsp/convert.js';
import { lint, LintCache, LineIndex } from '../engine/index.js';
import { rules } from './helpers.js';
import { LspClient } from './lsp-client.js';
import { applyTextEdits } from './helpers.js';

describe('EditMap', () => {
  const before = 'Mexico is our backyard.\nPeru acts alone.\n';
  const after = 'A new line.\nMexico is our backyard.\nPeru acts alone.\n';
  const map = new EditMap(before, after);

  it('maps offsets after an insertion, and not inside it', () => {
    const at = after.indexOf('backyard');
    assert.equal(map.toBefore(at), before.indexOf('backyard'));
    assert.equal(map.toBefore(3), undefined);
  });

  it('moves ranges the edit did not touch and refuses those it did', () => {
    const b = before.indexOf('backyard');
    assert.deepEqual(map.rangeToAfter(b, b + 8), [after.indexOf('backyard'), after.indexOf('backyard') + 8]);
    const edited = new EditMap(before, before.replace('our backyard', 'a partner'));
    assert.equal(edited.rangeToAfter(b, b + 8), undefined);
    assert.deepEqual(edited.rangeToAfter(0, 6), [0, 6]);
  });

  it('maps everything outside the edit, in texts longer than its compare blocks', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n'), minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.nat({ max: 5000 }), fc.string({ maxLength: 20 }), (unit, times, at, del, ins) => {
        const before = unit.repeat(times);
        const pos = at % (before.length + 1);
        const after = before.slice(0, pos) + ins + before.slice(pos + del);
        const m = new EditMap(before, after);
        for (const o of [0, pos, Math.floor(pos / 2), pos + ins.length, after.length, Math.min(after.length, pos + ins.length + 4097)]) {
          if (o > after.length) continue;
          const b = m.toBefore(o);
          if (o <= pos || o >= pos + ins.length) assert.notEqual(b, undefined, `offset ${o} is outside the edit`);
          if (b !== undefined) assert.ok(after.slice(0, o) === before.slice(0, b) || after.slice(o) === before.slice(b));
        }
        const r = m.rangeToAfter(0, Math.min(pos, before.length));
        assert.ok(r && after.slice(r[0], r[1]) === before.slice(0, pos));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });
});

describe('runSliced', () => {
  it('lets other work run between slices and returns the result', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    function* work() {
      const until = Date.now() + 60;
      let n = 0;
      while (Date.now() < until) {
        n++;
        yield;
      }
      return n;
    }
    const n = await runSliced(work(), () => false, 5);
    clearInterval(timer);
    assert.ok(n! > 0);
    assert.ok(ticks >= 3, `a timer ran ${ticks} times during 60 ms of work in 5 ms slices`);
  });

  it('drops the work when it goes stale, running its cleanup', async () => {
    let steps = 0;
    let cleaned = false;
    function* work() {
      try {
        for (;;) {
          steps++;
          const until = Date.now() + 2;
          while (Date.now() < until);
          yield;
        }
      } finally {
        cleaned = true;
      }
    }
    const result = await runSliced(work(), () => steps > 10, 1);
    assert.equal(result, undefined);
    assert.ok(cleaned);
    assert.ok(steps < 20, `stopped soon after going stale (${steps} steps)`);
  });
});

describe('DiagnosticCache', () => {
  const rs = rules();
  const claim = 'Chinese influence directly threatens the region.';
  const doc = Array.from({ length: 40 }, (_, i) => (i % 2 ? `Mexico is our backyard (${i}).` : `${claim} (${i})`)).join('\n\n') + '\n';
  // Each edit: text before, text after. The last keeps every offset but moves lines (a space for a line break).
  const edits: Array<[string, string]> = [
    [doc, 'Intro.\n\n' + doc],
    ['Intro.\n\n' + doc, 'Intro.\n\n' + doc.replace('(21)', '(21, edited)')],
    ['Intro.\n\n' + doc.replace('(21)', '(21, edited)'), 'Intro\n\n\n' + doc.replace('(21)', '(21, edited)')],
  ];

  it('moves diagnostics with their chunks and equals a fresh conversion after every edit', () => {
    const cache = new LintCache();
    const converted = new DiagnosticCache();
    const convert = (text: string) => {
      const index = new LineIndex(text);
      return lint(text, 'markdown', rs, undefined, cache).findings.map((f) => ({ wire: converted.diagnostic(index, f, true), f, index }));
    };
    convert(edits[0][0]);
    for (const [, after] of edits) {
      const got = convert(after);
      const fresh = lint(after, 'markdown', rs).findings.map((f) => toDiagnostic(new LineIndex(after), f, true));
      assert.equal(got.length, fresh.length);
      got.forEach(({ wire }, i) => {
        const full = converted.withFixes(wire);
        assert.deepEqual(full, fresh[i], `diagnostic ${i} after editing to ${JSON.stringify(after.slice(0, 12))}`);
        assert.equal(wire.data, undefined, 'the wire copy has no data');
      });
      assert.ok(fresh.some((d) => (d.data as { fixes: Array<{ range?: unknown }> }).fixes.some((x) => x.range)), 'some fixes have their own ranges (claims)');
    }
  });
});

const paragraph = (i: number) => `Paragraph ${i}: Mexico is our backyard, and the U.S. should act alone in Haiti.`;

describe('a lint in slices over LSP', () => {
  const clients: LspClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
  });

  it('publishes only the newest version when edits arrive during a long lint, and no fix data on the wire', async () => {
    const client = await LspClient.start({ settings: { debounceMs: 0 } });
    clients.push(client);
    const uri = 'untitled:long.md';
    const text = Array.from({ length: 6000 }, (_, i) => paragraph(i)).join('\n\n') + '\n';
    await client.open(uri, text);
    // The lint of version 1 (about a second) is under way when version 2 arrives.
    await new Promise((res) => setTimeout(res, 200));
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Intro.\n\n' }]);
    // Asked while version 2 is being linted: answered without waiting for the lint to finish.
    const status = await client.request<{ documents: number }>('policylint/status', {});
    assert.equal(status.documents, 1);
    const v2 = await client.diagnostics(uri, 2);
    assert.equal(v2.length, 12000);
    assert.equal(v2[0].range.start.line, 2);
    assert.deepEqual(
      client.published.filter((p) => p.uri === uri).map((p) => p.version),
      [2],
      'the lint of version 1 was dropped, not published',
    );
    assert.ok(v2.every((d) => d.data === undefined));
    // Code actions still find the fixes.
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: v2[0].range, context: { diagnostics: [v2[0]] } });
    assert.ok(actions.some((a) => a.title.startsWith("Rewrite as 'partner'")), actions.map((a) => a.title).join(' | '));
  });

  it('answers hovers and code actions for a version not linted yet through the edit', async () => {
    // A long debounce keeps version 2 unlinted while we ask.
    const client = await LspClient.start({ settings: { debounceMs: 60000 } });
    clients.push(client);
    const uri = 'untitled:pending.md';
    const text = `${paragraph(1)}\n\n${paragraph(2)}\n`;
    await client.open(uri, text);
    const [d1] = await client.diagnostics(uri, 1);
    assert.equal(d1.code, 'backyard');
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'A new first line.\n' }]);
    const moved: Diagnostic = { ...d1, range: { start: { line: 1, character: d1.range.start.character }, end: { line: 1, character: d1.range.end.character } } };
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: moved.range.start });
    assert.ok(hover && JSON.stringify(hover.contents).includes('backyard'));
    assert.deepEqual(hover.range, moved.range);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }), null, 'no hover inside the new text');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } });
    const rewrite = actions.find((a) => a.title.startsWith("Rewrite as 'partner'"));
    assert.ok(rewrite, actions.map((a) => a.title).join(' | '));
    const now = 'A new first line.\n' + text;
    assert.equal(applyTextEdits(now, rewrite.edit!.changes![uri]).split('\n')[1], paragraph(1).replace('backyard', 'partner'));
    // The old diagnostic's range no longer holds that finding: no fix is offered for it.
    const stale = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d1.range, context: { diagnostics: [d1] } });
    assert.equal(stale.filter((a) => a.title.startsWith('Rewrite')).length, 0);
  });
});
