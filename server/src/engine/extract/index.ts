import type { Language } from '../types.js';
import { extractLatex } from './latex.js';
import { extractMarkdown, type Extracted } from './markdown.js';
import { extractPlainText } from './plaintext.js';

export type { Extracted } from './markdown.js';
export type { Block } from './block.js';
export type { Directive } from './directives.js';

export function extract(source: string, language: Language): Extracted {
  switch (language) {
    case 'markdown':
      return extractMarkdown(source);
    case 'latex':
      return extractLatex(source);
    default:
      return extractPlainText(source);
  }
}

/** Maps a file name to the language it is linted as; undefined for files we do not lint. */
export function languageOf(fileName: string): Language | undefined {
  const lower = fileName.toLowerCase();
  if (/\.(md|markdown|mdown|mkd|mdx|qmd|rmd)$/.test(lower)) return 'markdown';
  if (/\.(tex|latex|ltx)$/.test(lower)) return 'latex';
  if (/\.(txt|text)$/.test(lower)) return 'plaintext';
  return undefined;
}
