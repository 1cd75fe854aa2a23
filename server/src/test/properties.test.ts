// Properties over generated input (fast-check, fixed seeds; FC_RUNS=<n> for a larger run:
// `npm run test:fuzz`). Incremental equals fresh; positions are valid UTF-16 offsets inside the
// document; fixes change only their range, keep the Markdown structure and remove the finding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { lint, LineIndex, LintCache, type Finding, type Language } from '../engine/index.js';
import { codeActions } from '../lsp/actions.js';
import { toDiagnostic } from '../lsp/convert.js';
import { applyEdit, applyTextEdits, rules } from './helpers.js';

const rs = rules();
const RUNS = Number(process.env.FC_RUNS ?? 60);
const SEED = Number(process.env.FC_SEED ?? 20261122);
const opts = (runs = RUNS) => ({ numRuns: runs, seed: SEED, endOnFailure: true });

const examples = rs.rules.flatMap((r) => [...r.examples.flag.map((e) => e.text), ...r.examples.pass]);
const sentence = fc.constantFrom(...examples);
const odd = fc.constantFrom('😀', 'é', 'e\u0301', '\r\n', '\r', '\n', '\n\n', ' ', '**', '_', '`', '> ', '- ', '1. ', '# ', '[^1]', '[@key]', '"', '’', '\u200f', 'مرحبا', '\ud800', '\udc00', '\t');
const markdownish = fc.array(fc.oneof({ weight: 3, arbitrary: sentence }, { weight: 2, arbitrary: odd }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 30 }).map((xs) => xs.join(''));

const edit = (len: number) =>
  fc.record({
    at: fc.nat({ max: Math.max(0, len) }),
    del: fc.nat({ max: 40 }),
    text: fc.oneof(sentence, odd, fc.string({ maxLength: 8 }), fc.constant('')),
  });

function applyRandom(text: string, e: { at: number; del: number; text: string }): string {
  const at = Math.min(e.at, text.length);
  return text.slice(0, at) + e.text + text.slice(Math.min(text.length, at + e.del));
}

const strip = (fs: Finding[]) => fs.map((f) => [f.ruleId, f.start, f.end, f.message, f.suggestions.map((s) => s.edit)]);

describe('properties', () => {
  for (const language of ['markdown', 'plaintext', 'latex'] as Language[]) {
    it(`incremental lint equals a fresh lint after any edits (${language})`, () => {
      fc.assert(
        fc.property(markdownish, fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 40 }), text: fc.oneof(sentence, odd, fc.string({ maxLength: 8 })) }), { maxLength: 8 }), (start, edits) => {
          const cache = new LintCache();
          let text = start;
          lint(text, language, rs, undefined, cache);
          for (const e of edits) {
            text = applyRandom(text, { ...e, at: e.at % (text.length + 1) });
            const incremental = lint(text, language, rs, undefined, cache);
            assert.deepEqual(strip(incremental.findings), strip(lint(text, language, rs).findings));
          }
        }),
        opts(Math.ceil(RUNS / 2)),
      );
    });
  }

  it('every range lies inside the document and on UTF-16 boundaries', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ unit: 'binary', maxLength: 200 })), fc.constantFrom<Language>('markdown', 'plaintext', 'latex'), (text, language) => {
        for (const f of lint(text, language, rs).findings) {
          for (const [a, b] of [[f.start, f.end], ...f.suggestions.map((s) => [s.edit.start, s.edit.end])]) {
            assert.ok(a >= 0 && a <= b && b <= text.length, `range ${a}-${b} outside 0-${text.length}`);
            for (const o of [a, b]) {
              const before = text.charCodeAt(o - 1);
              const after = text.charCodeAt(o);
              assert.ok(!(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff), `offset ${o} splits a surrogate pair`);
            }
          }
        }
      }),
      opts(),
    );
  });

  it('a fix changes only its range, keeps the Markdown structure, and removes its finding', () => {
    const wrap = fc.constantFrom((s: string) => s, (s: string) => `- ${s}`, (s: string) => `> ${s}`, (s: string) => `## ${s}`, (s: string) => `*${s}*`, (s: string) => `1. ${s}`);
    const doc = fc.array(fc.tuple(sentence, wrap), { minLength: 1, maxLength: 6 }).map((xs) => xs.map(([s, w]) => w(s)).join('\n\n') + '\n');
    const shape = (md: string) => {
      const out: string[] = [];
      const walk = (n: { type: string; children?: unknown[] }, depth: number) => {
        if (n.type !== 'text' && n.type !== 'emphasis' && n.type !== 'strong') out.push(`${depth}:${n.type}`);
        for (const c of n.children ?? []) walk(c as { type: string; children?: unknown[] }, depth + 1);
      };
      walk(unified().use(remarkParse).use(remarkGfm).parse(md) as never, 0);
      return out.join(' ');
    };
    fc.assert(
      fc.property(doc, fc.nat(), fc.nat(), (text, fi, si) => {
        const findings = lint(text, 'markdown', rs).findings.filter((f) => f.suggestions.length > 0);
        if (findings.length === 0) return;
        const f = findings[fi % findings.length];
        const chosen = f.suggestions[si % f.suggestions.length];
        // An attribution leaves a placeholder for the writer to name the source: name one.
        const s = chosen.snippet ? { ...chosen, edit: { ...chosen.edit, newText: chosen.edit.newText.replace('[source]', 'UNODC') } } : chosen;
        const fixed = applyEdit(text, s.edit);
        assert.equal(fixed.slice(0, s.edit.start), text.slice(0, s.edit.start));
        assert.equal(fixed.slice(s.edit.start + s.edit.newText.length), text.slice(s.edit.end));
        assert.equal(shape(fixed), shape(text), 'the fix changed the Markdown structure');
        const end = s.edit.start + s.edit.newText.length;
        const again = lint(fixed, 'markdown', rs).findings.filter((g) => g.ruleId === f.ruleId && g.start < Math.max(end, s.edit.start + 1) && g.end > s.edit.start);
        assert.deepEqual(again.map((g) => g.actual), [], `fixing ${f.ruleId} with "${s.text}" left the finding`);
      }),
      opts(),
    );
  });
});

