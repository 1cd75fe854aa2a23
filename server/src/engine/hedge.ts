// Rewrites for an unsupported claim that need no source: a hedge on the main verb ("faces" ->
// "may face", "is increasingly used" -> "may be increasingly used", "rose" -> "may have risen")
// and an attribution frame ("According to [source], the region ..."). Both work on the
// sentence's words; they return word-level edits that the caller maps to source offsets.
import type { Word } from './text.js';

/** Verbs that carry security claims, by base form; their other forms are derived below. */
const VERBS = `face pose threaten impact affect undermine fuel destabilize destabilise endanger represent constitute remain
continue use control fund underscore demand require exploit challenge erode weaken expand grow rise increase surge spread
penetrate infiltrate operate move flow reach enter cross smuggle traffic launder corrupt target attack harm damage drive
cause create generate contribute enable facilitate allow give provide seek aim gain build establish extend deepen strengthen
compete outpace dominate overwhelm strain jeopardize jeopardise compromise put place make become exceed account cost kill
displace force push export supply arm train finance recruit exert wield project influence shape present highlight show
demonstrate prove indicate mean signal mark run pour flood dominate hold own buy acquire court lure deploy station send
fill outnumber infiltrate bring lead leave take turn pay account hurt cripple overwhelm reach threaten destroy disrupt
expose risk trigger spark worsen aggravate intensify escalate multiply double triple outstrip eclipse surpass`.split(/\s+/);

/** Irregular past tense -> past participle. */
const PAST: Record<string, [string, string]> = {
  rose: ['rise', 'risen'], grew: ['grow', 'grown'], drove: ['drive', 'driven'], gave: ['give', 'given'], made: ['make', 'made'],
  became: ['become', 'become'], spread: ['spread', 'spread'], held: ['hold', 'held'], bought: ['buy', 'bought'], sent: ['send', 'sent'],
  brought: ['bring', 'brought'], led: ['lead', 'led'], left: ['leave', 'left'], took: ['take', 'taken'], paid: ['pay', 'paid'],
  hurt: ['hurt', 'hurt'], put: ['put', 'put'], ran: ['run', 'run'], cost: ['cost', 'cost'], sought: ['seek', 'sought'], began: ['begin', 'begun'],
};

type Form = { base: string; tense: 'present3' | 'present' | 'past' };
const FORMS = new Map<string, Form>();
for (const base of VERBS) {
  const third = /(s|x|z|ch|sh)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`;
  const past = base.endsWith('e') ? `${base}d` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ied` : /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(base) ? `${base}${base.at(-1)}ed` : `${base}ed`;
  if (!FORMS.has(base)) FORMS.set(base, { base, tense: 'present' });
  FORMS.set(third, { base, tense: 'present3' });
  if (!FORMS.has(past)) FORMS.set(past, { base, tense: 'past' });
}
for (const [past, [base]] of Object.entries(PAST)) FORMS.set(past, { base, tense: 'past' });
const participle = (word: string) => PAST[word]?.[1] ?? word;

/** Auxiliaries and what they become under "may". */
const AUX: Record<string, string> = {
  is: 'may be', are: 'may be', am: 'may be', was: 'may have been', were: 'may have been',
  has: 'may have', have: 'may have', had: 'may have', will: 'may', can: 'may', does: 'may', do: 'may', did: 'may have',
  "isn't": 'may not be', "aren't": 'may not be', "wasn't": 'may not have been', "weren't": 'may not have been',
  "hasn't": 'may not have', "haven't": 'may not have', "won't": 'may not', "can't": 'may not', cannot: 'may not',
  "doesn't": 'may not', "don't": 'may not',
};

/** Words before which a verb cannot be the main verb: it belongs to a relative or infinitive clause. */
const CLAUSE_OPENERS = new Set(['which', 'that', 'who', 'whom', 'whose', 'to', 'where', 'when', 'while', 'because', 'if', 'as', 'although', 'though', 'since', 'unless', 'whether']);
/** Words that make the next word a noun rather than a verb ("the use", "a rise", "its control"). */
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'our', 'his', 'her', 'my', 'your', 'any', 'no', 'each', 'every', 'some', 'of', 'in', 'on', 'for', 'with', 'by', 'from', 'and', 'or', 'such']);
const ADVERB = /^(?:\p{L}+ly|now|already|still|also|increasingly|often|even|again|soon|long|further)$/u;

