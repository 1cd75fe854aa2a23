// The language server over real JSON-RPC: a child process, driven as an editor drives it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, WorkspaceEdit } from 'vscode-languageserver';
import { inWorkspace, LspClient } from './lsp-client.js';
import { applyTextEdits } from './helpers.js';

let root: string;
let client: LspClient;
let n = 0;
const uriFor = (name: string) => pathToFileURL(join(root, name)).href;
const fresh = (ext = 'md') => uriFor(`doc${++n}.${ext}`);

/** Applies the edits of a WorkspaceEdit for one document. */
const apply = (text: string, edit: WorkspaceEdit, uri: string): string => applyTextEdits(text, edit.changes?.[uri] ?? []);

async function actionsAt(uri: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only } });
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'policylint-lsp-'));
  client = await LspClient.start({ root, settings: { debounceMs: 0 } });
});
after(async () => {
  const code = await client.stop();
  assert.equal(code, 0, 'the server exits cleanly after shutdown and exit');
  rmSync(root, { recursive: true, force: true });
});

describe('language server protocol', () => {
  it('announces incremental sync, hover, code actions and commands', () => {
    const caps = client.capabilities as Record<string, any>;
    assert.equal(caps.textDocumentSync.change, 2);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.policylint']);
  });

  it('publishes exact diagnostics on open', async () => {
    const uri = fresh();
    await client.open(uri, '# Notes\n\nMexico is our backyard.\n');
    const diags = await client.diagnostics(uri, 1);
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.deepEqual(d.range, { start: { line: 2, character: 14 }, end: { line: 2, character: 22 } });
    assert.equal(d.source, 'policylint');
    assert.equal(d.code, 'backyard');
    assert.equal(d.severity, 2);
    assert.equal(d.message, "'backyard' frames Latin America as a U.S. possession");
    assert.equal(d.codeDescription?.href, 'https://github.com/policylint/policylint/blob/v0.1.0/rules/hegemonic-framing/backyard.yml');
  });

  it('re-lints after incremental edits and shifts ranges', async () => {
    const uri = fresh();
    await client.open(uri, 'Mexico is our backyard.\n');
    await client.diagnostics(uri, 1);
    // Insert a line before: the finding moves down one line.
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Intro.\n\n' }]);
    const v2 = await client.diagnostics(uri, 2);
    assert.deepEqual(v2.map((d) => d.range.start), [{ line: 2, character: 14 }]);
    // Replace "backyard" with "partner": the finding goes away.
    await client.change(uri, 3, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 22 } }, text: 'partner' }]);
    assert.deepEqual(await client.diagnostics(uri, 3), []);
  });

  it('shows a hover with the explanation, the better wording and the quoted source', async () => {
    const uri = fresh();
    await client.open(uri, 'Mexico is our backyard.\n');
    await client.diagnostics(uri, 1);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 17 } });
    const value = (hover.contents as { kind: string; value: string }).value as string;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(String(value), /^\*\*PolicyLint: 'backyard' frames Latin America as a U\.S\. possession\*\*/);
    assert.match(value, /\*\*Better:\*\* "partner" or "neighbor"/);
    assert.match(value, /> Latin America as a real partner instead of a backyard\.\n\n— Hajiyeva, Nargiz \(2017\)\. How can the U\.S\. improve its foreign policy toward Latin America\? An American backyard or A Real Partner\? Analytics, 2017-11-23\. \(proposal 1\)/);
    assert.doesNotMatch(value, /ruleId|hegemonic-framing|\{"/);
    const none = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.equal(none, null);
  });

  it('offers rewrites that carry capitalisation, and applying one removes the finding', async () => {
    const uri = fresh();
    const text = 'Backyard politics aside, Mexico matters.\n';
    await client.open(uri, text);
    const [d] = await client.diagnostics(uri, 1);
    const actions = await actionsAt(uri, d);
    assert.deepEqual(actions.map((a) => a.title), [
      "Rewrite as 'Partner' (Hajiyeva 2017, proposal 1)",
      "Rewrite as 'Neighbor' (Hajiyeva 2017, proposal 1)",
      'Ignore this finding (backyard)',
      'Disable backyard for this line',
      'Disable backyard for this file',
      'Insert reference to Hajiyeva 2017 for this finding',
      'Show documentation for backyard',
    ]);
    assert.equal(actions[0].isPreferred, false, 'two rewrites: neither is the single safe choice');
    const fixed = apply(text, actions[0].edit!, uri);
    assert.equal(fixed, 'Partner politics aside, Mexico matters.\n');
    await client.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual(await client.diagnostics(uri, 2), []);
  });

  it('marks a single safe rewrite as preferred', async () => {
    const uri = fresh();
    await client.open(uri, 'The United States should act alone in Haiti.\n');
    const [d] = await client.diagnostics(uri, 1);
    const [first] = await actionsAt(uri, d);
    assert.equal(first.title, "Rewrite as 'act with regional partners' (Hajiyeva 2017, proposal 2)");
    assert.equal(first.isPreferred, true);
  });

  it('disables a rule for a line with an inline comment in the document syntax', async () => {
    const uri = fresh();
    const text = 'Mexico is our backyard.\n\nPeru is our backyard.\n';
    await client.open(uri, text);
    const diags = await client.diagnostics(uri, 1);
    const disable = (await actionsAt(uri, diags[0])).find((a) => a.title === 'Disable backyard for this line')!;
    const fixed = apply(text, disable.edit!, uri);
    assert.equal(fixed, 'Mexico is our backyard. <!-- policylint-disable-line backyard -->\n\nPeru is our backyard.\n');
    await client.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual((await client.diagnostics(uri, 2)).map((d) => d.range.start.line), [2]);
  });

  it('disables a rule for the file after Markdown front matter, and with % in LaTeX', async () => {
    const uri = fresh();
    const text = '---\ntitle: x\n---\n\nMexico is our backyard.\n';
    await client.open(uri, text);
    const [d] = await client.diagnostics(uri, 1);
    const disable = (await actionsAt(uri, d)).find((a) => a.title === 'Disable backyard for this file')!;
    const fixed = apply(text, disable.edit!, uri);
    assert.equal(fixed, '---\ntitle: x\n---\n<!-- policylint-disable backyard -->\n\n\nMexico is our backyard.\n');
    await client.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual(await client.diagnostics(uri, 2), []);

    const tex = fresh('tex');
    const src = 'Mexico is our backyard.\n';
    await client.open(tex, src, 'latex');
    const [t] = await client.diagnostics(tex, 1);
    const line = (await actionsAt(tex, t)).find((a) => a.title === 'Disable backyard for this line')!;
    assert.equal(apply(src, line.edit!, tex), 'Mexico is our backyard. % policylint-disable-line backyard\n');
  });

  it('offers citation-needed, hedge and attribution fixes for an unsupported claim', async () => {
    const uri = fresh();
    const text = 'The region faces security threats, such as terrorism, which directly impact U.S. interests.\n';
    await client.open(uri, text);
    const [d] = await client.diagnostics(uri, 1);
    assert.equal(d.code, 'unsourced-threat');
    const actions = await actionsAt(uri, d);
    assert.equal(actions[0].title, 'Add citation needed marker');
    assert.equal(apply(text, actions[0].edit!, uri), 'The region faces security threats, such as terrorism, which directly impact U.S. interests [citation needed].\n');
    assert.equal(actions[1].title, "Hedge: 'faces' -> 'may face'");
    // This client takes no snippet edits: the attribution gets a visible placeholder.
    assert.equal(actions[2].title, "Attribute: 'According to ..., ' (name the source)");
    assert.equal(apply(text, actions[2].edit!, uri), `According to [source], the${text.slice(3)}`);
    const hedged = apply(text, actions[1].edit!, uri);
    assert.equal(hedged, 'The region may face security threats, such as terrorism, which directly impact U.S. interests.\n');
    await client.change(uri, 2, [{ text: hedged }]);
    assert.deepEqual(await client.diagnostics(uri, 2), []);
  });

  it('fixes all findings of a rule, and source.fixAll applies only unambiguous rewrites', async () => {
    const uri = fresh();
    const text = 'The U.S. should act alone in Haiti. Washington may act alone in Cuba. Mexico is our backyard.\n';
    await client.open(uri, text);
    const diags = await client.diagnostics(uri, 1);
    const all = (await actionsAt(uri, diags[0])).find((a) => a.title === 'Fix all act-alone findings in this document')!;
    assert.equal(apply(text, all.edit!, uri), 'The U.S. should act with regional partners in Haiti. Washington may act with regional partners in Cuba. Mexico is our backyard.\n');
    const [fixAll] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(fixAll.kind, 'source.fixAll.policylint');
    // backyard has two rewrites, so it is left for the writer to choose.
    assert.equal(apply(text, fixAll.edit!, uri), 'The U.S. should act with regional partners in Haiti. Washington may act with regional partners in Cuba. Mexico is our backyard.\n');
  });

  it('remembers an ignored finding in the workspace and stops reporting it', async () => {
    const uri = uriFor('ignored.md');
    await client.open(uri, 'Mexico is our backyard.\n\nThe U.S. should act alone in Haiti.\n');
    const diags = await client.diagnostics(uri, 1);
    const ignore = (await actionsAt(uri, diags[0])).find((a) => a.title === 'Ignore this finding (backyard)')!;
    const before = client.published.length;
    await client.request('workspace/executeCommand', { command: ignore.command!.command, arguments: ignore.command!.arguments });
    const after = await client.until(() => client.published.slice(before).find((p) => p.uri === uri), 'republished diagnostics');
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['act-alone']);
    const store = JSON.parse(readFileSync(join(root, '.vscode/policylint-ignore.json'), 'utf8'));
    assert.deepEqual(store.ignored, [{ file: 'ignored.md', ruleId: 'backyard', text: 'backyard' }]);
  });

  it('opens rule documentation through window/showDocument', async () => {
    await client.request('workspace/executeCommand', { command: 'policylint.server.openDocumentation', arguments: ['https://github.com/policylint/policylint/blob/v0.1.0/rules/hegemonic-framing/backyard.yml'] });
    assert.deepEqual(client.shownDocuments, ['https://github.com/policylint/policylint/blob/v0.1.0/rules/hegemonic-framing/backyard.yml']);
  });

  it('applies configuration changes without a restart', async () => {
    const uri = fresh();
    await client.open(uri, 'Mexico is our backyard. The U.S. should act alone in Haiti.\n');
    assert.equal((await client.diagnostics(uri, 1)).length, 2);
    client.settings = { debounceMs: 0, rules: { backyard: 'off' }, categories: { 'unilateral-phrasing': true } };
    const before = client.published.length;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const p = await client.until(() => client.published.slice(before).find((x) => x.uri === uri), 'diagnostics after the settings change');
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['act-alone']);
    client.settings = { debounceMs: 0, rules: { backyard: 'error' } };
    const before2 = client.published.length;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const p2 = await client.until(() => client.published.slice(before2).find((x) => x.uri === uri), 'diagnostics after the second change');
    assert.deepEqual(p2.diagnostics.map((d) => [d.code, d.severity]), [['backyard', 1], ['act-alone', 2]]);
    client.settings = { debounceMs: 0 };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('skips a file over maxFileSize with one information diagnostic', async () => {
    client.settings = { debounceMs: 0, maxFileSize: 1000 };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = fresh();
    await client.open(uri, 'Mexico is our backyard. '.repeat(100));
    const diags = await client.diagnostics(uri, 1);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].severity, 3);
    assert.match(String(diags[0].message), /^PolicyLint skipped this file: 0\.0 MB is over policylint\.maxFileSize \(0\.0 MB\)\.$/);
    client.settings = { debounceMs: 0 };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('reports a bad setting clearly and keeps serving', async () => {
    client.settings = { debounceMs: 0, run: 'sometimes', colour: 'red' };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = fresh();
    await client.open(uri, 'Mexico is our backyard.\n');
    assert.equal((await client.diagnostics(uri, 1)).length, 1);
    const texts = client.messages.map((m) => m.message);
    assert.ok(texts.includes('PolicyLint: unknown setting policylint.colour (ignored)'), texts.join('\n'));
    assert.ok(texts.includes('PolicyLint: policylint.run must be "onType" or "onSave"; using "onType"'), texts.join('\n'));
    client.settings = { debounceMs: 0 };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('answers requests about unknown documents and unknown commands without dying', async () => {
    const hover = await client.request('textDocument/hover', { textDocument: { uri: uriFor('never-opened.md') }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'policylint.nope', arguments: [] }), /unknown command policylint\.nope/);
    await assert.rejects(client.request('policylint/nonsense', {}), /Unhandled method/);
    const uri = fresh();
    await client.open(uri, 'Mexico is our backyard.\n');
    assert.equal((await client.diagnostics(uri, 1)).length, 1);
  });

  it('lints LaTeX and plain text documents', async () => {
    const tex = fresh('tex');
    await client.open(tex, '\\section{Intro}\nThe U.S. should act alone in Haiti. % Mexico is our backyard\n', 'latex');
    assert.deepEqual((await client.diagnostics(tex, 1)).map((d) => [d.code, d.range.start]), [['act-alone', { line: 1, character: 16 }]]);
    const txt = fresh('txt');
    await client.open(txt, 'café 😀 — Mexico is our backyard.\r\n', 'plaintext');
    assert.deepEqual((await client.diagnostics(txt, 1)).map((d) => d.range), [{ start: { line: 0, character: 24 }, end: { line: 0, character: 32 } }]);
  });
});

