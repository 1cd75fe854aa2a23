// The bibliography features of the language server: completion of citation keys after `@`,
// `[@` and `\cite{`, hovers on keys, "Cite ..." quick fixes for unsupported claims, and the
// edit that adds an essay to the writer's bibliography ("Insert reference for this finding").
import { CompletionItemKind, type CompletionItem, type Position, type Range, type TextEdit } from 'vscode-languageserver';
import {
  bibtexForSource,
  citationMarkup,
  cslForSource,
  formatReference,
  LineIndex,
  nextNoteNumber,
  rankEntries,
  shortReference,
  type BibEntry,
  type BibFile,
  type Language,
  type Source,
} from '../engine/index.js';

const MARKDOWN_KEY_BEFORE = /(?:^|[\s[;(])-?@([\p{L}\d_][\p{L}\d_:.#$%&+?<>~/-]*)?$/u;
const LATEX_CITE_BEFORE = /\\[a-zA-Z]*cite[a-zA-Z]*\*?(?:\[[^\]\n]*\]){0,2}\{([^}\n]*)$/;

/** The key being typed at the cursor, if the cursor is where a citation key goes. */
export function keyAtCursor(lineBefore: string, language: Language): { prefix: string } | undefined {
  if (language === 'markdown') {
    const m = MARKDOWN_KEY_BEFORE.exec(lineBefore);
    return m ? { prefix: m[1] ?? '' } : undefined;
  }
  if (language === 'latex') {
    const m = LATEX_CITE_BEFORE.exec(lineBefore);
    return m ? { prefix: (m[1].split(',').pop() ?? '').trimStart() } : undefined;
  }
  return undefined;
}

export function completionItems(entries: Map<string, BibEntry>, prefix: string, position: Position): CompletionItem[] {
  const range: Range = { start: { line: position.line, character: position.character - prefix.length }, end: position };
  const lower = prefix.toLowerCase();
  const items: CompletionItem[] = [];
  for (const e of entries.values()) {
    // Match the key, an author or a title word, so "@cocaine" finds unodc2023.
    const haystack = `${e.key} ${e.authors.join(' ')} ${e.title}`.toLowerCase();
    if (lower && !haystack.includes(lower)) continue;
    items.push({
      label: e.key,
      kind: CompletionItemKind.Reference,
      detail: `${shortReference(e)}${e.title ? `: ${e.title}` : ''}`,
      documentation: { kind: 'markdown', value: formatReference(e) },
      filterText: `${e.key} ${e.authors.join(' ')} ${e.title}`,
      sortText: e.key.toLowerCase().startsWith(lower) ? `0${e.key}` : `1${e.key}`,
      textEdit: { range, newText: e.key },
    });
  }
  return items;
}

export function keyHover(e: BibEntry): string {
  const where = e.file.split(/[\\/]/).pop();
  return `**${e.key}** — ${formatReference(e)}\n\n*${where}, line ${e.line}*`;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/** A reference in plain text, for a numbered note at the end of a plain-text draft. */
const plainReference = (e: BibEntry) => formatReference(e).replace(/\*/g, '');

export interface CiteFix {
  title: string;
  edits: TextEdit[];
}

/**
 * "Cite ..." fixes for a claim that ends at `claimEnd`: the entries whose title, keywords and
 * abstract share the most words with the claim, cited in the document's own syntax.
 */
export function citeFixes(text: string, language: Language, claim: string, claimEnd: Position, entries: BibEntry[], limit = 3): CiteFix[] {
  return rankEntries(claim, entries, limit).map(({ entry }) => {
    const label = `Cite ${shortReference(entry)}${entry.title ? `: ${cut(entry.title, 60)}` : ''}`;
    const { edits, note } = citeEdits(text, language, claimEnd, entry.key, plainReference(entry));
    return { title: note ? `${label} (note [${note}])` : label, edits };
  });
}

/**
 * The edits that cite `key` at `at` in the document's own syntax: ` [@key]`, `~\cite{key}`, or
 * in plain text a numbered note ` [n]` with `reference` added at the end of the document.
 */
export function citeEdits(text: string, language: Language, at: Position, key: string, reference: string): { edits: TextEdit[]; note?: number } {
  if (language === 'plaintext') {
    const note = nextNoteNumber(text);
    const end = new LineIndex(text).position(text.length);
    return {
      note,
      edits: [
        { range: { start: at, end: at }, newText: ` ${citationMarkup(language, [key], note)}` },
        { range: { start: end, end }, newText: `${text.endsWith('\n') ? '' : '\n'}\n[${note}] ${reference}\n` },
      ],
    };
  }
  const markup = citationMarkup(language, [key]);
  return { edits: [{ range: { start: at, end: at }, newText: language === 'latex' ? `~${markup}` : ` ${markup}` }] };
}

/** Where a new entry goes in a bibliography file's text, and the text to insert there. */
export function appendEntry(bibText: string, format: BibFile['format'], source: Source): { offset: number; newText: string } {
  if (format === 'bibtex') {
    const sep = bibText.length === 0 ? '' : bibText.endsWith('\n\n') ? '' : bibText.endsWith('\n') ? '\n' : '\n\n';
    return { offset: bibText.length, newText: `${sep}${bibtexForSource(source)}\n` };
  }
  const item = JSON.stringify(cslForSource(source), null, 2).replace(/\n/g, '\n  ');
  const close = bibText.lastIndexOf(']');
  if (close < 0) return { offset: bibText.length, newText: `[\n  ${item}\n]\n` };
  const before = bibText.slice(0, close).trimEnd();
  const empty = before.endsWith('[');
  // After the last item, before the closing bracket: keeps the file valid JSON.
  const at = before.length;
  return { offset: at, newText: `${empty ? '' : ','}\n  ${item}${empty ? '\n' : ''}` };
}
