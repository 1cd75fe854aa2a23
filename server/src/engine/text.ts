// Sentences and words of a prose block, from parse-english (NLCST). Hyphenated words are split
// into parts ("zero-sum" -> zero, sum) so that a pattern written "zero-sum" matches "zero sum"
// too, and every word knows whether punctuation separates it from the previous word.
import { ParseEnglish } from 'parse-english';
import { toString } from 'nlcst-to-string';
import type { Block } from './extract/block.js';

export interface Word {
  /** Text as written in the block. */
  text: string;
  /** Lower case, curly apostrophes straightened, "US" read as "u.s.". */
  norm: string;
  /** Block offsets, end exclusive. */
  start: number;
  end: number;
  /** Index in its sentence's words. */
  index: number;
  /** Punctuation (other than a joining hyphen) stands between this word and the previous one. */
  gapBefore: boolean;
  /** Clause number inside the sentence; commas, semicolons, colons, dashes and brackets start a new one. */
  clause: number;
  /** Inside quotation marks. */
  quoted: boolean;
}

export interface Sentence {
  block: Block;
  blockIndex: number;
  /** Index of the sentence inside its block. */
  index: number;
  start: number;
  end: number;
  text: string;
  words: Word[];
  question: boolean;
}

const parser = new ParseEnglish();
const CLAUSE_BREAK = /[,;:—–()[\]]/;

