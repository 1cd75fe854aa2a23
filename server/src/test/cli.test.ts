// The built CLI, run as a user runs it: a child process on real files.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'server/dist/cli.mjs');
let dir: string;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'policylint-cli-'));
  writeFileSync(join(dir, 'draft.md'), '# Notes\n\nMexico is our backyard.\n\nThe U.S. should act alone in Haiti.\n');
  writeFileSync(join(dir, 'clean.md'), 'The U.S. and Brazil should jointly fund the program.\n');
  writeFileSync(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('policylint CLI', () => {
  it('prints file:line:col, severity, message and rule id, and a summary', () => {
    const r = cli(['draft.md']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^draft\.md:3:15 {2}warning {2}'backyard' frames Latin America as a U\.S\. possession {2}backyard$/m);
    assert.match(r.out, /^draft\.md:5:17 {2}warning {2}'act alone' makes unilateral action the plan {2}act-alone$/m);
    assert.match(r.out, /better: partner \| neighbor/);
    assert.match(r.out, /source: Hajiyeva 2017, proposal 1: "Latin America as a real partner instead of a backyard\."/);
    assert.match(r.out, /2 findings \(0 errors, 2 warnings, 0 information, 0 hints\) in 1 file\./);
  });

  it('prints the JSON shape other tools depend on', () => {
    const r = cli(['--format', 'json', 'draft.md', 'clean.md']);
    const data = JSON.parse(r.out);
    assert.equal(data.length, 2);
    assert.equal(data[0].file, 'draft.md');
    assert.deepEqual(data[1], { file: 'clean.md', diagnostics: [] });
    assert.deepEqual(data[0].diagnostics[0], {
      ruleId: 'backyard',
      category: 'hegemonic-framing',
      severity: 'warning',
      message: "'backyard' frames Latin America as a U.S. possession",
      range: { start: { line: 2, character: 14 }, end: { line: 2, character: 22 } },
      suggestions: ['partner', 'neighbor'],
      citations: [
        {
          source: 'hajiyeva2017',
          locator: 'proposal 1',
          quote: 'Latin America as a real partner instead of a backyard.',
          text: 'Hajiyeva, Nargiz (2017). How can the U.S. improve its foreign policy toward Latin America? An American backyard or A Real Partner? Analytics, 2017-11-23.',
        },
        {
          source: 'hajiyeva2017',
          locator: 'section 2',
          quote: 'ongoing perception of the U.S.-centric hegemony and patronization over Latin American countries',
          text: 'Hajiyeva, Nargiz (2017). How can the U.S. improve its foreign policy toward Latin America? An American backyard or A Real Partner? Analytics, 2017-11-23.',
        },
      ],
    });
  });

  it('prints SARIF 2.1.0 that validates against the official schema', () => {
    const r = cli(['--format', 'sarif', 'draft.md']);
    const log = JSON.parse(r.out) as { runs: Array<Record<string, any>> };
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new (AjvDraft04 as unknown as typeof Ajv)({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'PolicyLint');
    assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), ['backyard', 'act-alone']);
    assert.match(run.tool.driver.rules[0].help.text, /Hajiyeva 2017, proposal 1: "Latin America as a real partner instead of a backyard\."/);
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 3, startColumn: 15, endLine: 3, endColumn: 23, snippet: { text: 'backyard' } });
  });

  it('reads standard input with --stdin-filename deciding the language', () => {
    const r = cli(['--stdin', '--stdin-filename', 'note.tex', '--format', 'json'], '% policylint-disable-next-line\nMexico is our backyard.\nPeru is our backyard.\n');
    const data = JSON.parse(r.out);
    assert.equal(data[0].file, 'note.tex');
    assert.deepEqual(data[0].diagnostics.map((d: { range: { start: { line: number } } }) => d.range.start.line), [2]);
  });

  it('exits 1 when warnings exceed --max-warnings, 0 within it', () => {
    assert.equal(cli(['--max-warnings', '1', 'draft.md']).code, 1);
    assert.equal(cli(['--max-warnings', '2', 'draft.md']).code, 0);
  });

  it('--quiet reports errors only', () => {
    const r = cli(['--quiet', '--format', 'json', 'draft.md']);
    assert.deepEqual(JSON.parse(r.out)[0].diagnostics, []);
  });

  it('exits 2 on usage errors with a clear message', () => {
    const r = cli(['--format', 'xml', 'draft.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown --format "xml": use text, json or sarif/);
    assert.equal(cli([]).code, 2);
    assert.equal(cli(['--bogus']).code, 2);
  });

  it('reports a binary or missing file and still lints the others', () => {
    const r = cli(['--format', 'json', 'binary.md', 'missing.md', 'draft.md']);
    const data = JSON.parse(r.out);
    assert.equal(r.code, 1);
    assert.match(data.find((d: { file: string }) => d.file === 'binary.md').error, /binary file/);
    assert.match(data.find((d: { file: string }) => d.file === 'missing.md').error, /no such file/);
    assert.equal(data.find((d: { file: string }) => d.file === 'draft.md').diagnostics.length, 2);
  });

  it('expands globs and folders', () => {
    const r = cli(['--format', 'json', '*.md']);
    assert.deepEqual(JSON.parse(r.out).map((d: { file: string }) => d.file), ['binary.md', 'clean.md', 'draft.md']);
  });

  it('applies .policylintrc.yaml found upward from the file', () => {
    const sub = join(dir, 'proj', 'chapter');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(dir, 'proj', '.policylintrc.yaml'), 'rules:\n  backyard: error\ncategories:\n  unilateral-phrasing: off\n');
    writeFileSync(join(sub, 'a.md'), 'Mexico is our backyard. The U.S. should act alone in Haiti.\n');
    const r = cli(['--format', 'json', 'proj/chapter/a.md']);
    const diags = JSON.parse(r.out)[0].diagnostics;
    assert.deepEqual(diags.map((d: { ruleId: string; severity: string }) => [d.ruleId, d.severity]), [['backyard', 'error']]);
    assert.equal(r.code, 1);
  });

  it('exits 2 on a broken config file and names the file and line', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  backyard: loud\n');
    const r = cli(['--config', 'bad.yaml', 'draft.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.yaml:2: `rules\.backyard` must be one of/);
  });

  it('loads an extra rule folder, and reports a broken rule file without dropping the others', () => {
    const pack = join(dir, 'pack');
    mkdirSync(pack, { recursive: true });
    writeFileSync(
      join(pack, 'big-brother.yml'),
      [
        'category: paternalistic-framing',
        'message: "\'%s\' is patronising"',
        'explanation: Big brother talk.',
        'patterns: ["big brother"]',
        'suggest: [neighbor]',
        'citations: [{source: hajiyeva2017, locator: conclusion, quote: "patronizing attitudes"}]',
        'examples:',
        '  flag: [a, b, c]',
        '  pass: [a, b, c]',
      ].join('\n'),
    );
    writeFileSync(join(pack, 'broken.yml'), 'category: hegemonic-framing\nmessage: x\n');
    writeFileSync(join(dir, 'bb.md'), 'The U.S. is the big brother of Mexico. Mexico is our backyard.\n');
    const r = cli(['--rules', 'pack', '--format', 'json', 'bb.md']);
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.yml:1: the rule is missing `explanation`/);
    assert.deepEqual(JSON.parse(r.out)[0].diagnostics.map((d: { ruleId: string }) => d.ruleId), ['big-brother', 'backyard']);
  });

  it('prints help and version', () => {
    assert.match(cli(['--help']).out, /Usage: policylint/);
    assert.match(cli(['--version']).out, /^\d+\.\d+\.\d+/);
  });
});
