// Inline comments that switch rules off and on: `<!-- policylint-disable backyard -->` in
// Markdown, `% policylint-disable backyard` in LaTeX. The extractors find comments with their
// real parsers and hand the comment text here.

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'disable-line';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids or category ids; empty means every rule. */
  ids: string[];
  /** Source offsets of the comment. */
  start: number;
  end: number;
}

const DIRECTIVE = /^\s*policylint-(disable-next-line|disable-line|disable|enable)\b([^\n]*)$/;

/** Parses the inside of one comment; returns undefined when it is an ordinary comment. */
export function parseDirective(body: string, start: number, end: number): Directive | undefined {
  const m = DIRECTIVE.exec(body.trim());
  if (!m) return undefined;
  const ids = m[2]
    .replace(/--.*$/, '') // "-- reason" after the ids is a note for humans
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
  return { kind: m[1] as DirectiveKind, ids, start, end };
}
