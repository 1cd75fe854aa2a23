// Project config, settings merge order and inline directives.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project, lint, loadConfig, ConfigError } from '../engine/index.js';
import { rules } from './helpers.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'policylint-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('project config', () => {
  it('is found by walking up and merged under explicit settings', () => {
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, 'a/.policylintrc.json'), '{"categories": {"hegemonic-framing": "error"}, "rules": {"act-alone": "off"}}');
    const project = new Project();
    const text = 'Mexico is our backyard. The U.S. should act alone in Haiti.';
    const r1 = project.lint(text, 'markdown', join(dir, 'a/b/draft.md'));
    assert.deepEqual(r1.findings.map((f) => [f.ruleId, f.severity]), [['backyard', 'error']]);
    const r2 = project.lint(text, 'markdown', join(dir, 'a/b/draft.md'), { settings: { rules: { backyard: 'hint', 'act-alone': 'warning' } } });
    assert.deepEqual(r2.findings.map((f) => [f.ruleId, f.severity]), [['backyard', 'hint'], ['act-alone', 'warning']]);
  });
  it('is ignored when project config is not allowed (untrusted workspace)', () => {
    const project = new Project();
    const r = project.lint('Mexico is our backyard.', 'markdown', join(dir, 'a/b/draft.md'), { useProjectConfig: false });
    assert.deepEqual(r.findings.map((f) => f.severity), ['warning']);
  });
  it('reports unknown settings with the file and line', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'lintQuotations: true\ncolour: red\n');
    assert.throws(() => loadConfig(join(dir, 'bad.yaml')), (e: ConfigError) => e.line === 1 && /unknown setting `colour`/.test(e.detail));
  });
});

describe('inline directives', () => {
  const rs = rules();
  const ids = (md: string) => lint(md, 'markdown', rs).findings.map((f) => `${md.slice(0, f.start).split('\n').length}:${f.ruleId}`);
  it('disables and re-enables by rule id or category', () => {
    const md = ['Mexico is our backyard.', '<!-- policylint-disable hegemonic-framing -->', 'Peru is our backyard.', '<!-- policylint-enable hegemonic-framing -->', 'Chile is our backyard.'].join('\n\n');
    assert.deepEqual(ids(md), ['1:backyard', '9:backyard']);
  });
  it('disables the next line only', () => {
    const md = 'Intro.\n\n<!-- policylint-disable-next-line backyard -- quoting Kerry -->\nMexico is our backyard. The U.S. should act alone in Haiti.\n\nPeru is our backyard.\n';
    assert.deepEqual(ids(md), ['4:act-alone', '6:backyard']);
  });
  it('disables everything with no ids', () => {
    assert.deepEqual(ids('<!-- policylint-disable -->\n\nMexico is our backyard.\n'), []);
  });
});