describe('fix all', () => {
  it('gives one consistent edit when findings overlap: no overlapping edits, structure kept, fixed findings gone', () => {
    // Sentences where several rules match the same words ("our backyard" and "backyard",
    // "act alone" inside a longer unilateral phrase), mixed with the rules' own examples.
    const overlapping = fc.constantFrom(
      'Our backyard must stay our backyard, and we should act alone in our own backyard.',
      'The U.S. should act alone and unilaterally impose its will on our backyard.',
      'Washington must keep the hemisphere firmly under its control, our backyard, our sphere of influence.',
      'We will go it alone and act alone to crush the cartels in our backyard.',
    );
    const wrap = fc.constantFrom((s: string) => s, (s: string) => `- ${s}`, (s: string) => `> ${s}`, (s: string) => `## ${s}`);
    const doc = fc.array(fc.tuple(fc.oneof(overlapping, sentence), wrap), { minLength: 1, maxLength: 6 }).map((xs) => xs.map(([s, w]) => w(s)).join('\n\n') + '\n');
    fc.assert(
      fc.property(doc, (text) => {
        const index = new LineIndex(text);
        const diagnostics = lint(text, 'markdown', rs).findings.map((f) => toDiagnostic(index, f, true));
        const ctx = { uri: 'file:///d.md', text, language: 'markdown' as const, citeOf: () => undefined };
        const actions = codeActions(ctx, [], ['source.fixAll.policylint'], diagnostics);
        if (actions.length === 0) return;
        const lspEdits = actions[0].edit!.changes!['file:///d.md'];
        const sorted = lspEdits.map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].start >= sorted[i - 1].end, 'two fix-all edits overlap');
        const fixed = applyTextEdits(text, lspEdits);
        const blocks = (md: string) => (unified().use(remarkParse).parse(md) as { children: Array<{ type: string }> }).children.map((c) => c.type);
        assert.deepEqual(blocks(fixed), blocks(text), 'fix all changed the block structure');
        // Each edited span no longer carries the finding it fixed.
        let shift = 0;
        const again = lint(fixed, 'markdown', rs).findings;
        for (const e of sorted) {
          const fixedRule = diagnostics.find((d) => index.offset(d.range.start) === e.start && index.offset(d.range.end) === e.end)?.code;
          const from = e.start + shift;
          const to = from + e.newText.length;
          assert.ok(!again.some((g) => g.ruleId === fixedRule && g.start >= from && g.end <= to), `${fixedRule} is still there after fix all`);
          shift += e.newText.length - (e.end - e.start);
        }
      }),
      opts(),
    );
  });
});

describe('fix all on findings that overlap', () => {
  it('keeps the first of two overlapping safe fixes and applies the rest', () => {
    const text = 'We must act alone in our backyard today.\n';
    const index = new LineIndex(text);
    const finding = (ruleId: string, start: number, end: number, newText: string): Finding => ({
      ruleId, category: 'unilateral-phrasing', severity: 'warning', message: ruleId, start, end, actual: text.slice(start, end), citations: [],
      suggestions: [{ text: newText, title: `Rewrite as '${newText}'`, edit: { start, end, newText }, safe: true }],
    });
    const a = finding('a', 8, 17, 'act with partners'); // "act alone"
    const b = finding('b', 12, 33, 'alone elsewhere'); // "alone in our backyard": overlaps a
    const c = finding('c', 34, 39, 'now'); // "today": apart
    const diagnostics = [a, b, c].map((f) => toDiagnostic(index, f, false));
    const [action] = codeActions({ uri: 'u', text, language: 'markdown', citeOf: () => undefined }, [], ['source.fixAll.policylint'], diagnostics);
    const edits = action.edit!.changes!.u;
    assert.deepEqual(edits.map((e) => e.newText), ['act with partners', 'now']);
    assert.equal(applyTextEdits(text, edits), 'We must act with partners in our backyard now.\n');
  });
});
