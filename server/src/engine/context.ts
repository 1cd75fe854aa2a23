// The context every rule gets for free. The essays use the very words they criticise, so a match
// only counts when the writer uses the framing: not in quotation marks, not negated or contrasted
// ("instead of a backyard"), not talked about ("calling the region a backyard"), not narrated as
// history, not asked. Cue words come from rules/lexicon.yml.
import { compilePhrase, PhraseSet } from './pattern.js';
import { asksAt, type Sentence, type Word } from './text.js';

export interface ContextLexicon {
  negators: PhraseSet;
  negatorWindow: number;
  negatorsAfter: PhraseSet;
  negatorAfterWindow: number;
  contrast: PhraseSet;
  contrastWindow: number;
  remedy: PhraseSet;
  clauseBreaks: PhraseSet;
  critical: PhraseSet;
  criticalWindow: number;
  criticalLater: PhraseSet;
  criticalLaterWindow: number;
  clauseNegators: PhraseSet;
  pastIrregular: PhraseSet;
  criticalAfter: PhraseSet;
  criticalAfterWindow: number;
  speech: PhraseSet;
  historical: PhraseSet;
  modals: PhraseSet;
  hedges: PhraseSet;
  affirming: PhraseSet;
}

export type ContextRaw = { [K in keyof ContextLexicon]: ContextLexicon[K] extends number ? number : string[] };

export function compileContext(raw: ContextRaw): ContextLexicon {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(raw)) out[k] = Array.isArray(v) ? new PhraseSet(v.map((p) => compilePhrase(String(p)))) : v;
  return out as unknown as ContextLexicon;
}

/** End index (exclusive) of a phrase of `phrases` starting at word j, or -1. */
export function phraseAt(phrases: PhraseSet, words: Word[], j: number): number {
  if (j >= words.length) return -1;
  for (const phrase of phrases.startingWith(words[j].norm)) {
    let k = 0;
    while (k < phrase.length && j + k < words.length && phrase[k].includes(words[j + k].norm)) k++;
    if (k === phrase.length) return j + k;
  }
  return -1;
}

/** A cue phrase ending before word `start`, starting at most `window` words back. */
export function cueBefore(phrases: PhraseSet, words: Word[], start: number, window: number, sameClause: boolean): boolean {
  const clause = words[start]?.clause;
  for (let j = start - 1; j >= Math.max(0, start - window); j--) {
    if (sameClause && words[j].clause !== clause) break;
    const end = phraseAt(phrases, words, j);
    if (end >= 0 && end <= start) return true;
  }
  return false;
}

/** A cue phrase starting within `window` words after word `end` (exclusive). */
export function cueAfter(phrases: PhraseSet, words: Word[], end: number, window: number, sameClause: boolean): boolean {
  const clause = words[end - 1]?.clause;
  for (let j = end; j < Math.min(words.length, end + window); j++) {
    if (sameClause && words[j].clause !== clause) break;
    if (phraseAt(phrases, words, j) >= 0) return true;
  }
  return false;
}

export function containsCue(phrases: PhraseSet, words: Word[]): boolean {
  for (let j = 0; j < words.length; j++) if (phraseAt(phrases, words, j) >= 0) return true;
  return false;
}

const OLD_DATE = /\b(?:1[5-9]\d0s|1[5-9]\d\d|200\d)\b/;

export function isHistorical(lex: ContextLexicon, s: Sentence): boolean {
  const anchored = containsCue(lex.historical, s.words) || OLD_DATE.test(s.text);
  return anchored && !containsCue(lex.modals, s.words);
}

export function isHedged(lex: ContextLexicon, words: Word[]): boolean {
  return containsCue(lex.hedges, words);
}

/** Reported speech: "Kerry once said: ..." or "he declared that ..." before the match. */
export function isReportedSpeech(lex: ContextLexicon, words: Word[], start: number, sentence: Sentence): boolean {
  for (let j = 0; j < start; j++) {
    if (phraseAt(lex.speech, words, j) < 0) continue;
    const between = sentence.text.slice(words[j].end - sentence.start, words[start].start - sentence.start);
    if (/:/.test(between) || /^\s+that\b/i.test(between)) return true;
  }
  return false;
}

