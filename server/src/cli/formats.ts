// Output formats of the CLI: text for people, JSON for tools (a fixed shape others depend on),
// SARIF 2.1.0 for code-scanning services.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import pc from 'picocolors';
import { LineIndex, UNKNOWN_CITATION, type Finding, type Rule, type Severity } from '../engine/index.js';

export interface FileReport {
  /** The path as the user gave it (or the --stdin-filename). */
  file: string;
  text: string;
  findings: Finding[];
  /** A file that could not be linted: unreadable, binary. */
  error?: string;
}

export const VERSION = '0.1.0';
export const DOCS_BASE = 'https://github.com/policylint/policylint/blob/v0.1.0/rules/';

/** The documentation of a built-in rule: its YAML file in the repository, pinned to the release. */
export function docsUrl(ruleId: string, category: string): string {
  if (category === 'citations') return `${DOCS_BASE.replace(/rules\/$/, '')}README.md#evidence-and-citations`;
  return `${DOCS_BASE}${category}/${ruleId}.yml`;
}

/** The SARIF descriptor of the bibliography check, which is built in rather than a rule file. */
const UNKNOWN_CITATION_DESCRIPTOR: ReportingDescriptor = {
  id: UNKNOWN_CITATION,
  name: 'UnknownCitation',
  shortDescription: { text: 'Citation key not found in any bibliography' },
  fullDescription: { text: 'A citation key (Pandoc @key or LaTeX \\cite{key}) that none of the document\'s bibliography files defines.' },
  helpUri: docsUrl(UNKNOWN_CITATION, 'citations'),
  defaultConfiguration: { level: 'warning' },
  properties: { category: 'citations', tags: ['citations'] },
};

export function ruleDocsUrl(rule: Pick<Rule, 'id' | 'category' | 'builtin'>): string | undefined {
  return rule.builtin ? docsUrl(rule.id, rule.category) : undefined;
}

function range(index: LineIndex, f: Finding) {
  return { start: index.position(f.start), end: index.position(f.end) };
}

export function toJson(reports: FileReport[]): string {
  const out = reports.map((r) => {
    const index = new LineIndex(r.text);
    return {
      file: r.file,
      diagnostics: r.findings.map((f) => ({
        ruleId: f.ruleId,
        category: f.category,
        severity: f.severity,
        message: f.message,
        range: range(index, f),
        suggestions: f.suggestions.map((s) => s.text),
        citations: f.citations.map((c) => ({ source: c.source, locator: c.locator, quote: c.quote, text: c.text })),
      })),
      ...(r.error ? { error: r.error } : {}),
    };
  });
  return JSON.stringify(out, null, 2);
}

const SARIF_LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(reports: FileReport[], rules: Rule[]): string {
  const used = new Set(reports.flatMap((r) => r.findings.map((f) => f.ruleId)));
  const descriptors: ReportingDescriptor[] = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({
      id: r.id,
      name: r.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: r.message.replace(/'?%s'?/g, 'this phrase') },
      fullDescription: { text: r.explanation },
      help: {
        text: `${r.explanation}\n\n${r.citations.map((c) => `${c.short}: "${c.quote}"`).join('\n')}`,
        markdown: `${r.explanation}\n\n${r.citations.map((c) => `> ${c.quote}\n>\n> — ${c.text} (${c.locator})`).join('\n\n')}`,
      },
      helpUri: ruleDocsUrl(r),
      defaultConfiguration: { level: SARIF_LEVEL[r.level] },
      properties: { category: r.category, tags: [r.category], citations: r.citations.map((c) => ({ source: c.source, locator: c.locator, quote: c.quote, text: c.text })) },
    }));
  if (reports.some((r) => r.findings.some((f) => f.ruleId === UNKNOWN_CITATION))) descriptors.push(UNKNOWN_CITATION_DESCRIPTOR);
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = reports.flatMap((r) => {
    const index = new LineIndex(r.text);
    return r.findings.map((f): Result => {
      const { start, end } = range(index, f);
      return {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: r.file.split('\\').join('/') },
              // SARIF lines and columns are 1-based; columns count UTF-16 code units, as ours do.
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, snippet: { text: f.actual } },
            },
          },
        ],
        fixes: f.suggestions.slice(0, 1).map((s) => {
          const a = index.position(s.edit.start);
          const b = index.position(s.edit.end);
          return {
            description: { text: s.title },
            artifactChanges: [
              {
                artifactLocation: { uri: r.file.split('\\').join('/') },
                replacements: [{ deletedRegion: { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 }, insertedContent: { text: s.edit.newText } }],
              },
            ],
          };
        }),
        properties: { category: f.category },
      };
    });
  });
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'PolicyLint', version: VERSION, informationUri: 'https://github.com/policylint/policylint', rules: descriptors } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: reports
              .filter((r) => r.error)
              .map((r) => ({ level: 'error' as const, message: { text: `${r.file}: ${r.error}` } })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

export function toText(reports: FileReport[], color: boolean): string {
  const c = pc.createColors(color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, information: c.blue, hint: c.dim };
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of reports) {
    if (r.error) {
      lines.push(`${r.file}: ${c.red('error')}  ${r.error}`);
      continue;
    }
    const index = new LineIndex(r.text);
    for (const f of r.findings) {
      counts[f.severity]++;
      const p = index.position(f.start);
      lines.push(`${r.file}:${p.line + 1}:${p.character + 1}  ${paint[f.severity](f.severity)}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (f.suggestions.length > 0) lines.push(`    ${c.green('better:')} ${f.suggestions.map((s) => s.text).join(' | ')}`);
      const cite = f.citations[0];
      if (cite) lines.push(`    ${c.cyan('source:')} ${cite.short}: "${cite.quote}"`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = reports.length;
  if (total === 0) lines.push(c.green(`No findings in ${files} file${files === 1 ? '' : 's'}.`));
  else
    lines.push(
      (counts.error > 0 ? c.red : c.yellow)(
        `${total} finding${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information, ${counts.hint} hint${counts.hint === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}.`,
      ),
    );
  return lines.join('\n');
}
