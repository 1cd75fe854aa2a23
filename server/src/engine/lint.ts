// The lint pipeline: extract prose blocks, split sentences, run every active rule with the
// shared context checks, apply severities and inline directives, and build suggestions whose
// edits refer to the source text (never to the markup-free block text).
import { claimExcerpt, continuesPrevious, hasEvidence, securityClaim } from './claims.js';
import { judge, phraseAt } from './context.js';
import { attributionWords, hedgeWords, type WordEdit } from './hedge.js';
import { extract, type Block, type Directive } from './extract/index.js';
import { hasCitationMarker, startsWithCitationMarker } from './evidence.js';
import { findAll, type Match } from './pattern.js';
import { LineIndex } from './positions.js';
import { chunksOf } from './chunks.js';
import type { Near, Rule, RuleSet } from './rules.js';
import { sentencesOf, type Sentence } from './text.js';
import type { CitationRef } from './bibliography.js';
import { unknownCitations, type DocumentBibliography } from './citations.js';
import type { Category, Finding, Language, Problem, Severity, SeveritySetting, Suggestion } from './types.js';

export interface LintSettings {
  lintQuotations: boolean;
  /** Per category: false or 'off' switches it off; a severity overrides the rules' levels. */
  categories: Partial<Record<Category, boolean | SeveritySetting>>;
  /** Per rule id: 'off' or a severity; wins over the category setting. */
  rules: Record<string, SeveritySetting>;
}

export const DEFAULT_SETTINGS: LintSettings = { lintQuotations: false, categories: {}, rules: {} };

export interface LintResult {
  findings: Finding[];
  problems: Problem[];
  /** Citation keys written in the document, with source ranges. */
  citations: CitationRef[];
  /** Bibliography files the document names, as written. */
  bibliographies: string[];
  /** The bibliography the document was checked against, when one was asked for. */
  bibliography?: DocumentBibliography;
}

/** Finds a document's bibliography from the files it names (front matter, \bibliography{}). */
export type BibliographyResolver = (named: string[]) => DocumentBibliography;

/** The severity a rule runs at under these settings, or undefined when it is off. */
export function effectiveSeverity(rule: Rule, settings: LintSettings): Severity | undefined {
  const byRule = settings.rules[rule.id];
  if (byRule !== undefined) return byRule === 'off' ? undefined : byRule;
  const byCategory = settings.categories[rule.category];
  if (byCategory === false || byCategory === 'off') return undefined;
  if (typeof byCategory === 'string') return byCategory;
  return rule.level;
}

/**
 * Results of earlier lints of one document, by chunk text. Pass the same cache to every lint of
 * a document (the language server keeps one per open document): chunks whose text did not
 * change are not analysed again, their findings are only shifted to their new offsets.
 */
export class LintCache {
  private key = '';
  private chunks = new Map<string, ChunkResult>();
  /** What the last lint did: how many chunks it had and how many it analysed. */
  stats = { chunks: 0, analysed: 0 };

  /**
   * The chunks of `source` this cache has no results for (each text once), so that a caller can
   * analyse them elsewhere (worker threads) and hand the results to `fill`.
   */
  missing(source: string, language: Language, ruleset: RuleSet, settings: LintSettings = DEFAULT_SETTINGS): string[] {
    const known = this.prepare(cacheKey(ruleset, language, settings));
    const out = new Set<string>();
    for (const part of chunksOf(source, language)) {
      const text = source.slice(part.start, part.end);
      if (!known.has(text)) out.add(text);
    }
    return [...out];
  }

  /** Whether any chunk has results for these rules and settings (false before a first lint). */
  isEmpty(language: Language, ruleset: RuleSet, settings: LintSettings = DEFAULT_SETTINGS): boolean {
    return this.prepare(cacheKey(ruleset, language, settings)).size === 0;
  }

