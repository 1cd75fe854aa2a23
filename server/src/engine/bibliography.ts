// Bibliographies: the writer's BibTeX and CSL-JSON files, parsed with @retorquere/bibtex-parser
// and JSON.parse, found from the document (front matter `bibliography:`, \bibliography{},
// \addbibresource{}), from settings and from the workspace. The engine uses them for the
// `unknown-citation` check, for ranking entries a claim could cite, for completion and hovers.
import { parse as parseBibtexText } from '@retorquere/bibtex-parser';
import { distance } from 'fastest-levenshtein';
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { LineIndex } from './positions.js';
import type { Source } from './rules.js';
import type { Language } from './types.js';

export interface BibEntry {
  key: string;
  type: string;
  title: string;
  /** Family names (or institutional names) in order. */
  authors: string[];
  year?: string;
  /** Journal, book, publisher or website the entry appeared in. */
  container?: string;
  keywords: string[];
  abstract?: string;
  file: string;
  /** 1-based line of the entry in its file. */
  line: number;
}

export interface BibProblem {
  file: string;
  line: number;
  message: string;
}

export type BibFormat = 'bibtex' | 'csl-json';

export interface BibFile {
  file: string;
  format: BibFormat;
  entries: BibEntry[];
  problems: BibProblem[];
}

/** A citation key written in a document, with its source range. */
export interface CitationRef {
  key: string;
  start: number;
  end: number;
}

export function formatOf(file: string): BibFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.bib' || ext === '.bibtex') return 'bibtex';
  if (ext === '.json') return 'csl-json';
  return undefined;
}

/** 1-based line of an offset; one index per file, so a long bibliography stays linear. */
const lineCounter = (text: string) => {
  const index = new LineIndex(text);
  return (offset: number) => index.position(offset).line + 1;
};

const plain = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(plain).join(', ') : v == null ? '' : String(v));
/** Strips the light markup the BibTeX parser leaves for case protection and font commands. */
const clean = (s: string) => s.replace(/<\/?(?:span|i|b|sup|sub|nc|ncx)[^>]*>/g, '').replace(/\s+/g, ' ').trim();

