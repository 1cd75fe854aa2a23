// Splits a document into chunks that can be analysed on their own, so that an edit re-analyses
// only the chunk it touched. A Markdown chunk boundary is a blank line followed by a line that
// starts in column 0, outside fenced code, $$ math, front matter and HTML blocks (which may hold
// blank lines). Indented lines never start a chunk: they may continue a list item. Plain text
// splits at every paragraph. LaTeX is one chunk (environments span blank lines).
import type { Language } from './types.js';

export interface Chunk {
  start: number;
  end: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_RAW = /^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i;

export function splitChunks(text: string, language: Language): Chunk[] {
  return [...chunksOf(text, language)];
}

/** The same chunks, one at a time, so that a long document's split can pause with its lint. */
export function chunksOf(text: string, language: Language): Generator<Chunk> {
  return merge(text, rawChunks(text, language));
}

function* rawChunks(text: string, language: Language): Generator<Chunk> {
  if (language === 'latex' || text.length === 0) {
    yield { start: 0, end: text.length };
    return;
  }
  let chunkStart = 0;
  let fence: string | undefined; // the opening fence run, while inside fenced code
  let math = false;
  let comment = false;
  let raw: string | undefined; // closing tag of an HTML block of type 1
  let frontMatter = false;
  let sawBlank = false;
  let pos = 0;
  let lineNo = 0;
  // Without carriage returns a line ends at the next line feed, found natively.
  const hasCR = text.includes('\r');
  while (pos < text.length) {
    // One line: [pos, eol), its first character that is not a space or tab at `first`.
    let eol: number;
    if (!hasCR) {
      eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length;
    } else {
      eol = pos;
      while (eol < text.length && text.charCodeAt(eol) !== 10 && text.charCodeAt(eol) !== 13) eol++;
    }
    let first = pos;
    for (let c = text.charCodeAt(first); first < eol && (c === 32 || c === 9 || c === 11 || c === 12); c = text.charCodeAt(++first));
    if (first === eol) first = -1;
    let next = eol;
    if (text.charCodeAt(next) === 13) next++;
    if (text.charCodeAt(next) === 10) next++;
    const blank = first < 0;
    const lead = blank ? 0 : text.charCodeAt(first);
    // Only lines that start with one of these characters can open or close a block we track.
    const special = lead === 96 /* ` */ || lead === 126 /* ~ */ || lead === 36 /* $ */ || lead === 60 /* < */ || lead === 45 /* - */ || lead === 43 /* + */ || lead === 46 /* . */;

    if (language === 'markdown') {
      const inside = fence !== undefined || math || comment || raw !== undefined || frontMatter;
      if (!inside && !blank && sawBlank && first === pos && pos > chunkStart) {
        yield { start: chunkStart, end: pos };
        chunkStart = pos;
      }
      // Update the block state with this line.
      if (inside || special) {
        const line = text.slice(pos, eol);
        if (lineNo === 0 && /^(---|\+\+\+)\s*$/.test(line)) frontMatter = true;
        else if (frontMatter) {
          if (/^(---|\.\.\.|\+\+\+)\s*$/.test(line)) frontMatter = false;
        } else if (fence !== undefined) {
          const m = FENCE.exec(line);
          if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
        } else if (math) {
          if (/\$\$\s*$/.test(line)) math = false;
        } else if (comment) {
          if (line.includes('-->')) comment = false;
        } else if (raw !== undefined) {
          if (line.toLowerCase().includes(raw)) raw = undefined;
        } else {
          const f = FENCE.exec(line);
          if (f) fence = f[1];
          else if (line.trim().startsWith('$$')) math = !(line.trim().length > 2 && line.trim().endsWith('$$'));
          else if (/^ {0,3}<!--/.test(line) && !line.includes('-->')) comment = true;
          else {
            const h = HTML_RAW.exec(line);
            if (h && !line.toLowerCase().includes(`</${h[1].toLowerCase()}>`)) raw = `</${h[1].toLowerCase()}>`;
          }
        }
      }
    } else if (!blank && sawBlank && pos > chunkStart) {
      yield { start: chunkStart, end: pos };
      chunkStart = pos;
    }
    sawBlank = blank;
    pos = next;
    lineNo++;
  }
  yield { start: chunkStart, end: text.length };
}

/**
 * Each parse has a fixed cost, so tiny chunks are merged. Whether a boundary is kept depends only
 * on the text right after it (a hash of its first 32 characters), so an edit changes the merged
 * chunks around it and no others: merging never cascades through the document.
 */
function* merge(text: string, chunks: Iterable<Chunk>): Generator<Chunk> {
  let last: Chunk | undefined;
  for (const c of chunks) {
    if (last && !keep(text, c.start) && c.end - last.start < 16384) last.end = c.end;
    else {
      if (last) yield last;
      last = c;
    }
  }
  if (last) yield last;
}

function keep(text: string, at: number): boolean {
  let h = 2166136261;
  const end = Math.min(text.length, at + 32);
  for (let i = at; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % 4 === 0;
}
