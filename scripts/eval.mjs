// npm run eval: precision and recall per category on the project's corpus (corpus/*.jsonl) and,
// when present, on ../shared/corpus/dev.jsonl. Same format and scoring as score.py: a category
// counts once per sentence, hints are ignored, `allow` categories are neither right nor wrong.
// Exits 1 when a corpus misses the bar (P >= 0.90, R >= 0.85) on the first three categories.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, loadRuleSet, lint } from '../server/out/engine/index.js';

const root = join(fileURLToPath(import.meta.url), '../..');
const BAR = { p: 0.9, r: 0.85, cats: CATEGORIES.slice(0, 3) };
const corpora = readdirSync(join(root, 'corpus')).filter((f) => f.endsWith('.jsonl')).map((f) => join(root, 'corpus', f));
const dev = join(root, '../shared/corpus/dev.jsonl');
if (existsSync(dev)) corpora.push(dev);
const show = process.argv.includes('--show');

const rs = loadRuleSet();
let ok = true;
for (const file of corpora) {
  const cases = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const tp = {}, fp = {}, fn = {};
  for (const c of cases) {
    const found = new Set(lint(c.text + '\n', 'markdown', rs).findings.filter((f) => f.severity !== 'hint').map((f) => f.category));
    for (const k of CATEGORIES) {
      const e = c.expect.includes(k), a = c.allow.includes(k), f = found.has(k);
      if (f && e) tp[k] = (tp[k] ?? 0) + 1;
      else if (f && !e && !a) { fp[k] = (fp[k] ?? 0) + 1; if (show) console.log(`  FP ${k}: ${c.id} ${c.text}`); }
      else if (e && !f) { fn[k] = (fn[k] ?? 0) + 1; if (show) console.log(`  FN ${k}: ${c.id} ${c.text}`); }
    }
  }
  console.log(`\n${relative(root, file)} (${cases.length} sentences)`);
  console.log('category                     precision  recall   tp  fp  fn');
  for (const k of CATEGORIES) {
    const t = tp[k] ?? 0, p = fp[k] ?? 0, n = fn[k] ?? 0;
    const prec = t + p ? t / (t + p) : n ? 0 : 1;
    const rec = t + n ? t / (t + n) : 1;
    const barred = BAR.cats.includes(k);
    const miss = barred && (prec < BAR.p || rec < BAR.r);
    if (miss) ok = false;
    console.log(`${k.padEnd(28)} ${prec.toFixed(2).padStart(9)}  ${rec.toFixed(2).padStart(6)}  ${String(t).padStart(3)} ${String(p).padStart(3)} ${String(n).padStart(3)}${miss ? '  below the bar' : ''}`);
  }
}
console.log(ok ? '\nAll corpora meet the bar (P >= 0.90, R >= 0.85 on the first three categories).' : '\nA corpus is below the bar.');
process.exit(ok ? 0 : 1);
