// Every rule's own examples: each `flag` sentence gets a finding of that rule, applying its first
// suggestion gives the `fixed` text, and re-linting the fixed text leaves no finding of that rule
// where the fix was made. Each `pass` sentence gets no finding of that rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../engine/index.js';
import { applyEdit, rules } from './helpers.js';

const rs = rules();

describe('rule examples', () => {
  it('loads every built-in rule without problems', () => {
    assert.deepEqual(rs.problems, []);
    assert.ok(rs.rules.length >= 40, `only ${rs.rules.length} rules`);
  });

  for (const rule of rs.rules) {
    describe(rule.id, () => {
      for (const example of rule.examples.flag) {
        it(`flags: ${example.text}`, () => {
          const findings = lint(example.text, 'markdown', rs).findings.filter((f) => f.ruleId === rule.id);
          assert.ok(findings.length > 0, `expected a ${rule.id} finding`);
          if (example.fixed === undefined) return;
          const first = findings[0];
          assert.ok(first.suggestions.length > 0, 'the finding has no suggestion');
          const fixed = applyEdit(example.text, first.suggestions[0].edit);
          assert.equal(fixed, example.fixed);
          const edit = first.suggestions[0].edit;
          const editEnd = edit.start + edit.newText.length;
          const again = lint(fixed, 'markdown', rs).findings.filter((f) => f.ruleId === rule.id && f.start < editEnd && f.end > edit.start);
          assert.deepEqual(again.map((f) => f.actual), [], 'the fix did not remove the finding');
        });
      }
      for (const text of rule.examples.pass) {
        it(`passes: ${text}`, () => {
          const findings = lint(text, 'markdown', rs).findings.filter((f) => f.ruleId === rule.id);
          assert.deepEqual(findings.map((f) => f.actual), []);
        });
      }
    });
  }
});