export function normalize(word: string): string {
  if (word === 'US' || word === 'USA' || word === 'U.S.A.' || word === 'U.S.A') return 'u.s.';
  const lower = word.toLowerCase().replace(/[’‘`]/g, "'");
  // A full stop glued to the last word of a sentence ("War.") is not part of the word; the
  // dots of "u.s." and "e.g." are.
  return /^[^.]+\.$/.test(lower) && lower.length > 2 ? lower.slice(0, -1) : lower;
}

/** Spans [start, end) of the block text that stand inside quotation marks. */
export function quoteSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let dbl = -1; // offset after an open double quote
  let sgl = -1;
  const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const prev = text[i - 1];
    const next = text[i + 1];
    if (c === '"' || c === '«' || c === '»') {
      if (c === '"' ? dbl < 0 : c === '«') dbl = i + 1;
      else if (dbl >= 0) {
        spans.push([dbl, i]);
        dbl = -1;
      }
    } else if (c === '“') dbl = i + 1;
    else if (c === '”') {
      if (dbl >= 0) spans.push([dbl, i]);
      dbl = -1;
    } else if (c === '`' && next === '`') {
      dbl = i + 2;
      i++;
    } else if (c === "'" && next === "'" && dbl >= 0) {
      spans.push([dbl, i]);
      dbl = -1;
      i++;
    } else if (c === '‘' || (c === "'" && !isLetter(prev) && isLetter(next))) {
      sgl = i + 1;
    } else if ((c === '’' || c === "'") && sgl >= 0 && !isLetter(next)) {
      spans.push([sgl, i]);
      sgl = -1;
    }
  }
  return spans;
}

interface NlcstNode {
  type: string;
  children?: NlcstNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/** parse-english slows down with the square of a paragraph's length; long blocks are parsed in pieces. */
const PIECE = 8192;

/** Pieces of at most about PIECE characters, cut after a sentence end (or a space) where possible. */
function pieces(text: string): Array<[number, number]> {
  if (text.length <= PIECE * 2) return [[0, text.length]];
  const out: Array<[number, number]> = [];
  let start = 0;
  while (text.length - start > PIECE * 2) {
    // Scan back from the piece's end for whitespace after a full stop (else any whitespace).
    let cut = -1;
    let space = -1;
    for (let i = start + PIECE; i > start + PIECE / 2; i--) {
      if (/\s/.test(text[i]) && !/\s/.test(text[i + 1] ?? '')) {
        if (space < 0) space = i + 1;
        if (/[.!?]/.test(text[i - 1])) {
          cut = i + 1;
          break;
        }
      }
    }
    if (cut < 0) cut = space > 0 ? space : start + PIECE;
    out.push([start, cut]);
    start = cut;
  }
  out.push([start, text.length]);
  return out;
}

export function sentencesOf(block: Block, blockIndex: number): Sentence[] {
  const quotes = quoteSpans(block.text);
  let q = 0;
  // Words arrive in order, so one pointer walks the quote spans: linear, not words x quotes.
  const inQuote = (offset: number) => {
    while (q < quotes.length && quotes[q][1] <= offset) q++;
    return q < quotes.length && offset >= quotes[q][0] && offset < quotes[q][1];
  };
  const out: Sentence[] = [];
  for (const [from, to] of pieces(block.text)) sentencesOfPiece(block, blockIndex, from, to, inQuote, out);
  return out;
}

function sentencesOfPiece(block: Block, blockIndex: number, from: number, to: number, inQuote: (offset: number) => boolean, out: Sentence[]): void {
  const tree = shift(parser.parse(block.text.slice(from, to)) as unknown as NlcstNode, from);
  for (const paragraph of tree.children ?? []) {
    for (const sentence of paragraph.children ?? []) {
      if (sentence.type !== 'SentenceNode') continue;
      const words: Word[] = [];
      let gap = false;
      let clause = 0;
      for (const node of sentence.children ?? []) {
        const nodeStart = node.position?.start.offset ?? 0;
        if (node.type === 'WordNode') {
          const raw = toString(node as never);
          for (const part of raw.matchAll(/[^-‐‑]+/g)) {
            const start = nodeStart + part.index;
            words.push({
              text: part[0],
              norm: normalize(part[0]),
              start,
              end: start + part[0].length,
              index: words.length,
              gapBefore: gap,
              clause,
              quoted: inQuote(start),
            });
            gap = false;
          }
        } else if (node.type === 'PunctuationNode' || node.type === 'SymbolNode') {
          const value = toString(node as never);
          gap = true;
          if (CLAUSE_BREAK.test(value)) clause++;
        }
      }
      const start = sentence.position?.start.offset ?? 0;
      const end = sentence.position?.end.offset ?? start;
      for (const part of splitAfterAbbreviations(words, start, end)) {
        const text = block.text.slice(part.start, part.end);
        out.push({ block, blockIndex, index: out.length, start: part.start, end: part.end, text, words: part.words, question: /\?["'”’)\]]*\s*$/.test(text) });
      }
    }
  }
}

/** Moves NLCST offsets of a piece to block offsets. */
function shift(node: NlcstNode, by: number): NlcstNode {
  if (by === 0) return node;
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    // Nodes may share point objects, so each node gets shifted copies instead of mutations.
    if (n.position) {
      const { start, end } = n.position;
      n.position = {
        start: { ...start, offset: start.offset === undefined ? undefined : start.offset + by },
        end: { ...end, offset: end.offset === undefined ? undefined : end.offset + by },
      };
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return node;
}

/** Words that open a sentence and hardly ever follow an abbreviation inside one. */
const OPENERS = new Set(['however', 'but', 'the', 'this', 'these', 'that', 'those', 'it', 'in', 'yet', 'therefore', 'thus', 'moreover', 'meanwhile', 'instead', 'today', 'we', 'they', 'still', 'furthermore', 'additionally', 'hence', 'nevertheless', 'as', 'such', 'since', 'although', 'while']);

/**
 * parse-english keeps "U.S." as one word and so never ends a sentence after it: "... on the
 * rise in U.S. However, even today ..." stays one sentence. Split there when a capitalised
 * sentence opener follows an abbreviation.
 */
function splitAfterAbbreviations(words: Word[], start: number, end: number): Array<{ start: number; end: number; words: Word[] }> {
  const parts: Array<{ start: number; end: number; words: Word[] }> = [];
  let from = 0;
  let partStart = start;
  for (let i = 1; i < words.length; i++) {
    const prev = words[i - 1];
    const w = words[i];
    if (/\.$/.test(prev.text) && /^\p{Lu}/u.test(w.text) && OPENERS.has(w.norm) && !w.gapBefore) {
      parts.push({ start: partStart, end: prev.end, words: words.slice(from, i) });
      from = i;
      partStart = w.start;
    }
  }
  parts.push({ start: partStart, end, words: words.slice(from) });
  return parts.map((p) => ({ ...p, words: p.words.map((w, index) => ({ ...w, index, clause: w.clause - p.words[0].clause })) }));
}

/**
 * Is the clause holding word `at` a question? Looks for the first sentence-ending mark after
 * the word, outside words (so the dots of "U.S." do not count): "An American backyard or A
 * Real Partner?Over the course ..." asks, even though the sentence runs on.
 */
export function asksAt(s: Sentence, at: number): boolean {
  if (s.question) return true;
  let i = s.words[at].end;
  let w = at + 1;
  while (i < s.end) {
    if (w < s.words.length && i >= s.words[w].start) {
      // Run-on text glues sentences into one word: "Partner?Over".
      if (/\p{L}\?\p{L}/u.test(s.words[w].text)) return true;
      if (/\p{Ll}[.!]\p{Lu}/u.test(s.words[w].text)) return false;
      i = s.words[w].end;
      w++;
      continue;
    }
    const c = s.block.text[i];
    if (c === '?') return true;
    if (c === '.' || c === '!') return false;
    i++;
  }
  return false;
}
