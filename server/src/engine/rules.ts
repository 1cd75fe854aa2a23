// Loads rule packs: one YAML file per rule, validated against rules/schema/rule.schema.json.
// Every problem names the file and line and says what to write instead; a broken file never
// stops the other rules from loading.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import safeRegex from 'safe-regex2';
import { compileContext, type ContextLexicon, type ContextRaw } from './context.js';
import { compilePattern, compilePhrase, PatternError, PhraseSet, type Lexicon, type Pattern } from './pattern.js';
import type { Category, Citation, Problem, Severity } from './types.js';

export interface Near {
  patterns: Pattern[];
  within?: number;
  side: 'before' | 'after' | 'both';
}

export interface ClaimSpec {
  threats: Pattern[];
  /** Actors that make a claim when they are the sentence's subject ("Prison gangs run ..."). */
  actors: Pattern[];
  /** Deontic words ("must", "should") whose clause prescribes rather than claims. */
  prescriptions: PhraseSet;
  purpose: PhraseSet;
  purposeWindow: number;
  intentions: PhraseSet;
  vague: PhraseSet;
  vagueMessage: string;
  continuations: PhraseSet;
}

export interface RuleExample {
  text: string;
  fixed?: string;
}

export interface Rule {
  id: string;
  file: string;
  kind: 'phrase' | 'claim';
  category: Category;
  level: Severity;
  message: string;
  explanation: string;
  patterns: Array<{ pattern: Pattern; suggest: string[] }>;
  requires: Near[];
  unless: Near[];
  ignore: Set<string>;
  /** A rule about actions: past-tense reports of the action are description, not advocacy. */
  pastTense: boolean;
  citations: Citation[];
  examples: { flag: RuleExample[]; pass: string[] };
  claim?: ClaimSpec;
  /** True for rules shipped with PolicyLint (as opposed to a user's rule folder). */
  builtin: boolean;
}

export interface Source {
  key: string;
  author: string;
  short: string;
  title: string;
  publication: string;
  date: string;
  year: string;
  file?: string;
}

export interface RuleSet {
  rules: Rule[];
  lexicon: Lexicon;
  context: ContextLexicon;
  sources: Map<string, Source>;
  problems: Problem[];
  /** How it was loaded, so that another thread can load the same rules. */
  loadedWith?: LoadOptions;
}

export const CATEGORY_DEFAULTS: Record<Category, Severity> = {
  'hegemonic-framing': 'warning',
  'unilateral-phrasing': 'warning',
  'unsupported-security-claim': 'warning',
  'zero-sum-framing': 'information',
  'militarized-security': 'information',
  'paternalistic-framing': 'information',
};

const RESERVED = new Set(['lexicon.yml', 'sources.yml']);

