// Bibliographies in the engine: BibTeX and CSL-JSON parsing (including malformed files), the
// citation keys and bibliography files a document names, ranking entries for a claim, the
// closest keys, the hedge and attribution rewrites, and the CLI's unknown-citation output.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributionWords, closestKeys, hedgeWords, lint, loadRuleSet, parseBibtex, parseCslJson, rankEntries, type BibEntry } from '../engine/index.js';
import { sentencesOf } from '../engine/text.js';
import { runCli } from './helpers.js';
import { BIB, CSL } from './bib-fixtures.js';

const rs = loadRuleSet();
const words = (text: string) => sentencesOf({ kind: 'prose', text, offsets: [...Array(text.length + 1).keys()] }, 0)[0].words;

describe('bibliography files', () => {
  it('reads BibTeX entries with authors, year, container and keywords', () => {
    const bib = parseBibtex(BIB, '/p/refs.bib');
    const byKey = new Map(bib.entries.map((e) => [e.key, e]));
    const ellis = byKey.get('ellis2022')!;
    assert.deepEqual(ellis.authors, ['Ellis', 'Ortiz']);
    assert.equal(ellis.year, '2022');
    assert.equal(ellis.title, 'Chinese Engagement in Latin America and Hemispheric Security');
    assert.equal(ellis.container, 'Military Review');
    assert.equal(ellis.line, 10);
    assert.deepEqual(byKey.get('unodc2023')!.keywords.sort(), ['cocaine', 'organized crime', 'trafficking']);
    assert.deepEqual(byKey.get('unodc2023')!.authors, ['United Nations Office on Drugs and Crime']);
  });

  it('reports a malformed entry with its line and keeps the other entries', () => {
    const bib = parseBibtex(BIB, '/p/refs.bib');
    assert.equal(bib.problems.length, 1);
    assert.equal(bib.problems[0].line, 17);
    assert.match(bib.problems[0].message, /BibTeX error in entry 'broken'/);
    assert.deepEqual(bib.entries.map((e) => e.key).sort(), ['dhs2024', 'ellis2022', 'unodc2023']);
  });

  it('reads CSL-JSON items and reports invalid JSON with a line', () => {
    const csl = parseCslJson(CSL, '/p/refs.json');
    assert.deepEqual(csl.entries.map((e) => [e.key, e.authors[0], e.year]), [
      ['worldbank2023', 'World Bank', '2023'],
      ['oas2021', 'Almagro', '2021'],
    ]);
    assert.equal(csl.entries[1].line, CSL.slice(0, CSL.indexOf('"oas2021"')).split('\n').length);
    const bad = parseCslJson('[\n  {"id": "a", "title": "x"},\n  {"id": "b" "title": "y"}\n]', '/p/bad.json');
    assert.equal(bad.problems.length, 1);
    assert.equal(bad.problems[0].line, 3);
    const noId = parseCslJson('[{"title": "no id"}, {"id": "ok"}]', '/p/x.json');
    assert.deepEqual(noId.entries.map((e) => e.key), ['ok']);
    assert.match(noId.problems[0].message, /item 1 has no "id"/);
  });
});

describe('citations and bibliographies named in documents', () => {
  it('finds Pandoc keys with their source ranges, not e-mail addresses or code', () => {
    const src = '---\nbibliography: [refs.bib, more.json]\n---\n\nCartels grew [@unodc2023, p. 4; -@ellis2022]. As @dhs2024 notes.\nMail me at a@b.org. Code: `@notakey`.\n';
    const r = lint(src, 'markdown', rs);
    assert.deepEqual(r.bibliographies, ['refs.bib', 'more.json']);
    assert.deepEqual(r.citations.map((c) => [c.key, src.slice(c.start, c.end)]), [
      ['unodc2023', 'unodc2023'],
      ['ellis2022', 'ellis2022'],
      ['dhs2024', 'dhs2024'],
    ]);
  });

  it('finds LaTeX keys, \\bibliography and \\addbibresource, and never reads a key as prose', () => {
    const src = '\\addbibresource{refs.bib}\n\\bibliography{main,extra}\nThe backyard claim fails \\footcite[see][12]{ellis2022}. More \\cite{unodc2023, dhs2024}.\n';
    const r = lint(src, 'latex', rs);
    assert.deepEqual(r.bibliographies, ['refs.bib', 'main', 'extra']);
    assert.deepEqual(r.citations.map((c) => [c.key, src.slice(c.start, c.end)]), [
      ['ellis2022', 'ellis2022'],
      ['unodc2023', 'unodc2023'],
      ['dhs2024', 'dhs2024'],
    ]);
  });
});

