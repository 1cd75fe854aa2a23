// What counts as evidence behind a claim. These expressions are shared with the TextMate grammar
// in syntaxes/, so the highlighting shows exactly what the engine accepts as a citation.
import { phraseAt } from './context.js';
import type { PhraseSet } from './pattern.js';
import type { Word } from './text.js';

/** Citation markers, each a self-contained expression over one sentence's text. */
export const CITATION_MARKERS: Record<string, RegExp> = {
  // Pandoc: [@key], [see @key, p. 3; @other]
  pandoc: /\[[^\[\]\n]{0,200}?-?@[\p{L}\d_][\p{L}\d_:.#$%&+?<>~\/-]*[^\[\]\n]{0,200}\]/u,
  // Pandoc in-text: @key says ... (not an e-mail address)
  pandocInText: /(?<![\p{L}\d_.@])@[\p{L}_][\p{L}\d_:.#$%&+?<>~\/-]*[\p{L}\d_]/u,
  // Footnote reference: [^1], [^note]; also LaTeX \footnote, which the extractor marks as [^fn]
  footnote: /\[\^[^\]\s]{1,100}\]/u,
  // Numeric: [3], [2, 5], [4-7]
  numeric: /\[\d{1,4}(?:\s*[,–-]\s*\d{1,4}){0,20}\]/u,
  // Author-year: (Ellis 2022), (Ellis and Ortiz, 2021: 4), (World Bank 2023; UNODC 2023), (see Gallagher 2021)
  authorYear: /\((?:see |e\.g\.,? |cf\.,? )?\p{Lu}[\p{L}&'’.-]*(?: (?:\p{Lu}[\p{L}&'’.-]*|of|and|&|for|de|la|del|et al\.)){0,6},? (?:1[6-9]|20)\d\d[a-z]?(?:[,:] ?(?:pp?\. ?)?\d+(?:[-–]\d+)?)?(?:; [^()\n]{1,200})?\)/u,
  // The writer's own marker, left by the "Add citation needed marker" fix: acknowledged.
  citationNeeded: /\[citation needed\]/iu,
  // LaTeX: \cite{key}, \citep[p.~3]{a,b}, \footcite{x}, \parencite{y}
  latex: /\\[a-zA-Z]*cite[a-zA-Z]*\*?(?:\[[^\]\n]{0,200}\]){0,2}\{[^}\n]{0,500}\}/u,
};

/** A citation marker at the very start of `text` (after spaces): "[^1] ..." after a full stop. */
export function startsWithCitationMarker(text: string): boolean {
  const t = text.trimStart();
  for (const re of Object.values(CITATION_MARKERS)) if (re.exec(t)?.index === 0) return true;
  return false;
}

export function hasCitationMarker(text: string): boolean {
  for (const re of Object.values(CITATION_MARKERS)) if (re.test(text)) return true;
  return false;
}

/** Words that name nobody in particular when they stand before "say", "warn", ... */
const NOBODY = new Set([
  'experts', 'expert', 'analysts', 'analyst', 'officials', 'observers', 'sources', 'studies', 'reports', 'research',
  'many', 'some', 'others', 'people', 'critics', 'scholars', 'commentators', 'everyone', 'most', 'they', 'it',
  'we', 'i', 'he', 'she', 'this', 'that', 'these', 'those', 'the', 'a', 'an', 'who', 'which',
]);

const ATTRIBUTION_VERBS = new Set([
  'reported', 'reports', 'report', 'found', 'finds', 'estimated', 'estimates', 'estimate', 'documented', 'documents',
  'recorded', 'records', 'concluded', 'concludes', 'shows', 'show', 'showed', 'shown', 'warned', 'warns', 'counted',
  'counts', 'calculated', 'calculates', 'published', 'publishes', 'stated', 'states', 'notes', 'noted', 'confirmed',
  'confirms', 'identified', 'identifies', 'measured', 'measures', 'tallied', 'tracked', 'tracks', 'assessed', 'assesses',
  'revealed', 'reveals', 'detailed', 'details', 'mapped', 'maps', 'registered', 'registers', 'logged', 'listed', 'lists',
]);

const PREPOSITIONS = new Set(['of', 'in', 'on', 'for', 'to', 'from', 'with', 'and', 'or', 'at', 'by', 'as', 'into']);

const SOURCE_NOUNS = new Set(['report', 'reports', 'data', 'study', 'studies', 'survey', 'surveys', 'assessment', 'index', 'figures', 'statistics', 'census', 'database', 'analysis', 'review', 'audit', 'estimates', 'investigation', 'inquiry', 'round-up', 'roundup', 'yearbook', 'dataset', 'records', 'count', 'tally', 'testimony']);

/** A name: a capitalised word that is not the sentence's first word, or an acronym (UNODC, DHS). */
function isName(w: Word): boolean {
  if (NOBODY.has(w.norm)) return false;
  if (/^\p{Lu}[\p{Lu}\d&.]+$/u.test(w.text) && w.text.replace(/\./g, '').length >= 2) return true;
  return w.index > 0 && /^\p{Lu}/u.test(w.text);
}

/**
 * Attribution to a named source: "according to UNODC", "the Department of Homeland Security
 * reported", "data from the World Bank show", "a 2023 report by InSight Crime".
 */
export function hasNamedAttribution(words: Word[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.norm === 'according' && words[i + 1]?.norm === 'to') {
      let j = i + 2;
      while (j < words.length && (words[j].norm === 'the' || words[j].norm === 'a')) j++;
      const n = words[j];
      if (n && (isName(n) || /^\p{Lu}/u.test(n.text)) && !NOBODY.has(n.norm)) return true;
    }
    // A lower-case verb after a name: "UNODC estimates", but not "the United States", and not
    // a noun that looks like a verb at the end of a phrase ("... of Caribbean states.").
    const isVerb = ATTRIBUTION_VERBS.has(w.norm) && w.text === w.norm && i + 1 < words.length && !PREPOSITIONS.has(words[i + 1].norm);
    if (isVerb && i > 0 && isName(words[i - 1])) return true;
    // "InSight Crime's 2023 homicide round-up found ...": a named owner a few words before.
    if (isVerb) for (let j = Math.max(0, i - 6); j < i - 1; j++) if (words[j].norm.endsWith("'s") && isName(words[j])) return true;
    if (SOURCE_NOUNS.has(w.norm)) {
      const next = words[i + 1];
      const after = words[i + 2];
      if (next && (next.norm === 'from' || next.norm === 'by' || next.norm === 'of')) {
        const n = after && (after.norm === 'the' ? words[i + 3] : after);
        if (n && isName(n)) return true;
      }
      const prev = words[i - 1];
      if (prev && prev.norm.endsWith("'s") && isName(prev)) return true;
      // "The State Department's 2023 terrorism report identified ...", "A Reuters investigation
      // revealed ...": a named source shortly before the noun, and a reporting verb after it.
      const verb = words[i + 1];
      if (verb && ATTRIBUTION_VERBS.has(verb.norm) && verb.text === verb.norm && i + 2 < words.length) {
        for (let j = Math.max(0, i - 4); j < i; j++) if (isName(words[j]) || (j === 0 && /^\p{Lu}[\p{Lu}\d&.]+$/u.test(words[j].text))) return true;
      }
    }
  }
  return false;
}

/** "experts say", "it is well known": an attribution to nobody. */
export function hasVagueAttribution(vague: PhraseSet, words: Word[]): boolean {
  for (let j = 0; j < words.length; j++) if (phraseAt(vague, words, j) >= 0) return true;
  return false;
}
