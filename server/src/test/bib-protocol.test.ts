// Bibliography features over real JSON-RPC: discovery (front matter, LaTeX, setting, workspace,
// CSL-JSON), completion, hover on keys, unknown-citation and its fix, a malformed .bib, the
// claim quick fixes in Markdown, LaTeX and plain text, and "Insert reference for this finding".
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionList, Diagnostic, Hover, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { inWorkspace, LspClient } from './lsp-client.js';
import { applyTextEdits } from './helpers.js';
import { BIB, CSL } from './bib-fixtures.js';

const CLAIM = 'The region faces security threats, such as transnational crime, drug trafficking, and terrorism, which directly impact U.S. interests.';

let root: string;
let client: LspClient;
let n = 0;
const uriOf = (rel: string) => pathToFileURL(join(root, rel)).href;

function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  if (edit.changes?.[uri]) return edit.changes[uri];
  const out: TextEdit[] = [];
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c && c.textDocument.uri === uri) {
      for (const e of c.edits) out.push('snippet' in e ? { range: e.range, newText: (e as unknown as { snippet: { value: string } }).snippet.value } : (e as TextEdit));
    }
  }
  return out;
}

async function openDoc(rel: string, text: string, languageId: string): Promise<{ uri: string; diags: Diagnostic[] }> {
  const uri = uriOf(rel);
  await client.open(uri, text, languageId);
  return { uri, diags: await client.diagnostics(uri, 1) };
}