export interface WordEdit {
  /** Index of the first and one past the last word replaced. */
  from: number;
  to: number;
  text: string;
}

/**
 * The hedge of a sentence's main verb, or undefined when none is found. A verb is main when it
 * is not inside a relative or infinitive clause and not used as a noun after a determiner.
 */
export function hedgeWords(words: Word[]): WordEdit | undefined {
  let skipClause = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const norm = w.norm;
    if (norm === 'may' || norm === 'might' || norm === 'could' || norm === 'would') return undefined; // already hedged
    if (CLAUSE_OPENERS.has(norm) && i > 0) {
      skipClause = true;
      continue;
    }
    const prev = words[i - 1]?.norm;
    const aux = AUX[norm];
    if (aux !== undefined && i > 0) {
      if (skipClause) {
        skipClause = false;
        continue;
      }
      // "is not" -> "may not be"; "has not" -> "may not have".
      if (words[i + 1]?.norm === 'not' && !aux.includes('not')) {
        const [, ...rest] = aux.split(' ');
        return { from: i, to: i + 2, text: rest.length ? `may not ${rest.join(' ')}` : 'may not' };
      }
      return { from: i, to: i + 1, text: aux };
    }
    const form = FORMS.get(norm);
    if (!form || i === 0) continue;
    if (skipClause) {
      skipClause = false;
      continue;
    }
    if (prev !== undefined && DETERMINERS.has(prev) && !ADVERB.test(prev)) continue;
    // A noun that looks like a verb, right before the real one: "migration flows increase",
    // "Russian influence is".
    const next = words[i + 1]?.norm;
    if (form.tense !== 'past' && next !== undefined && (FORMS.has(next) || AUX[next] !== undefined)) continue;
    // An adverb right before the verb moves behind "may": "directly impacts" -> "may directly impact".
    const from = i > 1 && ADVERB.test(words[i - 1].norm) ? i - 1 : i;
    const adverb = from < i ? `${words[i - 1].text} ` : '';
    const verb = form.tense === 'past' ? `may have ${adverb}${participle(norm)}` : `may ${adverb}${form.base}`;
    return { from, to: i + 1, text: verb };
  }
  return undefined;
}

/** Determiners, pronouns and quantifiers that lose their capital after "According to ..., ". */
const LOWER_OK = /^(?:the|a|an|this|that|these|those|its|their|there|it|such|many|most|some|several|much|more|criminal|organized|organised|transnational|drug|illegal|illicit|irregular|armed|violent|growing|rising|foreign|regional|security|instability|migration|corruption|terrorism|terrorist|gangs?|cartels?|trafficking|smuggling|narcotics|weapons|money|both|each|every|all|no|one|two|three|recent|new|current|increasing|continued|human|arms|narco|narcotic|maritime|cyber|external|hostile|nuclear|military|political|economic|powerful|local|national|international|global|large|small|major|unchecked|uncontrolled|mass|massive|porous|weak|fragile|failing|failed|state|non-state|extremist|radical|criminals|refugees|migrants|guerrillas|insurgents|militias|gang|violence|crime|threats?|challenges?|risks?|flows?|networks?|groups?|organizations?|organisations?)$/i;

/**
 * The attribution frame for a sentence: the first word is replaced by "According to [source],
 * the" where the first word loses its capital only if it is a common word (names keep it).
 * `placeholder` is what stands for the source ("[source]" or a snippet tab stop).
 */
export function attributionWords(words: Word[], placeholder: string, isName: (i: number) => boolean): WordEdit | undefined {
  const first = words[0];
  if (!first) return undefined;
  const acronym = /^\p{Lu}[\p{Lu}\d.&]+$/u.test(first.text) || /\p{Ll}\p{Lu}/u.test(first.text);
  // Common words lose their capital; names (the lexicon's countries, rivals, regions), acronyms
  // and words that look like neither keep it.
  const common = LOWER_OK.test(first.text) || /^\p{Lu}\p{Ll}+(?:ing|tion|sion|ity|ism|ness|ment|ance|ence|ies|ers|ists|ants)$/u.test(first.text);
  const keep = acronym || isName(0) || !common;
  const word = keep ? first.text : first.text[0].toLowerCase() + first.text.slice(1);
  return { from: 0, to: 1, text: `According to ${placeholder}, ${word}` };
}
