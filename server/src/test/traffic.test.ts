// Generated LSP traffic (fast-check): random and malformed requests and notifications, with real
// method names and wrong parameters, unknown methods, out-of-range positions, unopened documents
// and odd ids. Every request gets an answer (a result or a proper error), the process stays up,
// and a normal document is still linted afterwards. FC_RUNS sets the number of batches.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { LspClient } from './lsp-client.js';

const RUNS = Number(process.env.FC_RUNS ?? 25);
let root: string;
let client: LspClient;
let opened: string;
let checks = 0;

const METHODS = [
  'textDocument/hover', 'textDocument/codeAction', 'textDocument/completion', 'workspace/executeCommand',
  'policylint/status', 'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave',
  'workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles', 'policylint/workspaceTrust', '$/cancelRequest',
  'textDocument/definition', 'no/such/method', 'initialize',
];
const COMMANDS = ['policylint.server.ignoreFinding', 'policylint.server.openDocumentation', 'policylint.server.insertReference', 'nope'];

const position = fc.oneof(
  fc.record({ line: fc.integer({ min: -5, max: 50 }), character: fc.integer({ min: -5, max: 200 }) }),
  fc.record({ line: fc.constant(Number.MAX_SAFE_INTEGER), character: fc.constant(2 ** 31) }),
  fc.jsonValue(),
);
const uri = fc.oneof(fc.constant(''), fc.constant('file:///never/opened.md'), fc.constant('untitled:x'), fc.webUrl(), fc.string({ maxLength: 30 }), fc.constant('__OPEN__'));
const range = fc.record({ start: position, end: position });
const params = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ textDocument: fc.record({ uri, version: fc.oneof(fc.integer(), fc.constant(null)), languageId: fc.constantFrom('markdown', 'latex', 'plaintext', 'bibtex', 'x'), text: fc.string({ maxLength: 200 }) }), position }),
  fc.record({ textDocument: fc.record({ uri }), range, context: fc.record({ diagnostics: fc.array(fc.record({ range, source: fc.constant('policylint'), code: fc.string({ maxLength: 10 }), data: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 3 }), only: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 })) }) }),
  fc.record({ command: fc.constantFrom(...COMMANDS), arguments: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }) }),
  fc.record({ textDocument: fc.record({ uri, version: fc.integer() }), contentChanges: fc.array(fc.oneof(fc.record({ text: fc.string({ maxLength: 100 }) }), fc.record({ range, text: fc.string({ maxLength: 50 }) })), { maxLength: 3 }) }),
  fc.record({ settings: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ changes: fc.array(fc.record({ uri, type: fc.integer({ min: -1, max: 4 }) }), { maxLength: 3 }) }),
);
const message = fc.record({ method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 40 })), params, request: fc.boolean() });

/** Replaces the placeholder URI with the open document's, so some traffic hits a real document. */
const withOpen = (v: unknown): unknown => (v === '__OPEN__' ? opened : Array.isArray(v) ? v.map(withOpen) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withOpen(x)])) : v);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'policylint-traffic-'));
  client = await LspClient.start({ root, settings: { debounceMs: 0 }, workspaceEdit: { documentChanges: true } });
  opened = pathToFileURL(join(root, 'open.md')).href;
  await client.open(opened, 'Mexico is our backyard.\n');
  await client.diagnostics(opened, 1);
});
after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('generated LSP traffic', () => {
  it('answers every request, stays up and keeps linting', { timeout: 600000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 8 }), async (batch) => {
        for (const m of batch) {
          const p = withOpen(m.params);
          if (m.request) {
            // A result or an LSP error both count; silence (a hang) or a dead process does not.
            const answered = await Promise.race([
              client.request(m.method, p).then(() => 'result', (e: { code?: number }) => (typeof e?.code === 'number' ? 'error' : 'error')),
              new Promise<string>((res) => setTimeout(() => res('timeout'), 10000)),
            ]);
            assert.notEqual(answered, 'timeout', `no answer to ${m.method} ${JSON.stringify(p).slice(0, 200)}`);
          } else {
            await client.conn.sendNotification(m.method, p);
          }
          assert.equal(client.proc.exitCode, null, `the server exited after ${m.method}`);
        }
        // Still serving: a fresh document gets its diagnostics.
        const fresh = pathToFileURL(join(root, `check${++checks}.md`)).href;
        await client.open(fresh, 'The U.S. should act alone in Haiti.\n');
        assert.deepEqual((await client.diagnostics(fresh, 1)).map((d) => d.code), ['act-alone']);
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });
});

describe('client restart policy', () => {
  it('restarts a dying server four times in three minutes, then stops with a clear message', () => {
    const require = createRequire(import.meta.url);
    const { restartDecider, RESTART_LIMIT_MESSAGE } = require('../../../client/out/restart.js') as {
      restartDecider: (limit: number, windowMs: number, now: () => number) => () => { restart: boolean; message?: string };
      RESTART_LIMIT_MESSAGE: string;
    };
    let t = 0;
    const decide = restartDecider(4, 180_000, () => t);
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(decide(), { restart: true });
      t += 10_000;
    }
    assert.deepEqual(decide(), { restart: false, message: RESTART_LIMIT_MESSAGE });
    assert.match(RESTART_LIMIT_MESSAGE, /stopped 5 times in 3 minutes and will not be restarted.*Restart server/);
    // Deaths spread over more than three minutes keep being restarted.
    const spread = restartDecider(4, 180_000, () => t);
    for (let i = 0; i < 10; i++) {
      assert.deepEqual(spread(), { restart: true });
      t += 60_000;
    }
  });
});