export interface ContextVerdict {
  skip: boolean;
  reason?: 'quotation' | 'question' | 'negation' | 'contrast' | 'critical' | 'speech' | 'historical';
}

export interface ContextOptions {
  lintQuotations: boolean;
  /** The rule is about actions: a past-tense report of one ("Brazil acted alone") is description. */
  pastTense?: boolean;
  /** Rule opts out of a context check, e.g. a rule about history itself. */
  ignore: Set<string>;
}

export function judge(lex: ContextLexicon, s: Sentence, from: number, to: number, opts: ContextOptions): ContextVerdict {
  const w = s.words;
  const on = (k: string) => !opts.ignore.has(k);
  if (on('quotation') && !opts.lintQuotations && w.slice(from, to).every((x) => x.quoted)) return { skip: true, reason: 'quotation' };
  if (on('question') && asksAt(s, to - 1)) return { skip: true, reason: 'question' };
  // "little more than a banana republic" affirms: its "than" and "no" are not a contrast.
  const affirmed = cueBefore(lex.affirming, w, from, 4, true);
  if (!affirmed && on('negation') && (cueBefore(lex.negators, w, from, lex.negatorWindow, true) || cueAfter(lex.negatorsAfter, w, to, lex.negatorAfterWindow, true)))
    return { skip: true, reason: 'negation' };
  if (!affirmed && on('contrast') && (cueBefore(lex.contrast, w, from, lex.contrastWindow, true) || inRemedyScope(lex, w, from)))
    return { skip: true, reason: 'contrast' };
  if (on('critical') && (cueBefore(lex.critical, w, from, lex.criticalWindow, false) || cueAfter(lex.criticalAfter, w, to, lex.criticalAfterWindow, true)))
    return { skip: true, reason: 'critical' };
  if (on('critical') && cueAfter(lex.criticalLater, w, to, lex.criticalLaterWindow, false)) return { skip: true, reason: 'critical' };
  if (on('speech') && isReportedSpeech(lex, w, from, s)) return { skip: true, reason: 'speech' };
  if (on('historical') && isHistorical(lex, s)) return { skip: true, reason: 'historical' };
  if (opts.pastTense && isPastReport(lex, s, from)) return { skip: true, reason: 'historical' };
  return { skip: false };
}

/**
 * Remedy verbs ("stop", "avoid", "abandon") govern the rest of their clause, however long:
 * "Washington should stop to see the Latin America as a recipient of its dictated policy".
 * The scope ends at punctuation or at a coordinating conjunction ("and", "but").
 */
export function inRemedyScope(lex: ContextLexicon, words: Word[], start: number): boolean {
  const clause = words[start]?.clause;
  for (let j = start - 1; j >= 0; j--) {
    if (words[j].clause !== clause) return false;
    // "No Latin American country wants to be anyone's backyard": a negative quantifier at the
    // head of the clause negates a copular predicate ("No rival should gain a foothold in our
    // hemisphere" keeps its framing).
    if ((j === 0 || words[j - 1].clause !== clause) && phraseAt(lex.clauseNegators, words, j) >= 0 && copulaBefore(words, start)) return true;
    if (phraseAt(lex.clauseBreaks, words, j) >= 0) return false;
    const end = phraseAt(lex.remedy, words, j);
    if (end >= 0 && end <= start) return true;
  }
  return false;
}

/** The match opens with a past-tense verb and nothing in the sentence looks forward. */
export function isPastReport(lex: ContextLexicon, s: Sentence, from: number): boolean {
  const first = s.words[from];
  // After a determiner "militarized" is an adjective ("a militarized response"), not a report.
  if (from > 0 && DETERMINERS.has(s.words[from - 1].norm)) return false;
  const past = /[a-z]ed$/.test(first.norm) || phraseAt(lex.pastIrregular, s.words, from) >= 0;
  return past && !containsCue(lex.modals, s.words);
}

const COPULA = new Set(['be', 'is', 'are', 'was', 'were', 'become', 'becomes', 'became', 'remain', 'remains', 'seen', 'treated']);
function copulaBefore(words: Word[], start: number): boolean {
  for (let j = start - 1; j >= Math.max(0, start - 3); j--) if (COPULA.has(words[j].norm)) return true;
  return false;
}

const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'those', 'its', 'our', 'their', 'his', 'her', 'any', 'every', 'more', 'less']);
