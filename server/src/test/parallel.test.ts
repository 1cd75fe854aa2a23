// The first lint of a long draft in worker threads: the same results as in the server's own
// thread, a clear failure when a worker cannot run, and over LSP the same diagnostics.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyseChunk, analyseInWorkers, lint, LintCache, splitChunks, DEFAULT_SETTINGS } from '../engine/index.js';
import { LspClient } from './lsp-client.js';
import { rules } from './helpers.js';

const rs = rules();
const WORKER = new URL('../lint-worker.js', import.meta.url);
const paragraph = (i: number) =>
  i % 3 === 0
    ? `Paragraph ${i}: Mexico is our backyard, and the U.S. should act alone in Haiti.`
    : i % 3 === 1
      ? `Paragraph ${i}: the cartels directly threaten the homeland. <!-- policylint-disable-next-line -->`
      : `Paragraph ${i}: we should not treat Peru as "our backyard" [@smith2020].`;

describe('analysing chunks in worker threads', () => {
  it('gives the same results as the server thread, in order, and fills the cache for a lint', async () => {
    const doc = Array.from({ length: 300 }, (_, i) => paragraph(i)).join('\n\n') + '\n';
    const cache = new LintCache();
    const texts = cache.missing(doc, 'markdown', rs);
    assert.ok(texts.length > 5, `${texts.length} chunks`);
    const results = await analyseInWorkers(WORKER, texts, 'markdown', rs.loadedWith!, DEFAULT_SETTINGS, 3);
    assert.deepEqual(results, texts.map((t) => analyseChunk(t, 'markdown', rs, DEFAULT_SETTINGS)));
    cache.fill('markdown', rs, DEFAULT_SETTINGS, texts, results);
    assert.deepEqual(cache.missing(doc, 'markdown', rs), []);
    const filled = lint(doc, 'markdown', rs, undefined, cache);
    assert.equal(cache.stats.analysed, 0, 'nothing left to analyse');
    assert.deepEqual(filled, lint(doc, 'markdown', rs));
    assert.equal(splitChunks(doc, 'markdown').length, cache.stats.chunks);
  });

  it('rejects with the reason when the worker cannot run', async () => {
    await assert.rejects(analyseInWorkers(new URL('./no-such-worker.js', import.meta.url), ['Mexico is our backyard.'], 'markdown', rs.loadedWith!, DEFAULT_SETTINGS, 1), /no-such-worker|Cannot find/);
  });
});

describe('a long draft over LSP', () => {
  let client: LspClient | undefined;
  after(async () => {
    await client?.stop();
  });

  it('lints its first version in workers and publishes what the engine finds', { timeout: 120000 }, async () => {
    client = await LspClient.start({ settings: { debounceMs: 0 } });
    const small = 'untitled:short.md';
    await client.open(small, paragraph(0));
    await client.diagnostics(small, 1);
    assert.equal((await client.request<{ parallelLints: number }>('policylint/status', {})).parallelLints, 0, 'a short draft is linted in the server thread');
    const uri = 'untitled:long.md';
    const doc = Array.from({ length: 28000 }, (_, i) => paragraph(i)).join('\n\n') + '\n';
    assert.ok(doc.length > 2 * 1024 * 1024);
    await client.open(uri, doc);
    const published = await client.until(() => client!.published.find((p) => p.uri === uri), 'diagnostics of the long draft', 110000);
    assert.equal((await client.request<{ parallelLints: number }>('policylint/status', {})).parallelLints, 1);
    const expected = lint(doc, 'markdown', rs).findings;
    assert.equal(published.diagnostics.length, expected.length);
    const last = published.diagnostics[published.diagnostics.length - 1];
    assert.equal(last.code, expected[expected.length - 1].ruleId);
    assert.equal(last.range.start.line, doc.slice(0, expected[expected.length - 1].start).split('\n').length - 1);
  });
});