  /** Results of `analyseChunk` for chunk texts, made elsewhere with the same rules and settings. */
  fill(language: Language, ruleset: RuleSet, settings: LintSettings, texts: string[], results: ChunkResult[]): void {
    const known = this.prepare(cacheKey(ruleset, language, settings));
    texts.forEach((t, i) => known.set(t, results[i]));
  }

  /** Forgets everything when the rules or settings differ from the last lint's. */
  prepare(key: string): Map<string, ChunkResult> {
    if (key !== this.key) {
      this.key = key;
      this.chunks = new Map();
    }
    return this.chunks;
  }

  replace(chunks: Map<string, ChunkResult>): void {
    this.chunks = chunks;
  }
}

/** What one chunk yields, with source offsets as of the chunk starting at `at`. */
export interface ChunkResult {
  at: number;
  findings: Finding[];
  directives: Directive[];
  problems: Problem[];
  citations: CitationRef[];
  bibliographies: string[];
}

/** Moves a chunk's results to a new start; unchanged when it did not move (no copies). */
function moveChunk(r: ChunkResult, at: number): ChunkResult {
  const by = at - r.at;
  if (by === 0) return r;
  return {
    at,
    findings: r.findings.map((f) => shiftFinding(f, by)),
    directives: r.directives.map((d) => ({ ...d, start: d.start + by, end: d.end + by })),
    problems: r.problems,
    citations: r.citations.map((c) => ({ key: c.key, start: c.start + by, end: c.end + by })),
    bibliographies: r.bibliographies,
  };
}

/** Copies of one analysed finding (the same finding moved with its chunk) share an identity. */
const identities = new WeakMap<Finding, object>();

/**
 * The identity a finding shares with its copies in earlier and later lints of the document: the
 * same finding moved with its chunk, its text and fixes unchanged and every offset moved by the
 * same amount. A chunk starts a line, so what a caller built for one copy (a diagnostic) moves
 * to another by whole lines.
 */
export function identityOf(f: Finding): object {
  let id = identities.get(f);
  if (!id) identities.set(f, (id = {}));
  return id;
}

const rulesetIds = new WeakMap<RuleSet, number>();
let nextRulesetId = 1;

function cacheKey(ruleset: RuleSet, language: Language, settings: LintSettings): string {
  let id = rulesetIds.get(ruleset);
  if (id === undefined) {
    id = nextRulesetId++;
    rulesetIds.set(ruleset, id);
  }
  return `${id}:${language}:${JSON.stringify(settings)}`;
}

/** Analyses one chunk on its own, at offset 0 (for a worker thread; see LintCache.fill). */
export function analyseChunk(text: string, language: Language, ruleset: RuleSet, settings: LintSettings): ChunkResult {
  return { at: 0, ...analyse(ownCopy(text), language, ruleset, settings) };
}

export function lint(source: string, language: Language, ruleset: RuleSet, settings: LintSettings = DEFAULT_SETTINGS, cache?: LintCache, resolveBibliography?: BibliographyResolver): LintResult {
  return finish(lintSteps(source, language, ruleset, settings, cache, resolveBibliography));
}

/** Runs a stepwise lint to its end, at once. */
export function finish<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The lint as steps: it pauses after every chunk, so a caller with other work (the language
 * server answering hovers while a long draft is linted) can run it in slices and drop it when a
 * newer version of the document arrives. Chunks analysed before it was dropped stay in the
 * cache for the next lint.
 */
