// npm run gen: regenerates the rule table in README.md from rules/.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadRuleSet } from '../server/out/engine/index.js';
import { withRulesTable } from '../server/out/docs.js';

const readme = readFileSync('README.md', 'utf8');
const next = withRulesTable(readme, loadRuleSet());
if (next !== readme) writeFileSync('README.md', next);
console.log(next === readme ? 'README.md is up to date.' : 'README.md rule table regenerated.');
