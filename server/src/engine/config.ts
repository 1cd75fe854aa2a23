// Project configuration: .policylintrc.yaml, .policylintrc.yml or .policylintrc.json, found by
// walking up from the linted file. It switches categories and rules, overrides severities, adds
// rule folders and turns on linting inside quotations.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { LintSettings } from './lint.js';
import { CATEGORIES, type Category, type SeveritySetting } from './types.js';

export const CONFIG_NAMES = ['.policylintrc.yaml', '.policylintrc.yml', '.policylintrc.json'];

export interface ProjectConfig {
  file: string;
  categories: Partial<Record<Category, boolean | SeveritySetting>>;
  rules: Record<string, SeveritySetting>;
  rulePaths: string[];
  /** Bibliography files or globs, resolved against the config file's folder. */
  bibliography: string[];
  lintQuotations?: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

const LEVEL = { enum: ['off', 'error', 'warning', 'information', 'hint'] };
const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    categories: {
      type: 'object',
      propertyNames: { enum: [...CATEGORIES] },
      additionalProperties: { anyOf: [{ type: 'boolean' }, LEVEL] },
    },
    rules: { type: 'object', additionalProperties: LEVEL },
    rulePaths: { type: 'array', items: { type: 'string' } },
    bibliography: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    lintQuotations: { type: 'boolean' },
  },
};
const validate = new Ajv({ allErrors: true }).compile(schema);

export function findConfigFile(fromDir: string): string | undefined {
  let dir = resolve(fromDir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function loadConfig(file: string): ProjectConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 1, `cannot read the config file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lines = new LineCounter();
  // JSON is YAML too, so one parser reports positions for both.
  const doc = parseDocument(text, { lineCounter: lines, schema: 'core', uniqueKeys: true });
  const issue = doc.errors[0] ?? doc.warnings[0];
  if (issue) throw new ConfigError(file, issue.linePos?.[0].line ?? 1, `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${issue.message.split('\n')[0]}`);
  const value = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (!validate(value)) {
    const e = validate.errors![0];
    const path = e.instancePath.split('/').slice(1);
    const node = doc.getIn(path, true);
    const line = isNode(node) && node.range ? lines.linePos(node.range[0]).line : 1;
    const where = e.instancePath ? `\`${path.join('.')}\`` : 'the config';
    let detail = `${where} ${e.message}`;
    if (e.keyword === 'additionalProperties') detail = `unknown setting \`${(e.params as { additionalProperty: string }).additionalProperty}\`: known settings are categories, rules, rulePaths, bibliography, lintQuotations`;
    if (e.keyword === 'propertyNames' || e.keyword === 'enum') detail = `${where} must be one of ${[...CATEGORIES].join(', ')} (categories) or off, error, warning, information, hint (levels)`;
    throw new ConfigError(file, line, detail);
  }
  const v = value as Omit<ProjectConfig, 'file' | 'bibliography'> & { bibliography?: string | string[] };
  const bib = typeof v.bibliography === 'string' ? [v.bibliography] : (v.bibliography ?? []);
  return {
    file,
    categories: v.categories ?? {},
    rules: v.rules ?? {},
    rulePaths: (v.rulePaths ?? []).map((p) => resolve(dirname(file), p)),
    bibliography: bib.map((p) => resolve(dirname(file), p)),
    lintQuotations: v.lintQuotations,
  };
}

/** Later layers win: built-in defaults, then the project file, then editor settings or CLI flags. */
export function mergeSettings(base: LintSettings, ...layers: Array<Partial<LintSettings> | undefined>): LintSettings {
  const out: LintSettings = { lintQuotations: base.lintQuotations, categories: { ...base.categories }, rules: { ...base.rules } };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.lintQuotations !== undefined) out.lintQuotations = layer.lintQuotations;
    Object.assign(out.categories, layer.categories ?? {});
    Object.assign(out.rules, layer.rules ?? {});
  }
  return out;
}
