// LaTeX: unified-latex parses the source; we keep running text and the prose arguments of text
// macros (\emph, \section, ...), and skip other macros, math, comments and non-prose environments.
// Citation macros become markers the evidence detector recognises.
import { parse } from '@unified-latex/unified-latex-util-parse';
import type * as Ast from '@unified-latex/unified-latex-types';
import { BlockBuilder } from './block.js';
import { parseDirective, type Directive } from './directives.js';
import type { Extracted } from './markdown.js';
import type { CitationRef } from '../bibliography.js';

/** Macros whose last mandatory argument is inline prose. */
const INLINE_TEXT = new Set(['emph', 'textbf', 'textit', 'textsl', 'textsc', 'textup', 'textrm', 'textsf', 'underline', 'mbox', 'text', 'enquote']);
/** Macros whose argument is a prose block of its own (a heading, a caption). */
const BLOCK_TEXT = new Set(['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'title', 'caption']);
const CITE = /^(?:[a-z]*cite[a-z]*|nocite)$/i;
/** Macros that name bibliography files. */
const BIBLIOGRAPHY = new Set(['bibliography', 'addbibresource', 'addglobalbib', 'addsectionbib']);
/** Environments whose content is never prose. */
const SKIP_ENV = /^(?:equation|align|alignat|gather|multline|flalign|eqnarray|math|displaymath|verbatim|Verbatim|lstlisting|minted|tikzpicture|tabular|tabularx|array|comment|filecontents)\*?$/;

export function extractLatex(source: string): Extracted {
  const tree = parse(source);
  const builder = new BlockBuilder();
  const notes = new BlockBuilder(); // footnote text: a block of its own, after the paragraph
  const directives: Directive[] = [];
  const citations: CitationRef[] = [];
  const bibliographies: string[] = [];
  const start = (n: Ast.Node) => n.position?.start.offset ?? 0;
  const end = (n: Ast.Node) => n.position?.end.offset ?? start(n);

  const lastMandatoryArg = (m: Ast.Macro): Ast.Argument | undefined =>
    [...(m.args ?? [])].reverse().find((a) => a.openMark === '{');

  const argEnd = (m: Ast.Macro): number => {
    const arg = lastMandatoryArg(m);
    const last = arg?.content[arg.content.length - 1];
    if (!last) return end(m);
    const close = source.indexOf('}', end(last));
    return close >= 0 ? close + 1 : end(last);
  };

  /** Comma-separated keys in a group's source, each with its source range. */
  const keysIn = (group: Ast.Node[] | undefined, out: (key: string, from: number, to: number) => void) => {
    if (!group || group.length === 0) return;
    const from = start(group[0]);
    const text = source.slice(from, end(group[group.length - 1]));
    let at = 0;
    for (const part of text.split(',')) {
      const lead = part.length - part.trimStart().length;
      const key = part.trim();
      if (key) out(key, from + at + lead, from + at + lead + key.length);
      at += part.length + 1;
    }
  };

  /**
   * The key argument of a citation or bibliography macro. unified-latex attaches arguments to
   * the macros it knows (\cite); for others (\footcite, \addbibresource) the optional
   * [..] arguments and the {..} group follow as siblings: those are consumed here so that a key
   * is never read as prose. Returns the argument's nodes and the index of the last node used.
   */
  const keyArgument = (m: Ast.Macro, nodes: Ast.Node[], i: number): { content?: Ast.Node[]; last: number; end: number } => {
    const arg = lastMandatoryArg(m);
    if (arg) return { content: arg.content, last: i, end: argEnd(m) };
    let j = i + 1;
    for (let opt = 0; opt < 2; opt++) {
      const n = nodes[j];
      if (!(n?.type === 'string' && n.content === '[')) break;
      let k = j + 1;
      while (k < nodes.length && !(nodes[k].type === 'string' && (nodes[k] as Ast.String).content === ']')) k++;
      if (k >= nodes.length) break;
      j = k + 1;
    }
    const g = nodes[j];
    if (g?.type === 'group') return { content: g.content, last: j, end: end(g) };
    return { last: i, end: end(m) };
  };

  const walk = (nodes: Ast.Node[], b: BlockBuilder): void => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      switch (node.type) {
        case 'string':
          b.pushAligned(node.content, source.slice(start(node), end(node)), start(node));
          break;
        case 'whitespace':
          b.pushSpace(start(node));
          break;
        case 'parbreak':
          b.flush(b === notes ? 'note' : 'prose');
          break;
        case 'comment': {
          const d = parseDirective(node.content, start(node), end(node));
          if (d) directives.push(d);
          break;
        }
        case 'group':
          walk(node.content, b);
          break;
        case 'macro': {
          const name = node.content;
          if (CITE.test(name)) {
            const arg = keyArgument(node, nodes, i);
            const keys: string[] = [];
            keysIn(arg.content, (key, from, to) => {
              keys.push(key);
              citations.push({ key, start: from, end: to });
            });
            b.pushMarker(`\\cite{${keys.join(',')}}`, start(node), arg.end);
            i = arg.last;
          } else if (BIBLIOGRAPHY.has(name)) {
            const arg = keyArgument(node, nodes, i);
            keysIn(arg.content, (file) => bibliographies.push(file));
            b.pushSpace(start(node));
            i = arg.last;
          } else if (name === 'footnote') {
            b.pushMarker('[^fn]', start(node), start(node) + 1);
            walk(lastMandatoryArg(node)?.content ?? [], notes);
            notes.flush('note');
          } else if (INLINE_TEXT.has(name)) {
            walk(lastMandatoryArg(node)?.content ?? [], b);
          } else if (BLOCK_TEXT.has(name)) {
            b.flush();
            walk(lastMandatoryArg(node)?.content ?? [], b);
            b.flush(name === 'caption' ? 'prose' : 'heading');
          } else if (name === 'item' || name === 'par' || name === '\\') {
            if (name === '\\') b.pushSpace(start(node));
            else b.flush();
          } else {
            b.pushSpace(start(node));
          }
          break;
        }
        case 'environment':
          if (SKIP_ENV.test(typeof node.env === 'string' ? node.env : '')) {
            b.flush();
          } else {
            b.flush();
            walk(node.content, b);
            b.flush();
          }
          break;
        default:
          // inlinemath, displaymath, mathenv, verb, verbatim: never prose.
          b.pushSpace(start(node));
      }
    }
  };

  walk(tree.content, builder);
  builder.flush();
  notes.flush('note');
  return { blocks: [...builder.blocks, ...notes.blocks].sort((a, b) => a.offsets[0] - b.offsets[0]), directives, citations, bibliographies };
}
