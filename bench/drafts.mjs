// Deterministic test drafts of a given size, assembled from the project's own sample draft, rule
// examples and corpus: realistic Markdown with headings, lists, block quotes, citations and
// footnotes. Same seed, same draft.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function sentences(root) {
  const out = [];
  for (const line of readFileSync(join(root, 'corpus/policylint.jsonl'), 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line).text);
  const rulesDir = join(root, 'rules');
  for (const cat of readdirSync(rulesDir, { withFileTypes: true })) {
    if (!cat.isDirectory() || cat.name === 'schema') continue;
    for (const f of readdirSync(join(rulesDir, cat.name))) {
      const r = parse(readFileSync(join(rulesDir, cat.name, f), 'utf8'));
      for (const e of r.examples.flag) out.push(typeof e === 'string' ? e : e.text);
      out.push(...r.examples.pass);
    }
  }
  return out;
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function makeDraft(root, words, seed = 42) {
  const pool = sentences(root);
  const sample = readFileSync(join(root, 'samples/draft.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '');
  const rand = rng(seed);
  const pick = () => pool[Math.floor(rand() * pool.length)];
  const parts = [];
  let count = 0;
  let section = 0;
  let note = 0;
  const add = (s) => {
    parts.push(s);
    count += s.split(/\s+/).filter(Boolean).length;
  };
  while (count < words) {
    section++;
    add(`## Section ${section}: ${pick().replace(/[.?!]$/, '')}\n`);
    const paragraphs = 2 + Math.floor(rand() * 4);
    for (let p = 0; p < paragraphs && count < words; p++) {
      const kind = rand();
      const n = 2 + Math.floor(rand() * 5);
      const body = Array.from({ length: n }, () => {
        let s = pick();
        const r = rand();
        if (r < 0.1) s = s.replace(/\.$/, ` [@source${Math.floor(rand() * 100)}].`);
        else if (r < 0.15) s = s.replace(/\.$/, `.[^${++note}]`);
        return s;
      });
      if (kind < 0.15) add(body.map((s) => `- ${s}`).join('\n') + '\n');
      else if (kind < 0.22) add(body.map((s) => `> ${s}`).join('\n>\n') + '\n');
      else add(body.join(' ').replace(/(.{1,78})(\s|$)/g, '$1\n').trimEnd() + '\n');
    }
    if (section % 25 === 0) add(sample);
  }
  for (let i = 1; i <= note; i++) parts.push(`[^${i}]: Source ${i}, a report on security in the region.\n`);
  return parts.join('\n');
}
