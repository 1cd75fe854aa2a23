import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withRulesTable } from '../docs.js';
import { rules } from './helpers.js';

it('README rule table matches rules/ (run npm run gen after changing a rule)', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  assert.equal(withRulesTable(readme, rules()), readme);
});
