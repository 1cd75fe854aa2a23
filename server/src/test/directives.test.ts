// policylint-disable / -enable / -disable-line / -disable-next-line comments, checked against a
// plain reading of their rules on generated documents (the engine applies them in one sweep; a
// document with thousands of comments used to take a quadratic pass).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint } from '../engine/index.js';
import { rules } from './helpers.js';

const rs = rules();
const SENTENCES = ['Mexico is our backyard.', 'The U.S. should act alone in Haiti.', 'Peru is our backyard and we act alone.', 'Chile is a partner.'];
const COMMENTS = ['disable', 'enable', 'disable backyard', 'enable backyard', 'disable-next-line', 'disable-next-line act-alone', 'disable unilateral-phrasing', 'enable unilateral-phrasing', 'disable backyard act-alone'];

/** The rules as the README states them, applied finding by finding. */
function reference(doc: string): string[] {
  const blank = doc.replace(/<!--[^>]*-->/g, (m) => ' '.repeat(m.length));
  const dirs = [...doc.matchAll(/<!-- policylint-(disable-next-line|disable-line|disable|enable)((?: [\w-]+)*) -->/g)].map((m) => ({ kind: m[1], ids: m[2].trim() ? m[2].trim().split(' ') : [], start: m.index, end: m.index + m[0].length }));
  const lineOf = (o: number) => doc.slice(0, o).split('\n').length - 1;
  return lint(blank, 'markdown', rs)
    .findings.filter((f) => {
      let off = false;
      for (const d of dirs) {
        if (!(d.ids.length === 0 || d.ids.includes(f.ruleId) || d.ids.includes(f.category))) continue;
        if (d.kind === 'disable-next-line' && lineOf(d.end - 1) + 1 === lineOf(f.start)) return false;
        if (d.kind === 'disable-line' && lineOf(d.start) === lineOf(f.start)) return false;
        if (d.start <= f.start && d.kind === 'disable') off = true;
        if (d.start <= f.start && d.kind === 'enable') off = false;
      }
      return !off;
    })
    .map((f) => `${f.start}:${f.ruleId}`);
}

describe('inline directives', () => {
  it('silence exactly what they name, where they apply', () => {
    const line = fc.oneof(
      fc.constantFrom(...SENTENCES),
      fc.tuple(fc.constantFrom(...SENTENCES), fc.constantFrom('act-alone', 'backyard', '')).map(([s, id]) => `${s} <!-- policylint-disable-line${id ? ` ${id}` : ''} -->`),
      fc.constantFrom(...COMMENTS).map((c) => `<!-- policylint-${c} -->`),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 14 }), (lines) => {
        const doc = lines.join('\n\n');
        assert.deepEqual(
          lint(doc, 'markdown', rs).findings.map((f) => `${f.start}:${f.ruleId}`),
          reference(doc),
        );
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150), seed: 7 },
    );
  });
});