/** The rules/ folder shipped with PolicyLint, found by walking up from this module. */
export function builtinRulesDir(): string {
  if (process.env.POLICYLINT_RULES_DIR) return process.env.POLICYLINT_RULES_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'rules');
    if (existsSync(join(candidate, 'sources.yml')) && existsSync(join(candidate, 'lexicon.yml'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('PolicyLint cannot find its rules/ folder next to the program');
    dir = up;
  }
}

let schemaValidator: ReturnType<Ajv['compile']> | undefined;
function validator(rulesDir: string) {
  if (!schemaValidator) {
    const schema = JSON.parse(readFileSync(join(rulesDir, 'schema', 'rule.schema.json'), 'utf8'));
    schemaValidator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return schemaValidator;
}

interface Parsed {
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

function parseYaml(file: string, text: string, problems: Problem[]): Parsed | undefined {
  const lines = new LineCounter();
  // The core schema builds plain data only: tags like !!js/function are reported, never run.
  const doc = parseDocument(text, { lineCounter: lines, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const issues = [...doc.errors, ...doc.warnings];
  for (const e of issues) {
    const line = e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line;
    const hint = /tag/i.test(e.message) ? ' (rule files hold plain data: remove the tag)' : '';
    problems.push({ severity: 'error', file, line, message: `invalid YAML: ${e.message.split('\n')[0]}${hint}` });
  }
  if (issues.length > 0) return undefined;
  return { doc, lines, value: doc.toJS({ maxAliasCount: 100 }) };
}

function lineOf(p: Parsed, path: Array<string | number>): number {
  const node = p.doc.getIn(path, true);
  const range = isNode(node) ? node.range : undefined;
  if (range) return p.lines.linePos(range[0]).line;
  if (path.length > 0) return lineOf(p, path.slice(0, -1));
  return 1;
}

function explainSchemaError(e: ErrorObject): string {
  const where = e.instancePath ? `\`${e.instancePath.slice(1).replace(/\//g, '.')}\`` : 'the rule';
  switch (e.keyword) {
    case 'required':
      return `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\`: add it (see rules/schema/rule.schema.json)`;
    case 'additionalProperties':
      return `${where} has an unknown field \`${(e.params as { additionalProperty: string }).additionalProperty}\`: remove it or fix its spelling`;
    case 'enum':
      return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => `\`${v}\``).join(', ')}`;
    case 'minItems':
      return `${where} needs at least ${(e.params as { limit: number }).limit} entries`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

function listRuleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (name !== 'schema' && !name.startsWith('.')) out.push(...listRuleFiles(full));
    } else if (/\.ya?ml$/.test(name) && !(RESERVED.has(name) && dirname(full) === dir)) {
      out.push(full);
    }
  }
  return out;
}

function checkRegex(re: string): string | undefined {
  let ok: boolean;
  try {
    ok = safeRegex(re);
  } catch {
    ok = false;
  }
  return ok ? undefined : `regular expression /${re}/ can take exponential time (nested or overlapping repetition): simplify it, or use alternatives word|word`;
}

export interface LoadOptions {
  /** Extra rule folders (the user's own packs). */
  extraDirs?: string[];
  builtinDir?: string;
}

export function loadRuleSet(opts: LoadOptions = {}): RuleSet {
  const dir = opts.builtinDir ?? builtinRulesDir();
  const problems: Problem[] = [];
  const lexiconRaw = parseYaml(join(dir, 'lexicon.yml'), readFileSync(join(dir, 'lexicon.yml'), 'utf8'), problems)?.value as
    | { classes: Record<string, string[]>; context: ContextRaw }
    | undefined;
  if (!lexiconRaw) throw new Error(`PolicyLint's own ${join(dir, 'lexicon.yml')} is broken: ${problems.map((p) => p.message).join('; ')}`);
  const lexicon: Lexicon = new Map(Object.entries(lexiconRaw.classes).map(([k, v]) => [k, new PhraseSet(v.map((p) => compilePhrase(String(p))))]));
  const context = compileContext(lexiconRaw.context);

  const sourcesRaw = parseYaml(join(dir, 'sources.yml'), readFileSync(join(dir, 'sources.yml'), 'utf8'), problems)?.value as Record<string, Omit<Source, 'key'>>;
  const sources = new Map(Object.entries(sourcesRaw ?? {}).map(([key, s]) => [key, { key, ...s } as Source]));

  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  const packs: Array<{ dir: string; builtin: boolean }> = [{ dir, builtin: true }, ...(opts.extraDirs ?? []).map((d) => ({ dir: d, builtin: false }))];
  for (const pack of packs) {
    let files: string[];
    try {
      files = listRuleFiles(pack.dir);
    } catch (e) {
      problems.push({ severity: 'error', file: pack.dir, message: `rule folder cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the path in rulePaths / --rules` });
      continue;
    }
    for (const file of files) {
      const id = basename(file).replace(/\.ya?ml$/, '');
      const before = seen.get(id);
      if (before) {
        problems.push({ severity: 'error', file, line: 1, message: `duplicate rule id \`${id}\` (also defined in ${before}): rename one of the files` });
        continue;
      }
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        problems.push({ severity: 'error', file, message: `cannot read rule file: ${(e as Error).message}` });
        continue;
      }
      const rule = compileRule(id, file, text, { lexicon, sources, rulesDir: dir, builtin: pack.builtin }, problems);
      if (rule) {
        seen.set(id, file);
        rules.push(rule);
      }
    }
  }
  return { rules, lexicon, context, sources, problems, loadedWith: { extraDirs: opts.extraDirs, builtinDir: opts.builtinDir } };
}

interface RawRule {
  kind?: 'phrase' | 'claim';
  category: Category;
  level?: Severity;
  message: string;
  explanation: string;
  patterns?: Array<string | { match: string; suggest?: string[] }>;
  suggest?: string[];
  context?: { requires?: RawNear[]; unless?: RawNear[]; ignore?: string[]; pastTense?: 'describes' | 'counts' };
  claim?: { threats: string[]; actors?: string[]; prescriptions?: string[]; purpose: string[]; purposeWindow?: number; intentions: string[]; vague: string[]; vagueMessage: string; continuations: string[] };
  citations: Array<{ source: string; locator: string; quote: string }>;
  examples: { flag: Array<string | RuleExample>; pass: string[] };
}
interface RawNear {
  any: string[];
  within?: number;
  side?: 'before' | 'after' | 'both';
}

export function formatCitation(s: Source, locator: string, quote: string): Citation {
  const author = s.author === 'Anonymous' ? s.title.split(':')[0] : s.author;
  // A title that ends in its own punctuation ("... A Real Partner?") takes no extra full stop.
  const title = /[.?!]$/.test(s.title) ? s.title : `${s.title}.`;
  const text = `${author} (${s.date === 'n.d.' ? 'n.d.' : s.year}). ${title} ${s.publication}${s.date !== 'n.d.' ? `, ${s.date}` : ''}.`;
  return { source: s.key, locator, quote, text, short: `${s.short} ${s.year}, ${locator}` };
}

export function compileRule(
  id: string,
  file: string,
  text: string,
  env: { lexicon: Lexicon; sources: Map<string, Source>; rulesDir: string; builtin: boolean },
  problems: Problem[],
): Rule | undefined {
  const parsed = parseYaml(file, text, problems);
  if (!parsed) return undefined;
  const validate = validator(env.rulesDir);
  if (!validate(parsed.value)) {
    // oneOf/if-then produce echo errors; keep the most specific message per place.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
    const reported = new Set<string>();
    for (const e of errors) {
      const path: Array<string | number> = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      if (e.keyword === 'additionalProperties') path.push((e.params as { additionalProperty: string }).additionalProperty);
      const line = lineOf(parsed, path);
      const message = explainSchemaError(e);
      if (reported.has(`${line}:${message}`)) continue;
      reported.add(`${line}:${message}`);
      problems.push({ severity: 'error', file, line, message });
    }
    return undefined;
  }
  const raw = parsed.value as RawRule;
  let failed = false;
  const compile = (src: string, path: Array<string | number>): Pattern | undefined => {
    try {
      return compilePattern(src, env.lexicon, checkRegex);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      problems.push({ severity: 'error', file, line: lineOf(parsed, path), message: `pattern "${src}": ${e.message}` });
      failed = true;
      return undefined;
    }
  };
  const patterns: Rule['patterns'] = [];
  (raw.patterns ?? []).forEach((p, i) => {
    const src = typeof p === 'string' ? p : p.match;
    const pattern = compile(src, ['patterns', i]);
    if (pattern) patterns.push({ pattern, suggest: (typeof p === 'string' ? undefined : p.suggest) ?? raw.suggest ?? [] });
  });
  const near = (list: RawNear[] | undefined, key: string): Near[] =>
    (list ?? []).map((n, i) => ({
      patterns: n.any.map((src, j) => compile(src, ['context', key, i, 'any', j])).filter((x): x is Pattern => !!x),
      within: n.within,
      side: n.side ?? 'both',
    }));
  const requires = near(raw.context?.requires, 'requires');
  const unless = near(raw.context?.unless, 'unless');
  const citations: Citation[] = [];
  raw.citations.forEach((c, i) => {
    const s = env.sources.get(c.source);
    if (!s) {
      problems.push({ severity: 'error', file, line: lineOf(parsed, ['citations', i, 'source']), message: `unknown source \`${c.source}\`: use one of ${[...env.sources.keys()].map((k) => `\`${k}\``).join(', ')} or add it to rules/sources.yml` });
      failed = true;
      return;
    }
    citations.push(formatCitation(s, c.locator, c.quote));
  });
  let claim: ClaimSpec | undefined;
  if (raw.kind === 'claim' && raw.claim) {
    const c = raw.claim;
    claim = {
      threats: c.threats.map((t, i) => compile(t, ['claim', 'threats', i])).filter((x): x is Pattern => !!x),
      prescriptions: new PhraseSet((c.prescriptions ?? []).map(compilePhrase)),
      actors: (c.actors ?? []).map((t, i) => compile(t, ['claim', 'actors', i])).filter((x): x is Pattern => !!x),
      purpose: new PhraseSet(c.purpose.map(compilePhrase)),
      purposeWindow: c.purposeWindow ?? 8,
      intentions: new PhraseSet(c.intentions.map(compilePhrase)),
      vague: new PhraseSet(c.vague.map(compilePhrase)),
      vagueMessage: c.vagueMessage,
      continuations: new PhraseSet(c.continuations.map(compilePhrase)),
    };
  }
  if (failed) return undefined;
  return {
    id,
    file,
    kind: raw.kind ?? 'phrase',
    category: raw.category,
    level: raw.level ?? CATEGORY_DEFAULTS[raw.category],
    message: raw.message.trim(),
    explanation: raw.explanation.trim(),
    patterns,
    requires,
    unless,
    ignore: new Set(raw.context?.ignore ?? []),
    pastTense: raw.context?.pastTense === 'describes',
    citations,
    examples: { flag: raw.examples.flag.map((e) => (typeof e === 'string' ? { text: e } : e)), pass: raw.examples.pass },
    claim,
    builtin: env.builtin,
  };
}
