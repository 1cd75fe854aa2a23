// Which bibliography files a document uses, and the `unknown-citation` check: a citation key
// that no bibliography defines, with the closest keys as fixes. Shared by the CLI and the server.
import { openSync, readSync, closeSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { BibliographyCache, closestKeys, formatOf, looksLikeCslJson, resolveReferences, type BibEntry, type BibFile, type CitationRef } from './bibliography.js';
import type { LintSettings } from './lint.js';
import type { Finding, Language, Severity } from './types.js';

export const UNKNOWN_CITATION = 'unknown-citation';

export interface DocumentBibliography {
  /** Files in the order they were found: named by the document, by settings, in the workspace. */
  files: BibFile[];
  entries: Map<string, BibEntry>;
  /** The file new entries go to: the first one the document or settings name, else the first found. */
  primary?: BibFile;
}

const IGNORE = ['**/node_modules/**', '**/.git/**', '**/.cache/**', '**/.vscode/**', '**/dist/**', '**/out/**'];
const MAX_WORKSPACE_FILES = 200;

/** `*.bib` and CSL-JSON files under a workspace folder (JSON files are sniffed, not parsed). */
export function workspaceBibliographies(root: string): string[] {
  let found: string[];
  try {
    found = globSync(['**/*.bib', '**/*.json'], { cwd: root, ignore: IGNORE, absolute: true, deep: 6, dot: false });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const f of found.sort()) {
    if (out.length >= MAX_WORKSPACE_FILES) break;
    if (formatOf(f) === 'bibtex') out.push(f);
    else if (/(?:^|[\\/])(?:package(?:-lock)?|tsconfig.*|jsconfig|composer|settings|launch|tasks|extensions)\.json$/.test(f)) continue;
    else if (looksLikeCslJson(head(f))) out.push(f);
  }
  return out;
}

function head(file: string): string {
  try {
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  }
}

/** Paths or globs from a setting (`policylint.bibliography`), relative to the workspace folder. */
export function expandBibliographySetting(patterns: string[], root: string | undefined): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (!/[*?[{]/.test(p)) {
      out.push(isAbsolute(p) ? p : resolve(root ?? process.cwd(), p));
      continue;
    }
    try {
      out.push(...globSync([p], { cwd: root ?? process.cwd(), ignore: IGNORE, absolute: true }).sort());
    } catch {
      // A malformed glob matches nothing; settings validation reports it.
    }
  }
  return out;
}

export interface BibliographyQuery {
  docPath?: string;
  language: Language;
  /** Files the document names (front matter, \bibliography{}), as written. */
  named: string[];
  /** Paths or globs from settings or flags. */
  configured?: string[];
  /** The workspace folder, searched for bibliography files when given. */
  root?: string;
  /** Workspace files found earlier (the search is cached by the caller). */
  workspace?: string[];
}

export function documentBibliography(cache: BibliographyCache, q: BibliographyQuery): DocumentBibliography {
  const explicit = [...resolveReferences(q.docPath, q.named, q.language), ...expandBibliographySetting(q.configured ?? [], q.root)];
  const paths = [...new Set([...explicit, ...(q.workspace ?? [])])];
  const files = paths.filter((p) => formatOf(p) !== undefined).map((p) => cache.load(p));
  const primary = files.find((f) => explicit.includes(f.file) && !f.problems.some((p) => p.message.startsWith('bibliography file not found'))) ?? files.find((f) => f.entries.length > 0);
  return { files, entries: cache.entriesOf(files), primary };
}

/** Findings for citation keys no bibliography defines; none when the document has no bibliography. */
export function unknownCitations(source: string, citations: CitationRef[], bib: DocumentBibliography, settings: LintSettings): Finding[] {
  const setting = settings.rules[UNKNOWN_CITATION];
  if (setting === 'off' || bib.entries.size === 0) return [];
  const severity: Severity = setting ?? 'warning';
  const names = bib.files.filter((f) => f.entries.length > 0).map((f) => f.file.split(/[\\/]/).pop());
  const out: Finding[] = [];
  for (const c of citations) {
    if (bib.entries.has(c.key)) continue;
    const close = closestKeys(c.key, bib.entries.keys());
    out.push({
      ruleId: UNKNOWN_CITATION,
      category: 'citations',
      severity,
      message: `Citation key '${c.key}' is not in the bibliography (${names.join(', ')})${close.length ? `: did you mean ${close.map((k) => `'${k}'`).join(' or ')}?` : ''}`,
      start: c.start,
      end: c.end,
      actual: source.slice(c.start, c.end),
      suggestions: close.map((k) => ({ text: k, title: `Change to '${k}'`, edit: { start: c.start, end: c.end, newText: k }, safe: false })),
      citations: [],
    });
  }
  return out;
}
