// npm run bench: PolicyLint's speed against the floor (one regex pass), alex and write-good, and
// over LSP against the built server. Prints a table, marks each target met or not, and writes
// bench/results.json. Timings are medians of repeated runs after warm-up; PolicyLint, alex and
// write-good are interleaved in one process so their ratios hold on a noisy machine.
import { spawn } from 'node:child_process';
import { cpus, totalmem, platform, release } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { loadRuleSet, lint } from '../server/out/engine/index.js';
import { makeDraft } from './drafts.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
// --lsp[=100000,1000000]: only the language-server part, for these sizes (with --quick, 100k).
// --profile: the server writes a CPU profile to bench/profile/ (for finding where time goes).
const lspArg = process.argv.find((a) => a.startsWith('--lsp'));
const lspOnly = lspArg !== undefined;
const lspSizes = lspArg?.includes('=') ? lspArg.split('=')[1].split(',').map(Number) : undefined;
const profile = process.argv.includes('--profile');
const SIZES = lspOnly ? [] : quick ? [10000, 100000] : [10000, 100000, 1000000];
const rs = loadRuleSet();
const { markdown: alex } = await import('alex');
const writeGood = (await import('write-good')).default;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const spread = (xs) => ({ min: Math.min(...xs), max: Math.max(...xs) });
const time = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

const tools = {
  floor: (t) => t.match(/[\p{L}\p{N}'’-]+/gu)?.length,
  policylint: (t) => lint(t, 'markdown', rs).findings.length,
  'write-good': (t) => writeGood(t).length,
  alex: (t) => alex(t).messages.length,
};

const results = { machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${platform()} ${release()}` }, date: new Date().toISOString(), sizes: {}, lsp: {} };

for (const words of SIZES) {
  const draft = makeDraft(root, words);
  const actual = draft.split(/\s+/).filter(Boolean).length;
  // The slow tools get fewer runs on the big drafts; each run is still a full lint.
  const runs = words >= 1000000 ? 2 : words >= 100000 ? 4 : 8;
  const entry = { words: actual, chars: draft.length, ms: {} };
  const samples = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
  const skip = new Set(words >= 1000000 ? ['alex'] : []);
  for (const k of Object.keys(tools)) if (!skip.has(k)) tools[k](draft); // warm-up
  for (let r = 0; r < runs; r++) for (const k of Object.keys(tools)) if (!skip.has(k)) samples[k].push(time(() => tools[k](draft)));
  for (const k of Object.keys(tools)) entry.ms[k] = skip.has(k) ? null : { median: median(samples[k]), ...spread(samples[k]), runs };
  entry.usPerWord = entry.ms.policylint.median * 1000 / actual;
  results.sizes[words] = entry;
  console.error(`bench: ${words} words done`);
}

// Over LSP, against the built server.
async function lsp(words) {
  const text = makeDraft(root, words);
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench/profile')}`] : []), join(root, 'server/dist/server.mjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiting = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiting.get(p.version);
    if (w) {
      waiting.delete(p.version);
      w(performance.now());
    }
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ debounceMs: 0, maxFileSize: 1e9 })));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  const initMs = performance.now() - t0;
  conn.sendNotification('initialized', {});
  const uri = 'file:///bench/draft.md';
  const published = (v) => new Promise((res) => waiting.set(v, res));
  let t = performance.now();
  let p = published(1);
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const openMs = (await p) - t;
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) / 1024;
  const out = { words, initializeMs: initMs, openToDiagnosticsMs: openMs, rssMB: rss() };
  if (words <= 100000) {
    // 200 edits spread through the document: typing in a word, adding a sentence, splitting a
    // paragraph, pasting a 500-word block, deleting a section. Each waits for its diagnostics.
    let doc = text;
    let version = 1;
    const lines = () => doc.split('\n');
    const rand = (() => {
      let s = 7;
      return () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    })();
    const paste = makeDraft(root, 500, 99);
    const latencies = [];
    const byKind = {};
    for (let i = 0; i < 200; i++) {
      const ls = lines();
      const line = Math.floor(rand() * ls.length);
      const kind = i % 20 === 19 ? 'paste' : i % 20 === 18 ? 'delete' : i % 10 === 5 ? 'sentence' : i % 10 === 6 ? 'split' : 'type';
      let change;
      if (kind === 'type') change = { range: { start: { line, character: Math.min(3, ls[line].length) }, end: { line, character: Math.min(3, ls[line].length) } }, text: 'e' };
      else if (kind === 'sentence') change = { range: { start: { line, character: ls[line].length }, end: { line, character: ls[line].length } }, text: ' Mexico is our backyard.' };
      else if (kind === 'split') change = { range: { start: { line, character: ls[line].length }, end: { line, character: ls[line].length } }, text: '\n' };
      else if (kind === 'paste') change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: paste + '\n' };
      else change = { range: { start: { line, character: 0 }, end: { line: Math.min(ls.length - 1, line + 15), character: 0 } }, text: '' };
      const idx = (l, c) => ls.slice(0, l).reduce((n, x) => n + x.length + 1, 0) + c;
      doc = doc.slice(0, idx(change.range.start.line, change.range.start.character)) + change.text + doc.slice(idx(change.range.end.line, change.range.end.character));
      version++;
      p = published(version);
      t = performance.now();
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      latencies.push((await p) - t);
      (byKind[kind] ??= []).push(latencies[latencies.length - 1]);
    }
    out.editMs = { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), edits: latencies.length, medianByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, median(v)])) };
    out.rssAfterEditsMB = rss();
  } else {
    // During a long lint the server still answers: time a hover sent right after an edit.
    p = published(2);
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    const h = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 3 } });
    out.hoverDuringLintMs = performance.now() - h;
    await p;
    out.rssMB = Math.max(out.rssMB, rss());
  }
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  await new Promise((res) => proc.once('exit', res));
  conn.dispose();
  return out;
}

