// Hostile and odd input, each a named test: the engine and the server survive it, say what
// happened, and keep serving every other document.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lint, LineIndex, type Language, type RuleSet } from '../engine/index.js';
import { inWorkspace, LspClient } from './lsp-client.js';
import { rules } from './helpers.js';

const rs = rules();
const survives = (text: string, language: Language = 'markdown') => {
  const r = lint(text, language, rs);
  for (const f of r.findings) assert.ok(f.start >= 0 && f.end <= text.length);
  return r;
};

describe('hostile input to the engine', () => {
  it('a 5 MB single line', { timeout: 120000 }, () => {
    const line = 'Mexico is our backyard and the U.S. should act alone. '.repeat(Math.ceil(5e6 / 54));
    const r = survives(line, 'plaintext');
    assert.ok(r.findings.length > 1000);
  });
  it('NUL bytes and binary data', () => {
    const bytes = Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    survives(bytes + '\0\0 Mexico is our backyard.\0');
    survives(bytes, 'latex');
  });
  it('lone surrogates', () => {
    const r = survives('\ud800 Mexico is our backyard. \udc00\udfff\ud83d');
    assert.deepEqual(r.findings.map((f) => f.actual), ['backyard']);
  });
  it('right-to-left and mixed scripts', () => {
    const r = survives('مرحبا بالعالم. Mexico is our backyard. שלום עולם. 中文句子。');
    assert.deepEqual(r.findings.map((f) => f.actual), ['backyard']);
  });
  it('CR-only line endings', () => {
    const text = 'Intro.\r\rMexico is our\rbackyard.\r';
    const [f] = survives(text).findings;
    assert.deepEqual(new LineIndex(text).position(f.start), { line: 3, character: 0 });
  });
  it('10,000 nested block quotes and 10,000 list levels', { timeout: 60000 }, () => {
    const quotes = survives('> '.repeat(10000) + 'Mexico is our backyard.\n');
    assert.deepEqual(quotes.findings.map((f) => f.actual), ['backyard']);
    assert.match(quotes.problems[0].message, /nested too deeply for the Markdown parser and was read as plain text/);
    // "- - - item" opens a nested list at every dash: 10,000 levels on one line.
    const lists = survives('- '.repeat(10000) + 'Mexico is our backyard.\n');
    assert.deepEqual(lists.findings.map((f) => f.actual), ['backyard']);
  });
  it('a document of punctuation only, and an empty document', () => {
    assert.deepEqual(survives('.,;:!?()[]{}"\'—–-…'.repeat(1000)).findings, []);
    assert.deepEqual(survives('').findings, []);
    assert.deepEqual(survives('', 'latex').findings, []);
  });
  it('a rule that throws is reported once and the others still run', () => {
    const broken: RuleSet = {
      ...rs,
      rules: [{ ...rs.rules.find((r) => r.id === 'act-alone')!, id: 'exploding', patterns: [{ pattern: null as never, suggest: [] }] }, ...rs.rules],
    };
    const r = lint('Mexico is our backyard.\n\nPeru is our backyard.\n', 'markdown', broken);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['backyard', 'backyard']);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /^rule `exploding` failed and was disabled for this document: /);
  });
});

describe('hostile traffic to the server', () => {
  let root: string;
  let client: LspClient;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'policylint-hostile-'));
    client = await LspClient.start({ root, settings: { debounceMs: 0 } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(root, { recursive: true, force: true });
  });

  it('answers malformed requests with errors and keeps serving', async () => {
    const good = pathToFileURL(join(root, 'good.md')).href;
    await client.open(good, 'Mexico is our backyard.\n');
    assert.equal((await client.diagnostics(good, 1)).length, 1);
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: good } }));
    await assert.rejects(client.request('textDocument/hover', null));
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: good }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [{ source: 'policylint', data: { ruleId: 1 } }] } }), []);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'policylint.server.ignoreFinding', arguments: [{}] }), /expected \{ uri, ruleId, text \}/);
    await assert.rejects(client.request('no/such/method', { x: 1 }));
    // Edits to a document that was never opened, out-of-range positions, stale versions.
    await client.change('file:///never/opened.md', 5, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    await client.change(good, 2, [{ range: { start: { line: 999, character: 999 }, end: { line: 1000, character: 5 } }, text: ' Peru is our backyard.' }]);
    assert.equal((await client.diagnostics(good, 2)).length, 2);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: good }, position: { line: 0, character: 16 } });
    assert.ok(hover);
    // A stale version and a request whose id is a 10,000-character string.
    await client.change(good, 1, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 'x'.repeat(10000), method: 'textDocument/hover', params: { textDocument: { uri: good }, position: { line: 0, character: 1 } } });
    client.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const other = pathToFileURL(join(root, 'other.md')).href;
    await client.open(other, 'The U.S. should act alone in Haiti.\n');
    assert.deepEqual((await client.diagnostics(other, 1)).map((d) => d.code), ['act-alone']);
  });

  it('survives a message that is not JSON', async () => {
    client.proc.stdin!.write('Content-Length: 9\r\n\r\n{not json');
    const uri = pathToFileURL(join(root, 'after-garbage.md')).href;
    await client.open(uri, 'Mexico is our backyard.\n');
    assert.equal((await client.diagnostics(uri, 1)).length, 1);
  });

  it('skips a 50 MB document over maxFileSize with one clear diagnostic', async () => {
    const uri = pathToFileURL(join(root, 'huge.md')).href;
    await client.open(uri, 'Mexico is our backyard. '.repeat(Math.ceil(50e6 / 24)));
    const diags = await client.diagnostics(uri, 1);
    assert.equal(diags.length, 1);
    assert.match(String(diags[0].message), /^PolicyLint skipped this file: 47\.7 MB is over policylint\.maxFileSize \(10\.0 MB\)\.$/);
  });

  it('replaces a corrupt ignore store, keeping the old one aside and saying so', async () => {
    await inWorkspace('policylint-store-', { '.vscode/policylint-ignore.json': '{"ignored": [tru' }, { settings: { debounceMs: 0 } }, async (c, ws) => {
      const uri = pathToFileURL(join(ws, 'a.md')).href;
      await c.open(uri, 'Mexico is our backyard.\n');
      assert.equal((await c.diagnostics(uri, 1)).length, 1);
      const msg = await c.until(() => c.messages.find((m) => /could not be read/.test(m.message)), 'the corrupt-store message');
      assert.match(msg.message, /policylint-ignore\.json could not be read .* kept as .*\.corrupt-\d+ and a new store was started/);
      const aside = readdirSync(join(ws, '.vscode')).filter((f) => f.includes('.corrupt-'));
      assert.equal(aside.length, 1);
      assert.equal(readFileSync(join(ws, '.vscode', aside[0]), 'utf8'), '{"ignored": [tru');
      await c.request('workspace/executeCommand', { command: 'policylint.server.ignoreFinding', arguments: [{ uri, ruleId: 'backyard', text: 'backyard' }] });
      assert.deepEqual(JSON.parse(readFileSync(join(ws, '.vscode/policylint-ignore.json'), 'utf8')).ignored, [{ file: 'a.md', ruleId: 'backyard', text: 'backyard' }]);
      assert.ok(!existsSync(join(ws, '.vscode', `policylint-ignore.json.${process.pid}.tmp`)));
    });
  });
});
