// Phrase patterns over words. A pattern is a space-separated list of elements:
//   word        the word, any case ("u.s." also matches "US")
//   a|b|c       one of several words
//   word*       the word and its inflections (impose*: imposes, imposed, imposing)
//   <class>     any phrase of a named word class from rules/lexicon.yml (<region>, <us>, ...)
//   /regex/     one word matched by a regular expression (checked for safety at load time)
//   _  _{m,n}   any one word; between m and n words (n at most 8)
//   x?          any element followed by ? is optional
//   ( ... )     a capture group, available to suggestions as $1, $2, ...; ( ... )? is optional
// A pattern never matches across punctuation, except the hyphens and apostrophes inside words.
// Matching is a small backtracking search over a bounded pattern, so it costs at most
// O(words x pattern length x gap bound) per sentence: no pattern can blow up on hostile text.
import { inflections } from './inflect.js';
import { normalize, type Word } from './text.js';

type Element =
  | { kind: 'words'; forms: Set<string>; optional: boolean }
  | { kind: 'class'; name: string; phrases: PhraseSet; optional: boolean }
  | { kind: 'regex'; re: RegExp; optional: boolean }
  | { kind: 'gap'; min: number; max: number }
  | { kind: 'open'; group: number; optional: boolean; close: number }
  | { kind: 'close'; group: number };

export interface Pattern {
  source: string;
  elements: Element[];
  groups: number;
  /** Words the sentence must contain (one form of each set) for a match to be possible. */
  needs: Set<string>[];
  /** The smallest of `needs`: a sentence is only tried when it holds one of these forms. */
  anchor?: Set<string>;
}

export interface Match {
  /** Word indices, end exclusive. */
  from: number;
  to: number;
  captures: Array<[number, number] | undefined>;
}

export class PatternError extends Error {}

/**
 * A list of phrases (each a list of alternatives per word), indexed by the forms of its first
 * word so that finding a phrase at a position costs one map lookup, not a scan of the list.
 */
export class PhraseSet {
  private readonly byFirst = new Map<string, string[][][]>();
  constructor(readonly phrases: string[][][]) {
    for (const phrase of phrases) {
      for (const form of new Set(phrase[0])) {
        const list = this.byFirst.get(form);
        if (list) list.push(phrase);
        else this.byFirst.set(form, [phrase]);
      }
    }
  }
  startingWith(norm: string): string[][][] {
    return this.byFirst.get(norm) ?? NONE;
  }
}
const NONE: string[][][] = [];

/** Word classes: name -> phrases. */
export type Lexicon = Map<string, PhraseSet>;

export const MAX_GAP = 8;
const MAX_REGEX_LENGTH = 200;

/** Splits a written word or phrase into the word units the tokenizer produces. */
function units(text: string): string[] {
  return text
    .split(/\s+/)
    .flatMap((w) => w.split(/[-‐‑]+/))
    .filter((w) => w.length > 0);
}

function wordForms(piece: string): string[][] {
  // "zero-sum" is two words; "act*|acting" alternatives apply to a single word.
  return units(piece).map((unit) =>
    unit.split('|').flatMap((alt) => (alt.endsWith('*') ? inflections(alt.slice(0, -1)) : [normalize(alt)])),
  );
}

/** Compiles one lexicon phrase ("latin america", "decide*") into per-word alternatives. */
export function compilePhrase(phrase: string): string[][] {
  return units(phrase).map((unit) =>
    unit.split('|').flatMap((alt) => (alt.endsWith('*') ? inflections(alt.slice(0, -1)) : [normalize(alt)])),
  );
}