describe('workspace trust and project config', () => {
  it('ignores project config until the workspace is trusted, then re-lints', async () => {
    const exit = await inWorkspace('policylint-trust-', { '.policylintrc.yaml': 'rules:\n  backyard: error\n' }, { settings: { debounceMs: 0 }, trusted: false }, async (c, ws) => {
      const uri = pathToFileURL(join(ws, 'a.md')).href;
      await c.open(uri, 'Mexico is our backyard.\n');
      assert.deepEqual((await c.diagnostics(uri, 1)).map((d) => d.severity), [2]);
      const before = c.published.length;
      await c.conn.sendNotification('policylint/workspaceTrust', { trusted: true });
      const p = await c.until(() => c.published.slice(before).find((x) => x.uri === uri), 're-lint after trust');
      assert.deepEqual(p.diagnostics.map((d) => d.severity), [1]);
    });
    assert.equal(exit, 0);
  });

  it('puts a broken config file error on the config file and keeps linting', async () => {
    await inWorkspace('policylint-badcfg-', { '.policylintrc.yaml': 'rules:\n  backyard: loud\n' }, { settings: { debounceMs: 0 } }, async (c, ws) => {
      mkdirSync(join(ws, 'docs'));
      const uri = pathToFileURL(join(ws, 'docs/a.md')).href;
      await c.open(uri, 'Mexico is our backyard.\n');
      assert.equal((await c.diagnostics(uri, 1)).length, 1);
      const cfg = pathToFileURL(join(ws, '.policylintrc.yaml')).href;
      const onCfg = await c.until(() => c.published.find((p) => p.uri === cfg), 'diagnostics on the config file');
      assert.equal(onCfg.diagnostics[0].range.start.line, 1);
      assert.match(String(onCfg.diagnostics[0].message), /`rules\.backyard` must be one of/);
      assert.ok(existsSync(join(ws, '.policylintrc.yaml')));
    });
  });

  it('works for clients without workspace/configuration (settings from didChangeConfiguration)', async () => {
    const c = await LspClient.start({ settings: { debounceMs: 0, rules: { backyard: 'hint' } }, configuration: false });
    try {
      const uri = 'untitled:Untitled-1';
      await c.open(uri, 'Mexico is our backyard.\n');
      assert.deepEqual((await c.diagnostics(uri, 1)).map((d) => d.severity), [4]);
    } finally {
      await c.stop();
    }
  });
});