describe('ranking and closest keys', () => {
  const entries: BibEntry[] = [...parseBibtex(BIB, '/p/refs.bib').entries, ...parseCslJson(CSL, '/p/refs.json').entries];

  it('ranks the entry whose title and keywords share the claim words first', () => {
    assert.equal(rankEntries('Cocaine trafficking routes through the Caribbean have multiplied', entries)[0].entry.key, 'unodc2023');
    assert.equal(rankEntries("China's engagement in Latin America threatens hemispheric security", entries)[0].entry.key, 'ellis2022');
    assert.equal(rankEntries('Migration flows overwhelm border security', entries)[0].entry.key, 'dhs2024');
    assert.equal(rankEntries('Homicide rates in Central America are the highest in the world', entries)[0].entry.key, 'worldbank2023');
    assert.deepEqual(rankEntries('Nothing here overlaps whatsoever', entries), []);
  });

  it('suggests keys within a small edit distance', () => {
    assert.deepEqual(closestKeys('unodc2032', ['unodc2023', 'ellis2022', 'dhs2024']), ['unodc2023']);
    assert.deepEqual(closestKeys('elis2022', ['unodc2023', 'ellis2022']), ['ellis2022']);
    assert.deepEqual(closestKeys('zzzz', ['unodc2023', 'ellis2022']), []);
  });
});

describe('hedge rewrites the main verb', () => {
  const cases: Array<[string, string, string]> = [
    ['The region faces security threats.', 'faces', 'may face'],
    ['Transnational crime, drug trafficking and terrorism directly impact U.S. interests.', 'directly impact', 'may directly impact'],
    ['China increasingly controls strategic ports.', 'increasingly controls', 'may increasingly control'],
    ['Migration flows increase pressure on the border.', 'increase', 'may increase'],
    ['Cartels are expanding into Costa Rica.', 'are', 'may be'],
    ['The port is used by Chinese vessels.', 'is', 'may be'],
    ['Homicides rose sharply last year.', 'rose', 'may have risen'],
    ['Gang violence has become the main driver of migration.', 'has', 'may have'],
    ['Drug money fuels corruption across the isthmus.', 'fuels', 'may fuel'],
    ['Groups that smuggle migrants threaten border security.', 'threaten', 'may threaten'],
    ['The use of ports by Chinese firms undermines our security.', 'undermines', 'may undermine'],
    ['Russian influence is not limited to Venezuela.', 'is not', 'may not be'],
    ['Smuggling networks moved record quantities of fentanyl.', 'moved', 'may have moved'],
    ['Iran will exploit these ties.', 'will', 'may'],
  ];
  for (const [sentence, from, to] of cases) {
    it(`"${sentence}" -> ${to}`, () => {
      const w = words(sentence);
      const e = hedgeWords(w);
      assert.ok(e, 'a hedge is found');
      assert.equal(sentence.slice(w[e.from].start, w[e.to - 1].end), from);
      assert.equal(e.text, to);
    });
  }
  it('leaves a sentence that is already hedged alone', () => {
    assert.equal(hedgeWords(words('Cartels may be expanding.')), undefined);
  });
});

describe('attribution frame', () => {
  const frame = (s: string, isName = () => false) => attributionWords(words(s), '[source]', isName)?.text;
  it('lower-cases a common first word and keeps names and acronyms', () => {
    assert.equal(frame('The region faces threats.'), 'According to [source], the');
    assert.equal(frame('Drug trafficking is rising.'), 'According to [source], drug');
    assert.equal(frame('Chinese investment threatens ports.', () => true), 'According to [source], Chinese');
    // Words split at hyphens: the edit replaces "MS" and leaves "-13" in place.
    assert.equal(frame('MS-13 controls the border.'), 'According to [source], MS');
    assert.equal(frame('Hezbollah operates in the tri-border area.'), 'According to [source], Hezbollah');
  });
});

describe('policylint CLI with a bibliography', () => {
  it('reports unknown citation keys with the closest key, in text and SARIF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policylint-bib-'));
    try {
      writeFileSync(join(dir, 'refs.bib'), BIB);
      writeFileSync(join(dir, 'draft.md'), 'Cocaine routes doubled [@unodc2032].\n\nAs @ellis2022 shows, the claim holds.\n');
      const r = runCli(['--bibliography', join(dir, 'refs.bib'), '--no-color', join(dir, 'draft.md')]);
      assert.match(r.stdout, /draft\.md:1:26 +warning +Citation key 'unodc2032' is not in the bibliography \(refs\.bib\): did you mean 'unodc2023'\? +unknown-citation/);
      assert.doesNotMatch(r.stdout, /ellis2022' is not/);
      assert.match(r.stderr, /refs\.bib:17: BibTeX error in entry 'broken'/);
      const sarif = JSON.parse(runCli(['--format', 'sarif', '--bibliography', join(dir, 'refs.bib'), join(dir, 'draft.md')]).stdout);
      const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'unknown-citation');
      assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, 'unknown-citation');
      // Without a bibliography no key is unknown: nothing to check against.
      assert.doesNotMatch(runCli(['--no-color', join(dir, 'draft.md')]).stdout, /unknown-citation/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