export function* lintSteps(source: string, language: Language, ruleset: RuleSet, settings: LintSettings = DEFAULT_SETTINGS, cache?: LintCache, resolveBibliography?: BibliographyResolver): Generator<void, LintResult> {
  const previous = cache?.prepare(cacheKey(ruleset, language, settings));
  const current = new Map<string, ChunkResult>();
  const findings: Finding[] = [];
  const directives: Directive[] = [];
  const problems: Problem[] = [];
  const citations: CitationRef[] = [];
  const bibliographies: string[] = [];
  let analysed = 0;
  let parts = 0;
  // Chunks as they are split, so that the split of a long draft pauses with the rest.
  for (const part of chunksOf(source, language)) {
    parts++;
    const text = source.slice(part.start, part.end);
    const known = current.get(text) ?? previous?.get(text);
    let result: ChunkResult;
    if (known) result = moveChunk(known, part.start);
    else {
      result = moveChunk(analyseChunk(text, language, ruleset, settings), part.start);
      analysed++;
      // Kept at once, so that a lint dropped half-way still saves the next one this work.
      previous?.set(text, result);
    }
    // A text that occurs twice keeps the first place it was seen.
    if (!current.has(text)) current.set(text, result);
    // Loops, not push(...): a chunk (one 5 MB line) can have more findings than the stack has room for arguments.
    for (const f of result.findings) findings.push(f);
    for (const d of result.directives) directives.push(d);
    for (const p of result.problems) if (!problems.some((q) => q.message === p.message)) problems.push(p);
    for (const c of result.citations) citations.push(c);
    for (const b of result.bibliographies) bibliographies.push(b);
    yield;
  }
  cache?.replace(current);
  if (cache) cache.stats = { chunks: parts, analysed };
  const bibliography = resolveBibliography?.(bibliographies);
  if (bibliography) for (const f of unknownCitations(source, citations, bibliography, settings)) findings.push(f);
  const kept = applyDirectives(source, findings, directives);
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return { findings: kept, problems, citations, bibliographies, bibliography };
}

/**
 * The chunk's text as a string of its own. A slice of the document shares the whole document's
 * memory, and so would every message and matched text cut from it, kept in the cache long after
 * that version of the document is gone (one full copy per edit).
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

function shiftFinding(f: Finding, by: number): Finding {
  // Written out rather than spread: this runs for every finding below an edit, on every keystroke.
  const moved: Finding = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    start: f.start + by,
    end: f.end + by,
    actual: f.actual,
    suggestions: f.suggestions.map((s) => shiftSuggestion(s, by)),
    citations: f.citations,
  };
  identities.set(moved, identityOf(f));
  return moved;
}

function shiftSuggestion(s: Suggestion, by: number): Suggestion {
  const edit = { start: s.edit.start + by, end: s.edit.end + by, newText: s.edit.newText };
  const moved: Suggestion = { text: s.text, title: s.title, edit, safe: s.safe };
  if (s.snippet !== undefined) moved.snippet = s.snippet;
  return moved;
}

/** Lints one chunk on its own; offsets are relative to the chunk. */
function analyse(source: string, language: Language, ruleset: RuleSet, settings: LintSettings): Omit<ChunkResult, 'at'> {
  const problems: Problem[] = [];
  let extracted;
  try {
    // Parsers slow down with the square of the nesting depth, then overflow their stacks.
    if (language === 'markdown' && tooDeep(source)) throw new RangeError('nesting');
    extracted = extract(source, language);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Thousands of nested block quotes or list levels overflow the parsers' recursion: read
    // that part as plain text rather than give up on the document.
    extracted = extract(source, 'plaintext');
    problems.push({ severity: 'information', message: `part of this document is nested too deeply for the ${language === 'latex' ? 'LaTeX' : 'Markdown'} parser and was read as plain text` });
  }
  const { blocks, directives, citations, bibliographies } = extracted;
  const active = ruleset.rules
    .map((rule) => ({ rule, severity: effectiveSeverity(rule, settings) }))
    .filter((r): r is { rule: Rule; severity: Severity } => r.severity !== undefined);
  const findings: Finding[] = [];
  const failed = new Set<string>();

  const index = patternIndex(ruleset);
  blocks.forEach((block, bi) => {
    const sentences = sentencesOf(block, bi);
    const norms = sentences.map((s) => new Set(s.words.map((w) => w.norm)));
    // Per sentence, the patterns whose anchor word occurs in it (plus those without an anchor).
    const candidates = norms.map((set) => {
      const found = new Map<Rule, Set<number>>();
      const add = (ref: PatternRef) => {
        const list = found.get(ref.rule);
        if (list) list.add(ref.index);
        else found.set(ref.rule, new Set([ref.index]));
      };
      for (const ref of index.always) add(ref);
      for (const norm of set) for (const ref of index.byWord.get(norm) ?? []) add(ref);
      return found;
    });
    for (const { rule, severity } of active) {
      if (failed.has(rule.id)) continue;
      try {
        if (rule.kind === 'claim') lintClaims(source, rule, severity, ruleset, block, sentences, norms, findings);
        else
          sentences.forEach((s, i) => {
            const which = candidates[i].get(rule);
            if (which) lintPhrases(source, rule, severity, ruleset, settings, block, s, norms[i], findings, which);
          });
      } catch (e) {
        // A rule that throws is reported once and skipped for the rest of this document.
        failed.add(rule.id);
        problems.push({ severity: 'error', file: rule.file, message: `rule \`${rule.id}\` failed and was disabled for this document: ${(e as Error).message}` });
      }
    }
  });
  return { findings, directives, problems, citations, bibliographies };
}

