// Rule files as data: validation messages name the file, the line and the fix; quotes are
// verbatim from the essays; nothing under the engine imports the editor.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRuleSet, builtinRulesDir } from '../engine/index.js';
import { rules } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SEEDS = resolve(ROOT, '../shared/seeds');

const VALID = (extra = '') =>
  [
    'category: hegemonic-framing',
    'message: "\'%s\' test"',
    'explanation: Test rule.',
    'patterns: ["big stick diplomacy"]',
    'citations: [{source: hajiyeva2017, locator: proposal 1, quote: "a real partner"}]',
    'examples:',
    '  flag: [a, b, c]',
    '  pass: [a, b, c]',
    extra,
  ].join('\n');

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'policylint-rules-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function problemsFor(name: string, text: string) {
  const pack = mkdtempSync(join(dir, 'pack-'));
  writeFileSync(join(pack, name), text);
  const rs = loadRuleSet({ extraDirs: [pack] });
  return { rs, messages: rs.problems.map((p) => `${p.file?.slice(pack.length + 1)}:${p.line}: ${p.message}`) };
}

describe('rule file validation', () => {
  it('accepts a valid rule', () => {
    const { rs, messages } = problemsFor('stick.yml', VALID());
    assert.deepEqual(messages, []);
    assert.ok(rs.rules.some((r) => r.id === 'stick'));
  });
  it('reports invalid YAML with its line', () => {
    const { messages } = problemsFor('bad.yml', 'category: hegemonic-framing\nmessage: [unclosed\n');
    assert.match(messages[0], /^bad\.yml:\d: invalid YAML/);
  });
  it('reports a missing field and says what to add', () => {
    const { messages } = problemsFor('nomsg.yml', VALID().replace(/^message:.*\n/m, ''));
    assert.deepEqual(messages, ['nomsg.yml:1: the rule is missing `message`: add it (see rules/schema/rule.schema.json)']);
  });
  it('reports an unknown category with the allowed values', () => {
    const { messages } = problemsFor('cat.yml', VALID().replace('hegemonic-framing', 'rude-framing'));
    assert.match(messages[0], /^cat\.yml:1: `category` must be one of `hegemonic-framing`, `unilateral-phrasing`/);
  });
  it('reports an unknown field on its line', () => {
    const { messages } = problemsFor('typo.yml', VALID('sugest: [x]'));
    assert.deepEqual(messages, ['typo.yml:9: the rule has an unknown field `sugest`: remove it or fix its spelling']);
  });
  it('reports a duplicate rule id', () => {
    const { messages } = problemsFor('backyard.yml', VALID());
    assert.match(messages[0], /^backyard\.yml:1: duplicate rule id `backyard` \(also defined in .*rules\/hegemonic-framing\/backyard\.yml\)/);
  });
  it('rejects a catastrophic-backtracking regular expression at load time', () => {
    const { messages } = problemsFor('redos.yml', VALID().replace('"big stick diplomacy"', '"/(a+)+b/ diplomacy"'));
    assert.match(messages[0], /^redos\.yml:4: pattern "\/\(a\+\)\+b\/ diplomacy": regular expression \/\(a\+\)\+b\/ can take exponential time/);
  });
  it('refuses YAML tags that try to construct objects', () => {
    const { messages } = problemsFor('tag.yml', VALID().replace('explanation: Test rule.', 'explanation: !!js/function "function(){ return 1 }"'));
    assert.match(messages[0], /^tag\.yml:3: invalid YAML: .*tag.*remove the tag/);
  });
  it('reports an unknown word class and an unknown source', () => {
    const a = problemsFor('cls.yml', VALID().replace('"big stick diplomacy"', '"<empire> diplomacy"'));
    assert.match(a.messages[0], /unknown word class <empire>; known classes: <us>/);
    const b = problemsFor('src.yml', VALID().replace('source: hajiyeva2017', 'source: nobody2020'));
    assert.match(b.messages[0], /^src\.yml:5: unknown source `nobody2020`: use one of `hajiyeva2017`, `latinwin`/);
  });
  it('reports a rule folder that does not exist and keeps the built-in rules', () => {
    const rs = loadRuleSet({ extraDirs: [join(dir, 'nope')] });
    assert.match(rs.problems[0].message, /rule folder cannot be read: ENOENT/);
    assert.ok(rs.rules.length >= 40);
  });
});

describe('the built-in rules', () => {
  const rs = rules();
  it('cover the six categories with at least 40 rules, each with three examples each way', () => {
    const cats = new Set(rs.rules.map((r) => r.category));
    assert.equal(cats.size, 6);
    for (const r of rs.rules) {
      assert.ok(r.examples.flag.length >= 3 && r.examples.pass.length >= 3, r.id);
    }
  });
  it('quote the essays verbatim', { skip: !existsSync(SEEDS) && 'the essays in ../shared/seeds are not present' }, () => {
    const norm = (s: string) => s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();
    const sources = rs.sources;
    for (const r of rs.rules) {
      for (const c of r.citations) {
        const file = sources.get(c.source)?.file;
        assert.ok(file, `${r.id}: source ${c.source} has no file`);
        const essay = norm(readFileSync(join(SEEDS, file), 'utf8'));
        assert.ok(essay.includes(norm(c.quote)), `${r.id}: "${c.quote}" is not in ${file}`);
      }
    }
  });
});

describe('engine purity', () => {
  it('imports nothing from vscode or vscode-languageserver under server/src/engine', () => {
    const engine = join(ROOT, 'server/src/engine');
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const offenders = walk(engine).filter((f) => /from\s+['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
    assert.ok(builtinRulesDir().endsWith('rules'));
  });
});
