// The citation-marker grammar in syntaxes/, run through a real TextMate engine (vscode-textmate
// with the Oniguruma regex engine VS Code uses): scopes on fixture lines, agreement with the
// engine's evidence check on a shared fixture, no highlighting inside code, and no stale file.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';
import { hasCitationMarker } from '../engine/index.js';
import { GRAMMAR_FILE, GRAMMAR_SCOPE, grammarText } from '../grammar.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

// A small stand-in for VS Code's Markdown grammar: just enough structure (fenced code, inline
// code) to check that the injection selector keeps citations out of code.
const HOST = {
  scopeName: 'text.html.markdown',
  patterns: [
    { begin: '^```', end: '^```', name: 'markup.fenced_code.block.markdown' },
    { match: '`[^`]*`', name: 'markup.inline.raw.string.markdown' },
  ],
};

let grammar: vsctm.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => {
      if (scope === 'text.html.markdown') return vsctm.parseRawGrammar(JSON.stringify(HOST), 'host.json');
      if (scope === GRAMMAR_SCOPE) return vsctm.parseRawGrammar(readFileSync(resolve(ROOT, GRAMMAR_FILE), 'utf8'), resolve(ROOT, GRAMMAR_FILE));
      return null;
    },
    getInjections: (scope: string) => (scope === 'text.html.markdown' ? [GRAMMAR_SCOPE] : undefined),
  });
  grammar = (await registry.loadGrammar('text.html.markdown'))!;
});

/** Each token of each line with its scopes, lines tokenised in order as an editor does. */
function tokenize(text: string): Array<Array<{ text: string; scopes: string[] }>> {
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}
const citationTokens = (tokens: Array<{ text: string; scopes: string[] }>) => tokens.filter((t) => t.scopes.some((s) => s.endsWith('.policylint')));

describe('citation-marker grammar', () => {
  it('is generated from the engine (run npm run gen after changing CITATION_MARKERS)', () => {
    assert.equal(readFileSync(resolve(ROOT, GRAMMAR_FILE), 'utf8'), grammarText());
  });

  it('gives each kind of marker its scope', () => {
    const lines = tokenize(readFileSync(resolve(ROOT, 'syntaxes/fixtures/citations.md'), 'utf8'));
    const marked = (i: number) => citationTokens(lines[i]).map((t) => [t.text, t.scopes.at(-1)]);
    assert.deepEqual(marked(0), [['[@unodc2023]', 'constant.other.reference.citation.pandoc.policylint']]);
    assert.deepEqual(marked(1), [['[see @ellis2022, p. 4; @dhs2024]', 'constant.other.reference.citation.pandoc.policylint']]);
    assert.deepEqual(marked(2), [['@ellis2022', 'constant.other.reference.citation.pandoc.policylint']]);
    assert.deepEqual(marked(3), [['[^1]', 'constant.other.reference.citation.footnote.policylint']]);
    assert.deepEqual(marked(4), [['[3]', 'constant.other.reference.citation.numeric.policylint']]);
    assert.deepEqual(marked(6), [['(Levitt 2016)', 'constant.other.reference.citation.author-year.policylint']]);
    assert.deepEqual(marked(7), [['(Dudley and Ortiz, 2020: 7)', 'constant.other.reference.citation.author-year.policylint']]);
    assert.deepEqual(marked(9), [['[citation needed]', 'invalid.deprecated.citation-needed.policylint']]);
    assert.deepEqual(marked(10), [['\\cite{unodc2023}', 'constant.other.reference.citation.latex.policylint']]);
    assert.deepEqual(marked(11), [['\\footcite[12]{ellis2022}', 'constant.other.reference.citation.latex.policylint']]);
    assert.deepEqual(marked(12), [], 'an e-mail address is not a citation');
    assert.deepEqual(marked(14), [], 'a bracketed word and a link are not citations');
  });

  it('agrees with the engine on every fixture line: highlighted exactly when it counts as evidence', () => {
    const text = readFileSync(resolve(ROOT, 'syntaxes/fixtures/citations.md'), 'utf8');
    const lines = text.split('\n');
    tokenize(text).forEach((tokens, i) => {
      assert.equal(citationTokens(tokens).length > 0, hasCitationMarker(lines[i]), `line ${i + 1}: ${lines[i]}`);
    });
  });

  it('does not highlight inside fenced or inline code', () => {
    const lines = tokenize('Before [@a].\n```\nx = [@b]\n```\nInline `[@c]` and [@d].');
    assert.equal(citationTokens(lines[0]).length, 1);
    assert.equal(citationTokens(lines[2]).length, 0);
    assert.deepEqual(citationTokens(lines[4]).map((t) => t.text), ['[@d]']);
  });
});