function sourceRange(block: Block, s: Sentence, from: number, to: number): [number, number] {
  return [block.offsets[s.words[from].start], block.offsets[s.words[to - 1].end - 1] + 1];
}

function nearHolds(near: Near, s: Sentence, norms: Set<string>, m: Match): boolean {
  for (const p of near.patterns) {
    for (const o of findAll(p, s.words, norms)) {
      if (near.within === undefined) return true;
      const before = o.to <= m.from && m.from - o.to < near.within;
      const after = o.from >= m.to && o.from - m.to < near.within;
      const overlap = o.from < m.to && o.to > m.from;
      if (near.side === 'before' ? before : near.side === 'after' ? after : before || after || overlap) return true;
    }
  }
  return false;
}

function matchedText(source: string, start: number, end: number): string {
  return source.slice(start, end).replace(/\s+/g, ' ');
}

/** At the start of a sentence a lower-case replacement takes the capital ("Backyard" -> "Partner"). */
function carryCase(replacement: string, original: string, sentenceInitial: boolean): string {
  if (sentenceInitial && /^\p{Lu}/u.test(original) && /^\p{Ll}/u.test(replacement)) return replacement[0].toUpperCase() + replacement.slice(1);
  return replacement;
}

interface PatternRef {
  rule: Rule;
  index: number;
}
interface PatternIndex {
  byWord: Map<string, PatternRef[]>;
  always: PatternRef[];
}
const patternIndexes = new WeakMap<RuleSet, PatternIndex>();

/** Every phrase pattern of the rule set, by the forms of its anchor word. Built once per rule set. */
function patternIndex(rs: RuleSet): PatternIndex {
  let index = patternIndexes.get(rs);
  if (index) return index;
  index = { byWord: new Map(), always: [] };
  for (const rule of rs.rules) {
    rule.patterns.forEach(({ pattern }, i) => {
      const ref = { rule, index: i };
      // A malformed pattern object is tried everywhere, so that the rule fails inside the
      // per-rule guard and is reported, rather than breaking the whole lint here.
      if (!pattern?.anchor) index!.always.push(ref);
      else
        for (const form of pattern.anchor) {
          const list = index!.byWord.get(form);
          if (list) list.push(ref);
          else index!.byWord.set(form, [ref]);
        }
    });
  }
  patternIndexes.set(rs, index);
  return index;
}