export function parseBibtex(text: string, file: string): BibFile {
  const problems: BibProblem[] = [];
  let result;
  try {
    result = parseBibtexText(text, { sentenceCase: false });
  } catch (e) {
    return { file, format: 'bibtex', entries: [], problems: [{ file, line: 1, message: `could not read this BibTeX file: ${(e as Error).message}` }] };
  }
  const lineAt = lineCounter(text);
  const lineOf = (input: string | undefined, fallback: string): number => {
    const at = input ? text.indexOf(input.slice(0, 80)) : -1;
    if (at >= 0) return lineAt(at);
    const m = /at line (\d+)/.exec(fallback);
    return m ? Number(m[1]) : 1;
  };
  for (const err of result.errors) {
    const input = (err as { input?: string }).input;
    const key = input ? /^@\w+\s*\{\s*([^,\s]+)/.exec(input)?.[1] : undefined;
    problems.push({ file, line: lineOf(input, err.error), message: `BibTeX error${key ? ` in entry '${key}'` : ''}: ${err.error}` });
  }
  const entries: BibEntry[] = [];
  let searchFrom = 0;
  for (const e of result.entries) {
    const f = e.fields as Record<string, unknown>;
    // An entry the parser could not read comes back empty; its error is reported above.
    if (!e.input) continue;
    const at = text.indexOf(e.input.slice(0, 80), searchFrom);
    if (at >= 0) searchFrom = at + 1;
    const authorList = (f.author ?? f.editor ?? []) as Array<{ lastName?: string; name?: string }>;
    const year = plain(f.year) || (plain(f.date).match(/\d{4}/)?.[0] ?? '');
    entries.push({
      key: e.key,
      type: e.type,
      title: clean(plain(f.title)),
      authors: Array.isArray(authorList) ? authorList.map((a) => clean(a.lastName ?? a.name ?? '')).filter(Boolean) : [],
      year: year || undefined,
      container: clean(plain(f.journal ?? f.journaltitle ?? f.booktitle ?? f.publisher ?? f.institution ?? f.organization ?? f.howpublished)) || undefined,
      keywords: (Array.isArray(f.keywords) ? f.keywords : plain(f.keywords).split(/[,;]/)).map((k) => clean(plain(k))).filter(Boolean),
      abstract: clean(plain(f.abstract)) || undefined,
      file,
      line: at >= 0 ? lineAt(at) : 1,
    });
  }
  return { file, format: 'bibtex', entries, problems };
}

interface CslItem {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  author?: Array<{ family?: string; literal?: string }>;
  editor?: Array<{ family?: string; literal?: string }>;
  issued?: { 'date-parts'?: unknown[][]; raw?: string; literal?: string };
  'container-title'?: unknown;
  publisher?: unknown;
  keyword?: unknown;
  abstract?: unknown;
}

/** True for JSON text that looks like CSL-JSON (an array of items with an id), read cheaply. */
export function looksLikeCslJson(text: string): boolean {
  return /^\s*\[\s*(\]|\{[\s\S]{0,2000}?"id"\s*:)/.test(text);
}

export function parseCslJson(text: string, file: string): BibFile {
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    return { file, format: 'csl-json', entries: [], problems: [{ file, line: m ? lineCounter(text)(Number(m[1])) : 1, message: `CSL-JSON error: ${(e as Error).message}` }] };
  }
  if (!Array.isArray(items)) return { file, format: 'csl-json', entries: [], problems: [{ file, line: 1, message: 'CSL-JSON error: expected an array of items' }] };
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [];
  const lineAt = lineCounter(text);
  let searchFrom = 0;
  items.forEach((raw, i) => {
    const item = raw as CslItem;
    const id = typeof item?.id === 'string' || typeof item?.id === 'number' ? String(item.id) : undefined;
    const idAt = id ? text.indexOf(JSON.stringify(id), searchFrom) : -1;
    if (idAt >= 0) searchFrom = idAt + 1;
    const line = idAt >= 0 ? lineAt(idAt) : 1;
    if (!id) {
      problems.push({ file, line, message: `CSL-JSON error: item ${i + 1} has no "id"` });
      return;
    }
    const names = item.author ?? item.editor ?? [];
    const parts = item.issued?.['date-parts']?.[0]?.[0];
    entries.push({
      key: id,
      type: plain(item.type) || 'document',
      title: plain(item.title),
      authors: Array.isArray(names) ? names.map((n) => n?.family ?? n?.literal ?? '').filter(Boolean) : [],
      year: parts !== undefined ? String(parts) : (item.issued?.raw ?? item.issued?.literal ?? '').match(/\d{4}/)?.[0],
      container: plain(item['container-title'] ?? item.publisher) || undefined,
      keywords: plain(item.keyword).split(/[,;]/).map((k) => k.trim()).filter(Boolean),
      abstract: plain(item.abstract) || undefined,
      file,
      line,
    });
  });
  return { file, format: 'csl-json', entries, problems };
}

export function parseBibliography(text: string, file: string): BibFile {
  return formatOf(file) === 'csl-json' ? parseCslJson(text, file) : parseBibtex(text, file);
}

/** "Ellis and Ortiz 2022", "UNODC et al. 2023", for completion details and fix titles. */
export function shortReference(e: BibEntry): string {
  const a = e.authors;
  const who = a.length === 0 ? e.key : a.length === 1 ? a[0] : a.length === 2 ? `${a[0]} and ${a[1]}` : `${a[0]} et al.`;
  return `${who}${e.year ? ` ${e.year}` : ''}`;
}

/** A one-line reference: "Ellis, Ortiz (2022). *Title*. Journal." (Markdown). */
export function formatReference(e: BibEntry): string {
  const who = e.authors.length ? e.authors.join(', ') : e.key;
  const parts = [`${who} (${e.year ?? 'n.d.'}).`];
  if (e.title) parts.push(`*${e.title}*.`);
  if (e.container) parts.push(`${e.container}.`);
  return parts.join(' ');
}

// --- Citation keys in documents -----------------------------------------------------------

/** A Pandoc citation key in prose text: @key, [@key], [-@key]; not an e-mail address. */
export const PANDOC_KEY = /(?<![\p{L}\d_.@])-?@([\p{L}\d_](?:[\p{L}\d_:.#$%&+?<>~/-]*[\p{L}\d_])?)/gu;

// --- Ranking entries for a claim -----------------------------------------------------------

const STOP = new Set(
  'a an the and or of in on at to for from by with as is are was were be been being has have had this that these those it its their our we they which who whom such than then there here into over under about across more most less very also not no nor but if so do does did can could may might will would should must directly each other both between within against among per'.split(' '),
);

/** Content words, lower-cased and reduced to a crude stem so "threats" meets "threat". */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/\p{L}[\p{L}'’-]*/gu)) {
    let w = m[0].replace(/['’]s$/, '');
    if (STOP.has(w) || w.length < 3) continue;
    w = w.replace(/(?:ies)$/, 'y').replace(/(?:ing|ed|es|s)$/, '');
    if (w.length >= 3) out.push(w);
  }
  return out;
}

export interface Ranked {
  entry: BibEntry;
  score: number;
}

/**
 * Entries ranked by the overlap between the claim's content words and each entry's title,
 * keywords and abstract; rarer words (over the bibliography) weigh more. Entries with no
 * overlap are left out.
 */
export function rankEntries(claim: string, entries: BibEntry[], limit = 3): Ranked[] {
  const words = new Set(contentWords(claim));
  if (words.size === 0) return [];
  const docs = entries.map((e) => {
    const title = new Set(contentWords(e.title));
    const rest = new Set(contentWords(`${e.keywords.join(' ')} ${e.abstract ?? ''}`));
    return { e, title, rest };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set([...d.title, ...d.rest])) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const ranked: Ranked[] = [];
  for (const d of docs) {
    let score = 0;
    for (const w of words) {
      const idf = Math.log(1 + n / (df.get(w) ?? 1));
      if (d.title.has(w)) score += 2 * idf;
      else if (d.rest.has(w)) score += idf;
    }
    if (score > 0) ranked.push({ entry: d.e, score });
  }
  ranked.sort((a, b) => b.score - a.score || a.entry.key.localeCompare(b.entry.key));
  return ranked.slice(0, limit);
}

/** Keys within a small edit distance of an unknown key, closest first. */
export function closestKeys(key: string, keys: Iterable<string>, limit = 3): string[] {
  const lower = key.toLowerCase();
  const max = Math.max(2, Math.floor(key.length / 3));
  return [...keys]
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter((x) => x.d <= max)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, limit)
    .map((x) => x.k);
}

// --- Writing citations and entries ---------------------------------------------------------

/** The citation of `keys` in a document's own syntax. Plain text gets a numbered note. */
export function citationMarkup(language: Language, keys: string[], note = 1): string {
  if (language === 'markdown') return `[${keys.map((k) => `@${k}`).join('; ')}]`;
  if (language === 'latex') return `\\cite{${keys.join(',')}}`;
  return `[${note}]`;
}

/** The next free note number in a plain-text document ("[1]", "[2]" already used: 3). */
export function nextNoteNumber(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/\[(\d{1,4})\]/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

const bibEscape = (s: string) => s.replace(/([&%$#_])/g, '\\$1');

/** A BibTeX entry for one of the essays the rules cite. */
export function bibtexForSource(s: Source): string {
  const author = s.author === 'Anonymous' ? '{Anonymous}' : s.author;
  const lines = [`@misc{${s.key},`, `  author = {${author}},`, `  title = {{${bibEscape(s.title)}}},`, `  howpublished = {${bibEscape(s.publication)}},`];
  if (/^\d{4}$/.test(s.year)) lines.push(`  year = {${s.year}},`);
  if (/^\d{4}-\d\d-\d\d$/.test(s.date)) lines.push(`  date = {${s.date}},`);
  lines.push('}');
  return lines.join('\n');
}

/** A CSL-JSON item for one of the essays the rules cite. */
export function cslForSource(s: Source): Record<string, unknown> {
  const [family, given] = s.author.split(/,\s*/);
  const item: Record<string, unknown> = {
    id: s.key,
    type: 'article',
    title: s.title,
    'container-title': s.publication,
    author: s.author === 'Anonymous' ? [{ literal: 'Anonymous' }] : [{ family, ...(given ? { given } : {}) }],
  };
  const parts = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s.date);
  if (parts) item.issued = { 'date-parts': [[Number(parts[1]), Number(parts[2]), Number(parts[3])]] };
  return item;
}

// --- Finding the bibliography files for a document -----------------------------------------

/** Paths named in a document (front matter or LaTeX), resolved against the document's folder. */
export function resolveReferences(docPath: string | undefined, named: string[], language: Language): string[] {
  const base = docPath ? dirname(docPath) : process.cwd();
  return named.map((n) => {
    let p = n.trim();
    if (language === 'latex' && !extname(p)) p += '.bib';
    return isAbsolute(p) ? p : resolve(base, p);
  });
}

/**
 * Reads and caches bibliography files by path and modification time. `overlay` supplies the text
 * of files open in the editor, which wins over the disk.
 */
export class BibliographyCache {
  private files = new Map<string, { stamp: string; bib: BibFile }>();
  private merged?: { files: BibFile[]; entries: Map<string, BibEntry> };
  overlay: (file: string) => string | undefined = () => undefined;

  forget(file?: string): void {
    if (file) this.files.delete(file);
    else this.files.clear();
    this.merged = undefined;
  }

  /** mergeEntries of these files, reused while the same parsed files come back (every keystroke). */
  entriesOf(files: BibFile[]): Map<string, BibEntry> {
    const m = this.merged;
    if (m && m.files.length === files.length && m.files.every((f, i) => f === files[i])) return m.entries;
    const entries = mergeEntries(files);
    this.merged = { files, entries };
    return entries;
  }

  load(file: string): BibFile {
    const open = this.overlay(file);
    let stamp: string;
    if (open !== undefined) stamp = `open:${open.length}:${hash(open)}`;
    else {
      try {
        const st = statSync(file);
        if (st.size > 20 * 1024 * 1024) return { file, format: formatOf(file) ?? 'bibtex', entries: [], problems: [{ file, line: 1, message: 'bibliography file over 20 MB: not read' }] };
        stamp = `${st.mtimeMs}:${st.size}`;
      } catch {
        return { file, format: formatOf(file) ?? 'bibtex', entries: [], problems: [{ file, line: 1, message: `bibliography file not found: ${file}` }] };
      }
    }
    const hit = this.files.get(file);
    if (hit && hit.stamp === stamp) return hit.bib;
    let text = open;
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        return { file, format: formatOf(file) ?? 'bibtex', entries: [], problems: [{ file, line: 1, message: `could not read bibliography: ${(e as Error).message}` }] };
      }
    }
    const bib = parseBibliography(text, file);
    this.files.set(file, { stamp, bib });
    return bib;
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** All entries of several files; the first file that defines a key wins. */
export function mergeEntries(files: BibFile[]): Map<string, BibEntry> {
  const map = new Map<string, BibEntry>();
  for (const f of files) for (const e of f.entries) if (!map.has(e.key)) map.set(e.key, e);
  return map;
}