const actions = (uri: string, d: Diagnostic) => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
const claimOf = (diags: Diagnostic[]) => diags.find((d) => d.code === 'unsourced-threat')!;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'policylint-bib-lsp-'));
  mkdirSync(join(root, 'md'));
  mkdirSync(join(root, 'tex'));
  mkdirSync(join(root, 'refs'));
  writeFileSync(join(root, 'md', 'refs.bib'), BIB);
  writeFileSync(join(root, 'tex', 'sources.bib'), BIB.replace('@book{broken,\n  title = {An entry whose brace never closes,\n  year = {2020}\n', ''));
  writeFileSync(join(root, 'refs', 'library.json'), CSL);
  client = await LspClient.start({ root, settings: { debounceMs: 0 }, workspaceEdit: { documentChanges: true, snippetEditSupport: true, resourceOperations: ['create'] } });
});
after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('bibliographies over LSP', () => {
  it('announces completion with @, { and , as trigger characters', () => {
    const caps = client.capabilities as Record<string, any>;
    assert.deepEqual(caps.completionProvider.triggerCharacters, ['@', '{', ',']);
    assert.ok(caps.executeCommandProvider.commands.includes('policylint.server.insertReference'));
  });

  it('completes keys after [@ and @ in Markdown from the front-matter bibliography, with author, year and title', async () => {
    const text = `---\nbibliography: refs.bib\n---\n\nCocaine routes doubled [@\n\nAs @ell\n`;
    const { uri } = await openDoc(`md/complete${++n}.md`, text, 'markdown');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 25 } });
    const labels = list.items.map((i) => i.label).sort();
    // Keys from the front matter's file and from the workspace's CSL-JSON library.
    assert.deepEqual(labels, ['dhs2024', 'ellis2022', 'oas2021', 'unodc2023', 'worldbank2023']);
    const ellis = list.items.find((i) => i.label === 'ellis2022')!;
    assert.equal(ellis.detail, 'Ellis and Ortiz 2022: Chinese Engagement in Latin America and Hemispheric Security');
    assert.deepEqual(ellis.textEdit, { range: { start: { line: 4, character: 25 }, end: { line: 4, character: 25 } }, newText: 'ellis2022' });
    const partial = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 7 } });
    assert.deepEqual(partial.items.map((i) => i.label), ['ellis2022']);
    assert.deepEqual((partial.items[0].textEdit as TextEdit).range, { start: { line: 6, character: 4 }, end: { line: 6, character: 7 } });
    // Not after an e-mail address or in the middle of a word.
    const none = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 10 } });
    assert.equal(none, null);
  });

  it('completes keys inside \\cite{ and after a comma in LaTeX, from \\addbibresource', async () => {
    const text = '\\addbibresource{sources.bib}\nTrafficking grew \\cite{unodc2023, \n';
    const { uri } = await openDoc(`tex/complete${++n}.tex`, text, 'latex');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 34 } });
    assert.ok(list.items.some((i) => i.label === 'dhs2024'));
    assert.ok(list.items.every((i) => (i.textEdit as TextEdit).range.start.character === 34));
  });

  it('shows the formatted reference when hovering a key', async () => {
    const text = `---\nbibliography: refs.bib\n---\n\nAs @ellis2022 shows, ties deepen.\n`;
    const { uri } = await openDoc(`md/hover${++n}.md`, text, 'markdown');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 6 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*ellis2022\*\* — Ellis, Ortiz \(2022\)\. \*Chinese Engagement in Latin America and Hemispheric Security\*\. Military Review\./);
    assert.match(value, /refs\.bib, line 10/);
    assert.deepEqual(hover.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } });
  });

  it('flags a key that is in no bibliography and offers the closest key', async () => {
    const text = `---\nbibliography: refs.bib\n---\n\nCocaine routes doubled [@unodc2032].\n`;
    const { uri, diags } = await openDoc(`md/unknown${++n}.md`, text, 'markdown');
    const d = diags.find((x) => x.code === 'unknown-citation')!;
    assert.ok(d, 'unknown-citation is published');
    assert.deepEqual(d.range, { start: { line: 4, character: 25 }, end: { line: 4, character: 34 } });
    assert.match(d.message as string, /Citation key 'unodc2032' is not in the bibliography \(refs\.bib, library\.json, sources\.bib\): did you mean 'unodc2023'\?/);
    const fix = (await actions(uri, d)).find((a) => a.title === "Change to 'unodc2023'")!;
    assert.equal(applyTextEdits(text, editsFor(fix.edit!, uri)), text.replace('unodc2032', 'unodc2023'));
  });

  it('puts the errors of a malformed .bib on that file and still uses its other entries', async () => {
    const bibUri = pathToFileURL(join(root, 'md', 'refs.bib')).href;
    const text = `---\nbibliography: refs.bib\n---\n\nAs @dhs2024 notes.\n`;
    const { diags } = await openDoc(`md/malformed${++n}.md`, text, 'markdown');
    assert.equal(diags.filter((d) => d.code === 'unknown-citation').length, 0, 'dhs2024 after the broken entry is still known');
    const onBib = await client.until(() => client.published.filter((p) => p.uri === bibUri).at(-1)?.diagnostics, 'diagnostics on refs.bib');
    assert.equal(onBib.length, 1);
    assert.equal(onBib[0].range.start.line, 16);
    assert.match(onBib[0].message as string, /BibTeX error in entry 'broken'.*\(the other entries are still used\)/);
  });

  it('counts an entry typed into an open .bib file before it is saved', async () => {
    await inWorkspace('policylint-openbib-', { 'r.bib': '@misc{a2020, title={A}, year={2020}}\n' }, { settings: { debounceMs: 0 } }, async (own, dir) => {
      const doc = pathToFileURL(join(dir, 'd.md')).href;
      const bib = pathToFileURL(join(dir, 'r.bib')).href;
      await own.open(doc, 'See [@b2021].\n');
      assert.deepEqual((await own.diagnostics(doc, 1)).map((d) => d.code), ['unknown-citation']);
      // VS Code gives a .bib file no language of its own: it arrives as plain text, and is not linted as prose.
      await own.open(bib, '@misc{a2020, title={A}, year={2020}}\n', 'plaintext');
      await own.change(bib, 2, [{ text: '@misc{a2020, title={A}, year={2020}}\n@misc{b2021, title={B}, year={2021}}\n' }]);
      await own.until(() => (own.published.filter((p) => p.uri === doc).at(-1)!.diagnostics.length === 0 ? true : undefined), 'the key to resolve');
      assert.equal(own.published.filter((p) => p.uri === bib && p.diagnostics.length > 0).length, 0);
    });
  });

  it('finds bibliographies from the policylint.bibliography setting (a glob)', async () => {
    const other = await LspClient.start({ settings: { debounceMs: 0, bibliography: [join(root, 'refs', '*.json')] } });
    try {
      const uri = pathToFileURL(join(root, 'elsewhere.md')).href;
      await other.open(uri, 'Homicide rates fell [@worldbank2032].\n');
      const diags = await other.diagnostics(uri, 1);
      assert.match(diags.find((d) => d.code === "unknown-citation")!.message as string, /did you mean 'worldbank2023'/);
    } finally {
      await other.stop();
    }
  });

  it('offers Cite fixes ranked by the claim, in Markdown syntax, and the claim goes away', async () => {
    const text = `---\nbibliography: refs.bib\n---\n\n${CLAIM}\n`;
    const { uri, diags } = await openDoc(`md/cite${++n}.md`, text, 'markdown');
    const list = await actions(uri, claimOf(diags));
    const titles = list.map((a) => a.title);
    assert.equal(titles[0], 'Cite United Nations Office on Drugs and Crime 2023: Global Report on Cocaine: Trafficking Routes and Transnatio…');
    const fixed = applyTextEdits(text, editsFor(list[0].edit!, uri));
    assert.equal(fixed, text.replace('U.S. interests.', 'U.S. interests [@unodc2023].'));
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.diagnostics(uri, 2);
    assert.equal(after.filter((d) => d.code === 'unsourced-threat').length, 0);
  });

  it('cites with \\cite{} in LaTeX and with a numbered note in plain text', async () => {
    const tex = `\\bibliography{sources}\n${CLAIM}\n`;
    const t = await openDoc(`tex/cite${++n}.tex`, tex, 'latex');
    const texFix = (await actions(t.uri, claimOf(t.diags))).find((a) => a.title.startsWith('Cite '))!;
    assert.equal(applyTextEdits(tex, editsFor(texFix.edit!, t.uri)), tex.replace('U.S. interests.', 'U.S. interests~\\cite{unodc2023}.'));

    const txt = `Notes on the region.\n\n${CLAIM}\n`;
    const p = await openDoc(`refs/cite${++n}.txt`, txt, 'plaintext');
    const txtFix = (await actions(p.uri, claimOf(p.diags))).find((a) => a.title.startsWith('Cite '))!;
    assert.match(txtFix.title, /\(note \[1\]\)$/);
    const out = applyTextEdits(txt, editsFor(txtFix.edit!, p.uri));
    assert.ok(out.includes('U.S. interests [1].'));
    assert.equal(out, txt.replace('U.S. interests.', 'U.S. interests [1].') + '\n[1] United Nations Office on Drugs and Crime (2023). Global Report on Cocaine: Trafficking Routes and Transnational Crime in the Americas. UNODC.\n');
  });

  it('adds [citation needed] and hedges the same way in LaTeX and plain text, and flags unknown \\cite keys', async () => {
    for (const [rel, languageId, text] of [
      [`tex/fixes${++n}.tex`, 'latex', `\\bibliography{sources}\n${CLAIM} See \\cite{elis2022}.\n`],
      [`fixes${++n}.txt`, 'plaintext', `${CLAIM}\n`],
    ] as const) {
      const { uri, diags } = await openDoc(rel, text, languageId);
      const list = await actions(uri, claimOf(diags));
      const needed = list.find((a) => a.title === 'Add citation needed marker')!;
      assert.equal(applyTextEdits(text, editsFor(needed.edit!, uri)), text.replace('interests.', 'interests [citation needed].'));
      const hedge = list.find((a) => a.title.startsWith('Hedge'))!;
      assert.equal(applyTextEdits(text, editsFor(hedge.edit!, uri)), text.replace('faces', 'may face'));
      if (languageId === 'latex') {
        const unknown = diags.find((d) => d.code === 'unknown-citation')!;
        assert.equal(unknown.range.start.line, 1);
        assert.equal(text.split('\n')[1].slice(unknown.range.start.character, unknown.range.end.character), 'elis2022');
        const fix = (await actions(uri, unknown)).find((a) => a.title === "Change to 'ellis2022'")!;
        assert.ok(applyTextEdits(text, editsFor(fix.edit!, uri)).includes('\\cite{ellis2022}'));
      }
    }
  });

  it('hedges the main verb and attributes with a snippet placeholder', async () => {
    const text = `${CLAIM}\n`;
    const { uri, diags } = await openDoc(`plain${++n}.md`, text, 'markdown');
    const list = await actions(uri, claimOf(diags));
    const hedge = list.find((a) => a.title.startsWith('Hedge'))!;
    assert.equal(hedge.title, "Hedge: 'faces' -> 'may face'");
    assert.equal(applyTextEdits(text, editsFor(hedge.edit!, uri)), text.replace('faces', 'may face'));
    const attribute = list.find((a) => a.title.startsWith('Attribute'))!;
    const change = attribute.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal((change.edits[0] as unknown as { snippet: { value: string } }).snippet.value, 'According to ${1:source}, the');
    assert.equal(applyTextEdits(text, editsFor(attribute.edit!, uri)), text.replace('The region', 'According to ${1:source}, the region'));
    const needed = list.find((a) => a.title === 'Add citation needed marker')!;
    assert.equal(applyTextEdits(text, editsFor(needed.edit!, uri)), text.replace('interests.', 'interests [citation needed].'));
  });

  it('inserts the essay a finding rests on into the BibTeX bibliography and cites it', async () => {
    const text = `---\nbibliography: refs.bib\n---\n\nMexico is our backyard.\n`;
    const { uri, diags } = await openDoc(`md/insert${++n}.md`, text, 'markdown');
    const d = diags.find((x) => x.code === 'backyard')!;
    const action = (await actions(uri, d)).find((a) => a.title.startsWith('Insert reference'))!;
    assert.equal(action.title, 'Insert reference to Hajiyeva 2017 for this finding');
    const before = client.appliedEdits.length;
    await client.request('workspace/executeCommand', action.command);
    const applied = client.appliedEdits[before].edit;
    const bibUri = pathToFileURL(join(root, 'md', 'refs.bib')).href;
    assert.equal(applyTextEdits(text, editsFor(applied, uri)), text.replace('our backyard.', 'our backyard [@hajiyeva2017].'));
    const bibAfter = applyTextEdits(BIB, editsFor(applied, bibUri));
    assert.ok(bibAfter.startsWith(BIB));
    assert.match(bibAfter.slice(BIB.length), /^\n@misc\{hajiyeva2017,\n  author = \{Hajiyeva, Nargiz\},\n  title = \{\{How can the U\.S\. improve its foreign policy toward Latin America\? An American backyard or A Real Partner\?\}\},\n  howpublished = \{Analytics\},\n  year = \{2017\},\n  date = \{2017-11-23\},\n\}\n$/);
  });

  it('adds a CSL-JSON item when the bibliography is CSL-JSON, keeping the file valid JSON', async () => {
    await inWorkspace('policylint-csl-', { 'library.json': CSL }, { settings: { debounceMs: 0 }, workspaceEdit: { documentChanges: true } }, async (own, dir) => {
      const uri = pathToFileURL(join(dir, 'draft.md')).href;
      const text = `---\nbibliography: library.json\n---\n\nMexico is our backyard.\n`;
      await own.open(uri, text);
      const d = (await own.diagnostics(uri, 1)).find((x) => x.code === 'backyard')!;
      const action = (await own.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })).find((a) => a.title.startsWith('Insert reference'))!;
      await own.request('workspace/executeCommand', action.command);
      const applied = own.appliedEdits[0].edit;
      const items = JSON.parse(applyTextEdits(CSL, editsFor(applied, pathToFileURL(join(dir, 'library.json')).href))) as Array<{ id: string; title: string; author: unknown; issued: unknown }>;
      assert.equal(items.length, 3);
      assert.deepEqual(items.slice(0, 2), JSON.parse(CSL));
      assert.equal(items[2].id, 'hajiyeva2017');
      assert.deepEqual(items[2].author, [{ family: 'Hajiyeva', given: 'Nargiz' }]);
      assert.deepEqual(items[2].issued, { 'date-parts': [[2017, 11, 23]] });
      assert.equal(applyTextEdits(text, editsFor(applied, uri)), text.replace('backyard.', 'backyard [@hajiyeva2017].'));
      // The key is known at once, before the editor has saved the bibliography.
      await own.change(uri, 2, [{ text: applyTextEdits(text, editsFor(applied, uri)) }]);
      assert.equal((await own.diagnostics(uri, 2)).filter((x) => x.code === 'unknown-citation').length, 0);
    });
  });

  it('creates references.bib and names it in the front matter when a draft has no bibliography', async () => {
    // The draft's folder is not a workspace folder.
    await inWorkspace('policylint-nobib-', {}, { folderAsRoot: false, settings: { debounceMs: 0 }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } }, async (lone, dir) => {
      const uri = pathToFileURL(join(dir, 'draft.md')).href;
      const text = 'Mexico is our backyard.\n';
      await lone.open(uri, text);
      const d = (await lone.diagnostics(uri, 1)).find((x) => x.code === 'backyard')!;
      const action = (await lone.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })).find((a) => a.title.startsWith('Insert reference'))!;
      await lone.request('workspace/executeCommand', action.command);
      const applied = lone.appliedEdits[0].edit;
      const create = applied.documentChanges!.find((c) => 'kind' in c && c.kind === 'create') as { uri: string };
      assert.equal(create.uri, pathToFileURL(join(dir, 'references.bib')).href);
      assert.match(applyTextEdits('', editsFor(applied, create.uri)), /^@misc\{hajiyeva2017,/);
      assert.equal(applyTextEdits(text, editsFor(applied, uri)), '---\nbibliography: references.bib\n---\n\nMexico is our backyard [@hajiyeva2017].\n');
    });
  });
});