function lintPhrases(source: string, rule: Rule, severity: Severity, rs: RuleSet, settings: LintSettings, block: Block, s: Sentence, norms: Set<string>, out: Finding[], which: Set<number>): void {
  const taken: Array<[number, number]> = [];
  for (let pi = 0; pi < rule.patterns.length; pi++) {
    if (!which.has(pi)) continue;
    const { pattern, suggest } = rule.patterns[pi];
    for (const m of findAll(pattern, s.words, norms)) {
      if (taken.some(([a, b]) => m.from < b && m.to > a)) continue;
      if (judge(rs.context, s, m.from, m.to, { lintQuotations: settings.lintQuotations, ignore: rule.ignore, pastTense: rule.pastTense }).skip) continue;
      if (!rule.requires.every((n) => nearHolds(n, s, norms, m))) continue;
      if (rule.unless.some((n) => nearHolds(n, s, norms, m))) continue;
      taken.push([m.from, m.to]);
      const [start, end] = sourceRange(block, s, m.from, m.to);
      const actual = source.slice(start, end);
      const cite = rule.citations[0];
      const suggestions: Suggestion[] = suggest.map((tpl) => {
        const filled = tpl.replace(/\$(\d)/g, (_, n: string) => {
          const c = m.captures[Number(n)];
          if (!c || c[0] === c[1]) return '';
          const [cs, ce] = sourceRange(block, s, c[0], c[1]);
          return source.slice(cs, ce);
        });
        const text = carryCase(filled.replace(/\s{2,}/g, ' ').trim(), actual, m.from === 0);
        return { text, title: `Rewrite as '${text}'${cite ? ` (${cite.short})` : ''}`, edit: { start, end, newText: text }, safe: suggest.length === 1 };
      });
      out.push({
        ruleId: rule.id,
        category: rule.category,
        severity,
        message: rule.message.replace(/%s/g, matchedText(source, start, end)),
        start,
        end,
        actual,
        suggestions,
        citations: rule.citations,
      });
    }
  }
}

/** The hedge and attribution rewrites of a claim sentence, as source edits. */
function claimRewrites(block: Block, s: Sentence, source: string, rs: RuleSet): Suggestion[] {
  const out: Suggestion[] = [];
  const range = (e: WordEdit): [number, number] => sourceRange(block, s, e.from, e.to);
  const hedge = hedgeWords(s.words);
  if (hedge) {
    const [start, end] = range(hedge);
    const original = source.slice(start, end).replace(/\s+/g, ' ');
    out.push({ text: hedge.text, title: `Hedge: '${original}' -> '${hedge.text}'`, edit: { start, end, newText: hedge.text }, safe: false });
  }
  const names = ['country', 'rival', 'region', 'us'].map((c) => rs.lexicon.get(c)).filter((p): p is NonNullable<typeof p> => !!p);
  const isName = (i: number) => names.some((set) => phraseAt(set, s.words, i) >= 0);
  const plain = attributionWords(s.words, '[source]', isName);
  const snippet = attributionWords(s.words, '${1:source}', isName);
  if (plain && snippet) {
    const [start, end] = range(plain);
    out.push({ text: plain.text, title: "Attribute: 'According to ..., ' (name the source)", edit: { start, end, newText: plain.text }, safe: false, snippet: snippet.text });
  }
  return out;
}

