// Shared types of the lint engine. Nothing here knows about LSP or VS Code.

export const CATEGORIES = [
  'hegemonic-framing',
  'unilateral-phrasing',
  'unsupported-security-claim',
  'zero-sum-framing',
  'militarized-security',
  'paternalistic-framing',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeveritySetting = Severity | 'off';

export type Language = 'markdown' | 'plaintext' | 'latex';

/** A citation of an essay passage that a rule rests on, resolved against rules/sources.yml. */
export interface Citation {
  source: string;
  locator: string;
  quote: string;
  /** Formatted reference, e.g. "Hajiyeva, N. (2017). How can the U.S. ... Analytics." */
  text: string;
  /** Short form for titles, e.g. "Hajiyeva 2017, proposal 1". */
  short: string;
}

/** One text edit over source offsets (UTF-16 code units). */
export interface Edit {
  start: number;
  end: number;
  newText: string;
}

export interface Suggestion {
  /** The replacement text for the finding's range (or the inserted text for inserts). */
  text: string;
  /** The title a quick fix shows. */
  title: string;
  edit: Edit;
  /** True when applying it needs no judgement from the writer (used by fix-all on save). */
  safe: boolean;
  /** The same edit as an LSP snippet with tab stops (${1:source}), for editors that take snippets. */
  snippet?: string;
}

/** Categories of findings: the rules' six, and the bibliography check (`unknown-citation`). */
export type FindingCategory = Category | 'citations';

export interface Finding {
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  message: string;
  /** Source offsets, end exclusive. */
  start: number;
  end: number;
  /** The matched source text. */
  actual: string;
  suggestions: Suggestion[];
  citations: Citation[];
}

/** A finding about the document or a rule rather than about prose (skipped file, broken rule). */
export interface Problem {
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
}
