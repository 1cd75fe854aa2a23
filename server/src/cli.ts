#!/usr/bin/env node
// policylint: lint foreign-policy drafts from the command line or in CI.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { languageOf, Project, type Problem, type Rule } from './engine/index.js';
import { expandArgs, decodeDraft, readDraft } from './cli/files.js';
import { toJson, toSarif, toText, VERSION, type FileReport } from './cli/formats.js';

const HELP = `Usage: policylint [options] <files, folders or globs...>

Lints Markdown (.md), plain text (.txt) and LaTeX (.tex) drafts for hegemonic, unilateral,
zero-sum, militarised and paternalistic framing and unsupported security claims.

Options:
  --format <text|json|sarif>   output format (default: text)
  --stdin                      read the draft from standard input
  --stdin-filename <name>      file name for --stdin (decides the language and the config)
  --rules <dir>                an extra folder of rule files (repeatable)
  --config <file>              use this config file instead of searching for .policylintrc.*
  --bibliography <file|glob>   a BibTeX or CSL-JSON bibliography for citation checks (repeatable)
  --lint-quotations            also lint text inside quotation marks
  --quiet                      report errors only
  --max-warnings <n>           exit 1 when there are more than n warnings
  --no-color                   plain text output
  -h, --help                   show this help
  -v, --version                show the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 usage, config or rule-file error.`;

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => string;
  isTTY: boolean;
}

export function run(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        stdin: { type: 'boolean', default: false },
        'stdin-filename': { type: 'string' },
        rules: { type: 'string', multiple: true, default: [] },
        bibliography: { type: 'string', multiple: true, default: [] },
        config: { type: 'string' },
        'lint-quotations': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'max-warnings': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    io.stderr(`policylint: ${(e as Error).message}\nRun policylint --help for usage.`);
    return 2;
  }
  const o = parsed.values;
  if (o.help) {
    io.stdout(HELP);
    return 0;
  }
  if (o.version) {
    io.stdout(VERSION);
    return 0;
  }
  const format = o.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`policylint: unknown --format "${format}": use text, json or sarif`);
    return 2;
  }
  let maxWarnings = Infinity;
  if (o['max-warnings'] !== undefined) {
    maxWarnings = Number(o['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      io.stderr(`policylint: --max-warnings needs a whole number, got "${o['max-warnings']}"`);
      return 2;
    }
  }
  if (!o.stdin && parsed.positionals.length === 0) {
    io.stderr('policylint: no files given. Example: policylint draft.md\nRun policylint --help for usage.');
    return 2;
  }

  const project = new Project();
  const overrides = {
    configFile: o.config ? resolve(o.config) : undefined,
    rulePaths: (o.rules as string[]).map((d) => resolve(d)),
    settings: o['lint-quotations'] ? { lintQuotations: true } : undefined,
    bibliography: (o.bibliography as string[]).map((b) => (/[*?[{]/.test(b) ? b : resolve(b))),
  };
  const bibProblems = new Map<string, string>();
  const reports: FileReport[] = [];
  const setupProblems = new Map<string, Problem>();
  let rules: Rule[] = [];

  const lintOne = (file: string, text: string, realPath: string | undefined) => {
    const language = languageOf(file) ?? 'plaintext';
    const result = project.lint(text, language, realPath, overrides);
    for (const p of result.setup.problems) setupProblems.set(`${p.file}:${p.line}:${p.message}`, p);
    for (const p of result.problems) setupProblems.set(`${p.file}:${p.line}:${p.message}`, p);
    rules = result.setup.ruleset.rules;
    for (const f of result.bibliography?.files ?? []) for (const p of f.problems) bibProblems.set(`${p.file}:${p.line}: ${p.message}`, p.message);
    const findings = o.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
    reports.push({ file, text, findings });
  };

  if (o.stdin) {
    const name = (o['stdin-filename'] as string | undefined) ?? '<stdin>';
    const decoded = decodeDraft(Buffer.from(io.stdin(), 'utf8'));
    if ('error' in decoded) reports.push({ file: name, text: '', findings: [], error: decoded.error });
    else lintOne(name, decoded.text, o['stdin-filename'] ? resolve(name) : undefined);
  }
  const { files, missing } = expandArgs(parsed.positionals);
  for (const m of missing) reports.push({ file: m, text: '', findings: [], error: 'no such file, folder or matching glob' });
  for (const file of files) {
    const read = readDraft(file);
    if ('error' in read) reports.push({ file, text: '', findings: [], error: read.error });
    else lintOne(file, read.text, resolve(file));
  }
  if (rules.length === 0) rules = project.setupFor(undefined, overrides).ruleset.rules;

  for (const where of bibProblems.keys()) io.stderr(where);
  for (const p of setupProblems.values()) io.stderr(`${p.file ?? 'policylint'}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  const color = o['no-color'] ? false : (o.color ?? io.isTTY) && !process.env.NO_COLOR;
  io.stdout(format === 'json' ? toJson(reports) : format === 'sarif' ? toSarif(reports, rules) : toText(reports, color));

  if (setupProblems.size > 0) return 2;
  const all = reports.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length + reports.filter((r) => r.error).length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

// Run only as a program, not when a test imports run().
const invoked = process.argv[1] ? resolve(process.argv[1]) : '';
if (/policylint(\.m?js)?$|cli\.m?js$/.test(invoked)) {
  const code = run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s + '\n'),
    stderr: (s) => process.stderr.write(s + '\n'),
    stdin: () => readFileSync(0, 'utf8'),
    isTTY: !!process.stdout.isTTY,
  });
  process.exitCode = code;
}
