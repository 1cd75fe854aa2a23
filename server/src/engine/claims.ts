// Unsupported security claims: an asserted sentence about a threat to security with nothing
// behind it. A sentence is a claim when a threat term occurs outside a purpose phrase ("to
// combat trafficking" is a goal, not a claim), and it is not a question, not hedged, not a stated
// intention and not narrated history. It is supported by a citation marker or an attribution to
// a named source in the sentence, or when it continues ("These flows ...") a supported sentence.
import { containsCue, cueBefore, inRemedyScope, isHedged, isHistorical, phraseAt, type ContextLexicon } from './context.js';
import { hasCitationMarker, hasNamedAttribution, hasVagueAttribution } from './evidence.js';
import { findAll, type Match } from './pattern.js';
import { hedgeWords } from './hedge.js';
import type { ClaimSpec } from './rules.js';
import { asksAt, type Sentence, type Word } from './text.js';

const PRESENT = new Set(['is', 'are', 'has', 'have', 'remains', 'remain', 'now', 'today', 'currently', 'still', 'continues', 'continue']);

/** An asserted claim: its first threat term, and whether it is attributed to nobody in particular. */
export interface Claim {
  from: number;
  to: number;
  vague: boolean;
}

/** Is this sentence an asserted security claim? Returns its first threat term, or undefined. */
export function securityClaim(spec: ClaimSpec, lex: ContextLexicon, s: Sentence, norms: Set<string>): Claim | undefined {
  if (s.question || s.words.length < 3) return undefined;
  // "Experts warn that China's ports could host warships": attributed to nobody, the hedge
  // inside it does not make it a hedged claim; the vague attribution is the finding.
  const vague = hasVagueAttribution(spec.vague, s.words);
  if (isHedged(lex, s.words) && !vague) return undefined;
  // Narrated history asserts nothing about now, unless the sentence speaks in the present:
  // "Violent crime is rising in Chile, once the safest country in the region."
  if (isHistorical(lex, s) && !s.words.some((w) => PRESENT.has(w.norm))) return undefined;
  if (containsCue(spec.intentions, s.words)) return undefined;
  const asserted = (m: Match): boolean => {
    if (s.words.slice(m.from, m.to).every((w) => w.quoted)) return false;
    // "Studies show that ...": a topic word opening a vague attribution is its subject, not a topic.
    if (!vague && cueBefore(spec.purpose, s.words, m.from, spec.purposeWindow, false)) return false;
    if (cueBefore(lex.negators, s.words, m.from, lex.negatorWindow, true)) return false;
    if (!vague && cueBefore(spec.prescriptions, s.words, m.from, 12, true)) return false;
    if (asksAt(s, m.to - 1)) return false;
    // "Washington must stop seeing Chinese investment as a threat" is a remedy, not a claim.
    return !inRemedyScope(lex, s.words, m.from);
  };
  for (const pattern of spec.threats) for (const m of findAll(pattern, s.words, norms)) if (asserted(m)) return { from: m.from, to: m.to, vague };
  // An actor counts as the subject: before the main verb (without one, among the opening
  // words). After "it is well known that" it is the subject of what nobody in particular claims.
  let subjectEnd: number | undefined;
  for (const pattern of spec.actors) {
    for (const m of findAll(pattern, s.words, norms)) {
      subjectEnd ??= hedgeWords(s.words)?.from ?? Math.min(4, s.words.length);
      if ((vague || m.to <= subjectEnd) && asserted(m)) return { from: m.from, to: m.to, vague };
    }
  }
  return undefined;
}

export function hasEvidence(s: Sentence): boolean {
  return hasCitationMarker(s.text) || hasNamedAttribution(s.words);
}

export function continuesPrevious(spec: ClaimSpec, words: Word[]): boolean {
  return words.length > 0 && phraseAt(spec.continuations, words, 0) >= 0;
}


/** "transnational crime ... directly impact U.S. interests": the claim, shortened for a message. */
export function claimExcerpt(s: Sentence, from: number): string {
  const words = s.words.slice(from);
  const text = (a: number, b: number) => s.text.slice(words[a].start - s.start, words[b].end - s.start);
  if (words.length <= 8) return text(0, words.length - 1);
  return `${text(0, 1)} ... ${text(words.length - 4, words.length - 1)}`;
}