function lintClaims(source: string, rule: Rule, severity: Severity, rs: RuleSet, block: Block, sentences: Sentence[], norms: Array<Set<string>>, out: Finding[]): void {
  const spec = rule.claim;
  if (!spec) return;
  // Headings are titles and footnote definitions are references: neither asserts a claim.
  if (block.kind !== 'prose') return;
  let previousSupported = false;
  sentences.forEach((s, i) => {
    // A marker right after the full stop ("... homeland.[^1]") belongs to this sentence.
    const next = sentences[i + 1];
    const nextWord = next?.words.find((w) => /\p{L}/u.test(w.text));
    const trailing = block.text.slice(s.end, next ? (nextWord?.start ?? next.end) : block.text.length);
    // The sentence splitter can make "[^note]" after the full stop a sentence of its own.
    const markerNext = next !== undefined && startsWithCitationMarker(block.text.slice(s.end, next.end));
    const supported = hasEvidence(s) || hasCitationMarker(trailing) || markerNext || (previousSupported && continuesPrevious(spec, s.words));
    previousSupported = supported;
    if (supported || s.words.length === 0) return;
    const claim = securityClaim(spec, rs.context, s, norms[i]);
    if (!claim) return;
    const [start, end] = sourceRange(block, s, 0, s.words.length);
    const { vague } = claim;
    const excerpt = claimExcerpt(s, claim.from).replace(/\s+/g, ' ');
    const message = (vague ? spec.vagueMessage : rule.message).replace(/%s/g, excerpt);
    const suggestions: Suggestion[] = [
      { text: '[citation needed]', title: 'Add citation needed marker', edit: { start: end, end, newText: ' [citation needed]' }, safe: false },
    ];
    // A hedge or a frame around "experts say ..." still names nobody: only a source helps there.
    if (!vague) suggestions.push(...claimRewrites(block, s, source, rs));
    out.push({ ruleId: rule.id, category: rule.category, severity, message, start, end, actual: source.slice(start, end), suggestions, citations: rule.citations });
  });
}

/** Drops findings switched off by policylint-disable / -enable / -disable-next-line / -disable-line comments. */
function applyDirectives(source: string, findings: Finding[], directives: Directive[]): Finding[] {
  if (directives.length === 0) return findings;
  const lines = new LineIndex(source);
  const applies = (ids: string[], f: Finding) => ids.length === 0 || ids.includes(f.ruleId) || ids.includes(f.category);
  // Line comments, by the line they silence.
  const byLine = new Map<number, Directive[]>();
  const toggles: Directive[] = [];
  for (const d of directives) {
    // A comment's end may include its line break (LaTeX); its last character decides its line.
    const line = d.kind === 'disable-next-line' ? lines.position(Math.max(d.start, d.end - 1)).line + 1 : d.kind === 'disable-line' ? lines.position(d.start).line : undefined;
    if (line === undefined) toggles.push(d);
    else byLine.set(line, [...(byLine.get(line) ?? []), d]);
  }
  toggles.sort((a, b) => a.start - b.start);
  // Findings in source order, with the disable/enable comments before each one applied in turn:
  // the last comment that names the finding's rule or category (or names none) decides.
  const order = findings.map((_, i) => i).sort((a, b) => findings[a].start - findings[b].start);
  const off = new Array<boolean>(findings.length).fill(false);
  let next = 0;
  let seq = 0;
  let everything: { disable: boolean; seq: number } | undefined;
  const named = new Map<string, { disable: boolean; seq: number }>();
  for (const i of order) {
    const f = findings[i];
    for (; next < toggles.length && toggles[next].start <= f.start; next++) {
      const d = toggles[next];
      const state = { disable: d.kind === 'disable', seq: ++seq };
      if (d.ids.length === 0) everything = state;
      else for (const id of d.ids) named.set(id, state);
    }
    const decisive = [everything, named.get(f.ruleId), named.get(f.category)].reduce((a, b) => (b && (!a || b.seq > a.seq) ? b : a), undefined);
    const line = lines.position(f.start).line;
    off[i] = (decisive?.disable ?? false) || (byLine.get(line) ?? []).some((d) => applies(d.ids, f));
  }
  return findings.filter((_, i) => !off[i]);
}

const MAX_NESTING = 100;

/** A line that opens more than MAX_NESTING block quotes or list items, or is indented that deep. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let spaces = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      depth = 0;
      spaces = 0;
      atLineStart = true;
      continue;
    }
    if (!atLineStart) continue;
    if (c === 32 || c === 9) {
      if (++spaces > 4 * MAX_NESTING) return true;
    } else if (c === 62 /* > */ || ((c === 45 || c === 42 || c === 43) /* - * + */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9))) {
      if (++depth > MAX_NESTING) return true;
    } else atLineStart = false;
  }
  return false;
}
