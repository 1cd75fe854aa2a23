// npm run gen: regenerates the rule table in README.md from rules/, and the citation-marker
// grammar in syntaxes/ from the engine's CITATION_MARKERS.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadRuleSet } from '../server/out/engine/index.js';
import { withRulesTable } from '../server/out/docs.js';
import { GRAMMAR_FILE, grammarText } from '../server/out/grammar.js';

const readme = readFileSync('README.md', 'utf8');
const next = withRulesTable(readme, loadRuleSet());
if (next !== readme) writeFileSync('README.md', next);
console.log(next === readme ? 'README.md is up to date.' : 'README.md rule table regenerated.');

const grammar = grammarText();
const old = existsSync(GRAMMAR_FILE) ? readFileSync(GRAMMAR_FILE, 'utf8') : '';
if (grammar !== old) writeFileSync(GRAMMAR_FILE, grammar);
console.log(grammar === old ? `${GRAMMAR_FILE} is up to date.` : `${GRAMMAR_FILE} regenerated.`);