for (const words of lspSizes ?? (quick ? [100000] : [100000, 1000000])) {
  results.lsp[words] = await lsp(words);
  console.error(`bench: LSP ${words} done`);
}

if (lspOnly) {
  console.log(JSON.stringify(results.lsp, null, 2));
  process.exit(0);
}

// Targets.
const s100 = results.sizes[100000];
const full = s100.ms.policylint.median;
const targets = [
  ['full lint 100k words >= 5x faster than write-good', s100.ms['write-good'].median / full, (r) => r >= 5, (r) => `${r.toFixed(1)}x`],
  ['full lint 100k words >= 30x faster than alex', s100.ms.alex.median / full, (r) => r >= 30, (r) => `${r.toFixed(1)}x`],
  ['full lint 100k words within 20x of the regex floor', full / s100.ms.floor.median, (r) => r <= 20, (r) => `${r.toFixed(1)}x the floor`],
  ['keystroke p95 >= 50x faster than a full lint (100k words)', full / results.lsp[100000].editMs.p95, (r) => r >= 50, (r) => `${r.toFixed(1)}x`],
  ['server ready (initialize) < 0.5 s', results.lsp[100000].initializeMs, (v) => v < 500, (v) => `${v.toFixed(0)} ms`],
];
if (results.lsp[1000000]) targets.push(['1M-word draft: resident memory < 400 MB', results.lsp[1000000].rssMB, (v) => v < 400, (v) => `${v.toFixed(0)} MB`]);
if (results.lsp[1000000]) targets.push(['1M-word draft: hover answered during a lint < 100 ms', results.lsp[1000000].hoverDuringLintMs, (v) => v < 100, (v) => `${v.toFixed(0)} ms`]);
results.targets = targets.map(([name, v, ok, fmt]) => ({ name, value: v, shown: fmt(v), met: ok(v) }));

const f = (x) => (x === null ? 'not run' : `${x.median.toFixed(x.median < 10 ? 2 : 0)} ms`);
const lines = ['', '| Words | PolicyLint | µs/word | regex floor | write-good | alex |', '| --- | --- | --- | --- | --- | --- |'];
for (const e of Object.values(results.sizes)) lines.push(`| ${e.words} | ${f(e.ms.policylint)} | ${e.usPerWord.toFixed(2)} | ${f(e.ms.floor)} | ${f(e.ms['write-good'])} | ${f(e.ms.alex)} |`);
const l = results.lsp[100000];
lines.push('', `LSP, 100k words: initialize ${l.initializeMs.toFixed(0)} ms; didOpen to diagnostics ${l.openToDiagnosticsMs.toFixed(0)} ms; edit to diagnostics p50 ${l.editMs.p50.toFixed(1)} ms, p95 ${l.editMs.p95.toFixed(1)} ms, p99 ${l.editMs.p99.toFixed(1)} ms (${l.editMs.edits} edits); RSS ${l.rssAfterEditsMB.toFixed(0)} MB.`);
if (results.lsp[1000000]) {
  const m = results.lsp[1000000];
  lines.push(`LSP, 1M words: didOpen to diagnostics ${m.openToDiagnosticsMs.toFixed(0)} ms; hover during a lint answered in ${m.hoverDuringLintMs.toFixed(0)} ms; RSS ${m.rssMB.toFixed(0)} MB.`);
}
lines.push('', '| Target | Measured | Met |', '| --- | --- | --- |', ...results.targets.map((t) => `| ${t.name} | ${t.shown} | ${t.met ? 'yes' : 'NO'} |`));
lines.push('', `Machine: ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGB} GB, Node ${results.machine.node}.`);
console.log(lines.join('\n'));
if (!quick) writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
