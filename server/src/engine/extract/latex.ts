// LaTeX: unified-latex parses the source; we keep running text and the prose arguments of text
// macros (\emph, \section, ...), and skip other macros, math, comments and non-prose environments.
// Citation macros become markers the evidence detector recognises.
import { parse } from '@unified-latex/unified-latex-util-parse';
import type * as Ast from '@unified-latex/unified-latex-types';
import { BlockBuilder } from './block.js';
import { parseDirective, type Directive } from './directives.js';
import type { Extracted } from './markdown.js';

/** Macros whose last mandatory argument is inline prose. */
const INLINE_TEXT = new Set(['emph', 'textbf', 'textit', 'textsl', 'textsc', 'textup', 'textrm', 'textsf', 'underline', 'mbox', 'text', 'enquote']);
/** Macros whose argument is a prose block of its own (a heading, a caption). */
const BLOCK_TEXT = new Set(['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'title', 'caption']);
const CITE = /^(?:[a-z]*cite[a-z]*|nocite)$/i;
/** Environments whose content is never prose. */
const SKIP_ENV = /^(?:equation|align|alignat|gather|multline|flalign|eqnarray|math|displaymath|verbatim|Verbatim|lstlisting|minted|tikzpicture|tabular|tabularx|array|comment|filecontents)\*?$/;

export function extractLatex(source: string): Extracted {
  const tree = parse(source);
  const builder = new BlockBuilder();
  const notes = new BlockBuilder(); // footnote text: a block of its own, after the paragraph
  const directives: Directive[] = [];
  const start = (n: Ast.Node) => n.position?.start.offset ?? 0;
  const end = (n: Ast.Node) => n.position?.end.offset ?? start(n);

  const lastMandatoryArg = (m: Ast.Macro): Ast.Argument | undefined =>
    [...(m.args ?? [])].reverse().find((a) => a.openMark === '{');

  const argKeys = (m: Ast.Macro): string =>
    (lastMandatoryArg(m)?.content ?? []).map((n) => (n.type === 'string' ? n.content : '')).join('');

  const argEnd = (m: Ast.Macro): number => {
    const arg = lastMandatoryArg(m);
    const last = arg?.content[arg.content.length - 1];
    if (!last) return end(m);
    const close = source.indexOf('}', end(last));
    return close >= 0 ? close + 1 : end(last);
  };

  const walk = (nodes: Ast.Node[], b: BlockBuilder): void => {
    for (const node of nodes) {
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
            b.pushMarker(`\\cite{${argKeys(node)}}`, start(node), argEnd(node));
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
  return { blocks: [...builder.blocks, ...notes.blocks].sort((a, b) => a.offsets[0] - b.offsets[0]), directives };
}
