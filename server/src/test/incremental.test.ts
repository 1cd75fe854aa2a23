// Incremental linting: chunks whose text is unchanged are not analysed again (counted, not
// timed), and an incremental lint equals a fresh one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lint, LintCache, splitChunks } from '../engine/index.js';
import { rules } from './helpers.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const rs = rules();
const para = (i: number) => `Paragraph ${i}: the United States should act alone in Haiti, and Mexico is our backyard.`;
const doc = Array.from({ length: 50 }, (_, i) => para(i)).join('\n\n') + '\n';

describe('incremental linting', () => {
  it('re-analyses only the paragraph an edit touched', () => {
    const cache = new LintCache();
    lint(doc, 'markdown', rs, undefined, cache);
    const chunks = cache.stats.chunks;
    assert.ok(chunks > 5, `50 paragraphs make more than a few chunks (got ${chunks})`);
    assert.equal(cache.stats.analysed, chunks);
    const at = doc.indexOf('Paragraph 20:') + 10;
    const edited = doc.slice(0, at) + 'x' + doc.slice(at);
    const result = lint(edited, 'markdown', rs, undefined, cache);
    assert.deepEqual(cache.stats, { chunks, analysed: 1 });
    assert.deepEqual(result, lint(edited, 'markdown', rs));
  });

  it('shifts cached findings after an insertion above them', () => {
    const cache = new LintCache();
    lint(doc, 'markdown', rs, undefined, cache);
    const edited = 'A new first paragraph about Peru.\n\n' + doc;
    const incremental = lint(edited, 'markdown', rs, undefined, cache);
    assert.equal(cache.stats.analysed, 1);
    assert.deepEqual(incremental, lint(edited, 'markdown', rs));
    assert.equal(edited.slice(incremental.findings[0].start, incremental.findings[0].end), 'act alone');
  });

  it('keeps no earlier version of the document alive through its cache', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = async () => {
      await new Promise((r) => setTimeout(r, 0));
      gc();
      return process.memoryUsage().heapUsed;
    };
    // About 500 KB in paragraphs; every edit changes a different one, so without care each
    // version would stay alive through the findings of the one chunk analysed in it.
    const paragraphs = Array.from({ length: 4000 }, (_, i) => `${para(i)} The cartels threaten the region (${i}).`);
    const cache = new LintCache();
    lint(paragraphs.join('\n\n'), 'markdown', rs, undefined, cache);
    const base = await heap();
    const edits = 80;
    for (let i = 0; i < edits; i++) {
      paragraphs[i * 50] = `Edited ${i}: ${paragraphs[i * 50]}`;
      lint(paragraphs.join('\n\n'), 'markdown', rs, undefined, cache);
    }
    const grown = (await heap()) - base;
    const size = paragraphs.join('\n\n').length;
    // Retained versions would be 80 x 500 KB (40 MB); the edited paragraphs and their findings,
    // and the heap's own noise (a few MB on a busy machine), are far less.
    assert.ok(grown < (edits * size) / 3, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over ${edits} edits of a ${(size / 1e6).toFixed(2)} MB document`);
  });

  it('starts afresh when the settings change', () => {
    const cache = new LintCache();
    lint(doc, 'markdown', rs, undefined, cache);
    const off = lint(doc, 'markdown', rs, { lintQuotations: false, categories: {}, rules: { backyard: 'off' } }, cache);
    assert.equal(cache.stats.analysed, cache.stats.chunks);
    assert.ok(off.findings.every((f) => f.ruleId !== 'backyard'));
  });

  it('never splits inside fenced code, math, HTML comments or front matter, nor before an indented line', () => {
    const md = ['---', 'a: 1', '', 'b: 2', '---', '', '```', 'code', '', 'Mexico is our backyard.', '```', '', '$$', 'x', '', 'y', '$$', '', '<!--', 'note', '', 'Mexico is our backyard.', '-->', '', '- item', '', '    continued', '', 'Last.'].join('\n');
    // Every chunk starts at one of the safe places (merging may join neighbours).
    const safe = ['---', '```', '$$', '<!--', '- item', 'Last.'];
    const cuts = splitChunks(md, 'markdown').map((c) => md.slice(c.start, c.end).split('\n')[0]);
    assert.ok(cuts.every((c) => safe.includes(c)), cuts.join(' | '));
    assert.deepEqual(lint(md, 'markdown', rs).findings, []);
  });

  it('keeps directives that span chunks', () => {
    const md = '<!-- policylint-disable backyard -->\n\nMexico is our backyard.\n\nPeru is our backyard.\n\n<!-- policylint-enable backyard -->\n\nChile is our backyard.\n';
    assert.deepEqual(lint(md, 'markdown', rs, undefined, new LintCache()).findings.map((f) => md.slice(0, f.start).split('\n').length), [9]);
  });
});