export function compilePattern(
  source: string,
  lexicon: Lexicon,
  checkRegex: (re: string) => string | undefined,
): Pattern {
  const elements: Element[] = [];
  const needs: Set<string>[] = [];
  let groups = 0;
  const open: number[] = [];
  // A /regex/ stays one piece; elsewhere parentheses are pieces of their own.
  const pieces = source
    .trim()
    .split(/\s+/)
    .flatMap((chunk) => (chunk.startsWith('/') ? [chunk] : (chunk.match(/\(|\)\?|\)|[^()]+/g) ?? [])));
  if (pieces.length === 0 || pieces[0] === '') throw new PatternError('the pattern is empty');
  const openAt: number[] = [];
  const needsMark: number[] = [];
  for (const raw of pieces) {
    if (raw === '(') {
      groups++;
      open.push(groups);
      openAt.push(elements.length);
      needsMark.push(needs.length);
      elements.push({ kind: 'open', group: groups, optional: false, close: -1 });
      continue;
    }
    if (raw === ')' || raw === ')?') {
      const g = open.pop();
      const at = openAt.pop();
      if (g === undefined || at === undefined) throw new PatternError(`unbalanced ")" in "${source}"`);
      const opener = elements[at] as Extract<Element, { kind: 'open' }>;
      opener.optional = raw === ')?';
      const mark = needsMark.pop() ?? needs.length;
      // Words inside an optional group are not required for a match.
      if (opener.optional) needs.length = mark;
      opener.close = elements.length;
      elements.push({ kind: 'close', group: g });
      continue;
    }
    if (/^[?*|]|\|$|\|\|/.test(raw)) throw new PatternError(`"${raw}" in "${source}" is not a word: write word?, word*, a|b`);
    const gap = /^_(?:\{(\d+),(\d+)\})?$/.exec(raw);
    if (gap) {
      const min = gap[1] === undefined ? 1 : Number(gap[1]);
      const max = gap[2] === undefined ? 1 : Number(gap[2]);
      if (max > MAX_GAP || min > max) throw new PatternError(`gap "${raw}" must be _{m,n} with m <= n <= ${MAX_GAP}`);
      elements.push({ kind: 'gap', min, max });
      continue;
    }
    const optional = raw.length > 1 && raw.endsWith('?') && !raw.startsWith('/');
    const body = optional ? raw.slice(0, -1) : raw;
    const regexOptional = raw.startsWith('/') && raw.endsWith('/?');
    if (body.startsWith('/')) {
      const reSource = regexOptional ? raw.slice(1, -2) : raw.slice(1, -1);
      if (!raw.endsWith('/') && !regexOptional) throw new PatternError(`regular expression "${raw}" must end with "/"`);
      if (reSource.length > MAX_REGEX_LENGTH) throw new PatternError(`regular expression is longer than ${MAX_REGEX_LENGTH} characters`);
      const problem = checkRegex(reSource);
      if (problem) throw new PatternError(problem);
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${reSource})$`, 'iu');
      } catch (e) {
        throw new PatternError(`invalid regular expression /${reSource}/: ${(e as Error).message}`);
      }
      elements.push({ kind: 'regex', re, optional: regexOptional });
      continue;
    }
    const cls = /^<([a-z][a-z0-9-]*)>$/.exec(body);
    if (cls) {
      const phrases = lexicon.get(cls[1]);
      if (!phrases) throw new PatternError(`unknown word class <${cls[1]}>; known classes: ${[...lexicon.keys()].map((k) => `<${k}>`).join(', ')}`);
      elements.push({ kind: 'class', name: cls[1], phrases, optional });
      continue;
    }
    if (/[<>]/.test(body)) throw new PatternError(`"${raw}": a word class like <region> must stand alone, not inside alternatives; write a second pattern instead`);
    const forms = wordForms(body);
    forms.forEach((f) => {
      const set = new Set(f);
      // Only the last unit of a hyphenated optional piece carries the "?".
      elements.push({ kind: 'words', forms: set, optional });
      if (!optional) needs.push(set);
    });
  }
  if (open.length > 0) throw new PatternError(`unbalanced "(" in "${source}"`);
  if (!elements.some((e) => e.kind === 'words' || e.kind === 'class' || e.kind === 'regex'))
    throw new PatternError(`pattern "${source}" has no word to match`);
  const anchor = needs.length > 0 ? needs.reduce((a, b) => (b.size < a.size ? b : a)) : undefined;
  return { source, elements, groups, needs, anchor };
}

/** True when the sentence contains at least one form of every required word. */
export function mayMatch(p: Pattern, norms: Set<string>): boolean {
  for (const need of p.needs) {
    let found = false;
    for (const f of need) {
      if (norms.has(f)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

export function matchAt(p: Pattern, words: Word[], from: number): Match | undefined {
  const caps: Array<[number, number] | undefined> = new Array(p.groups + 1).fill(undefined);
  const openAt: number[] = new Array(p.groups + 1).fill(-1);
  // `consumed` tells whether a word was already taken, so that punctuation before the first word
  // of the match does not count as crossing.
  const step = (w: number, consumed: boolean): boolean => w < words.length && (!consumed || !words[w].gapBefore);

  const go = (e: number, w: number, consumed: boolean): number => {
    if (e === p.elements.length) return w;
    const el = p.elements[e];
    switch (el.kind) {
      case 'open': {
        const before = openAt[el.group];
        openAt[el.group] = w;
        const r = go(e + 1, w, consumed);
        if (r >= 0) return r;
        openAt[el.group] = before;
        // An optional group may be skipped whole; its capture stays empty.
        return el.optional ? go(el.close + 1, w, consumed) : -1;
      }
      case 'close': {
        const before = caps[el.group];
        caps[el.group] = [openAt[el.group], w];
        const r = go(e + 1, w, consumed);
        if (r < 0) caps[el.group] = before;
        return r;
      }
      case 'gap': {
        for (let n = el.min; n <= el.max; n++) {
          let ok = true;
          for (let k = 0; k < n; k++) {
            if (!step(w + k, consumed || k > 0)) {
              ok = false;
              break;
            }
          }
          if (!ok) break;
          const r = go(e + 1, w + n, consumed || n > 0);
          if (r >= 0) return r;
        }
        return -1;
      }
      case 'words': {
        if (step(w, consumed) && el.forms.has(words[w].norm)) {
          const r = go(e + 1, w + 1, true);
          if (r >= 0) return r;
        }
        return el.optional ? go(e + 1, w, consumed) : -1;
      }
      case 'regex': {
        if (step(w, consumed) && words[w].text.length <= 100 && el.re.test(words[w].text)) {
          const r = go(e + 1, w + 1, true);
          if (r >= 0) return r;
        }
        return el.optional ? go(e + 1, w, consumed) : -1;
      }
      case 'class': {
        if (w >= words.length) return el.optional ? go(e + 1, w, consumed) : -1;
        const norm = words[w].norm;
        const candidates = el.phrases.startingWith(norm);
        const bare = stripPossessive(norm);
        const possessive = bare !== norm ? el.phrases.startingWith(bare).filter((p) => p.length === 1) : NONE;
        for (const phrase of possessive.length > 0 ? [...candidates, ...possessive] : candidates) {
          let k = 0;
          while (k < phrase.length && step(w + k, consumed || k > 0) && (phrase[k].includes(words[w + k].norm) || (k === phrase.length - 1 && phrase[k].includes(stripPossessive(words[w + k].norm))))) k++;
          if (k === phrase.length) {
            const r = go(e + 1, w + k, true);
            if (r >= 0) return r;
          }
        }
        return el.optional ? go(e + 1, w, consumed) : -1;
      }
    }
  };
  const end = go(0, from, false);
  if (end < 0 || end === from) return undefined;
  // A leading optional or gap must not make the match start on nothing.
  return { from, to: end, captures: caps };
}

/** All non-overlapping matches in a sentence, leftmost first. */
export function findAll(p: Pattern, words: Word[], norms: Set<string>): Match[] {
  if (!mayMatch(p, norms)) return [];
  const out: Match[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = matchAt(p, words, i);
    if (m) {
      out.push(m);
      i = m.to - 1;
    }
  }
  return out;
}

/** "america's" -> "america": a class phrase also matches in the possessive ("South America's lithium"). */
function stripPossessive(norm: string): string {
  return norm.endsWith("'s") ? norm.slice(0, -2) : norm.endsWith("'") ? norm.slice(0, -1) : norm;
}
