// The two essays as test documents: the security-first draft gets its unsupported threat claims
// and one-sided interest framing flagged; the partnership essay, which quotes and criticises
// "backyard" throughout, gets no hegemonic finding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lint } from '../engine/index.js';
import { rules } from './helpers.js';

const SEEDS = resolve(import.meta.dirname, '../../../../shared/seeds');
const present = existsSync(SEEDS);

describe('the seed essays', { skip: !present && 'the essays in ../shared/seeds are not present' }, () => {
  it('flags the unsupported threat claims and one-sided interests of the security-first draft', () => {
    const text = readFileSync(resolve(SEEDS, '004_e8bd00fe6840ab41.txt'), 'utf8');
    const findings = lint(text, 'plaintext', rules()).findings;
    const claims = findings.filter((f) => f.ruleId === 'unsourced-threat').map((f) => f.actual);
    assert.ok(claims.some((c) => /transnational crime, drug trafficking, and terrorism, which directly impact U\.S\. interests$/.test(c)), claims.join('\n'));
    assert.ok(claims.some((c) => /pose challenges to American influence$/.test(c)));
    assert.ok(claims.some((c) => /^The destabilizing influence of authoritarian regimes/.test(c)));
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'one-sided-interests').map((f) => f.actual),
      ['safeguarding American security interests', 'safeguarding U.S. interests', 'secure its interests'],
    );
  });

  it('leaves the partnership essay almost clean, with no finding on its critical uses of "backyard"', () => {
    const text = readFileSync(resolve(SEEDS, '000_3bad5693ea149fab.txt'), 'utf8');
    const findings = lint(text, 'plaintext', rules()).findings;
    assert.deepEqual(findings.filter((f) => f.category === 'hegemonic-framing').map((f) => f.actual), []);
    assert.ok(findings.length <= 2, findings.map((f) => `${f.ruleId}: ${f.actual}`).join('\n'));
  });
});
