// Markdown: remark (with GFM, front matter and math) decides what is prose. We keep the text of
// headings, paragraphs (in lists, block quotes, footnote definitions) and table cells, including
// link text and emphasis; we skip code, inline code, HTML, math, front matter, images and URLs.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import type { Nodes, Parents, Root } from 'mdast';
import { BlockBuilder, type Block } from './block.js';
import { parseDirective, type Directive } from './directives.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkMath);

/** Block-level nodes whose inline children form one prose block. */
const PROSE_CONTAINERS = new Set(['paragraph', 'heading', 'tableCell']);
/** Nodes never linted, with everything inside them. */
const SKIPPED = new Set(['code', 'inlineCode', 'math', 'inlineMath', 'yaml', 'toml', 'image', 'imageReference', 'definition']);

export interface Extracted {
  blocks: Block[];
  directives: Directive[];
}

export function extractMarkdown(source: string): Extracted {
  const tree = processor.parse(source) as Root;
  const builder = new BlockBuilder();
  const directives: Directive[] = [];

  const start = (n: Nodes) => n.position?.start.offset ?? 0;
  const end = (n: Nodes) => n.position?.end.offset ?? 0;

  const html = (node: Nodes & { value: string }) => {
    const m = /^<!--([\s\S]*?)-->$/.exec(node.value.trim());
    if (!m) return;
    const d = parseDirective(m[1], start(node), end(node));
    if (d) directives.push(d);
  };

  const inline = (node: Nodes): void => {
    if (SKIPPED.has(node.type)) {
      builder.pushSpace(start(node));
      return;
    }
    switch (node.type) {
      case 'text':
        builder.pushAligned(node.value, source.slice(start(node), end(node)), start(node));
        return;
      case 'break':
        builder.pushSpace(start(node));
        return;
      case 'html':
        html(node);
        builder.pushSpace(start(node));
        return;
      case 'footnoteReference':
        // Kept as its source text so the evidence detector sees the footnote marker.
        builder.pushVerbatim(source.slice(start(node), end(node)), start(node));
        return;
      case 'link': {
        // An autolinked URL is not prose; link text is.
        const only = node.children.length === 1 ? node.children[0] : undefined;
        if (only && only.type === 'text' && (only.value === node.url || /^(https?:|www\.|mailto:)/i.test(only.value))) {
          builder.pushSpace(start(node));
          return;
        }
        break;
      }
    }
    if ('children' in node) for (const child of (node as Parents).children) inline(child as Nodes);
  };

  let inNote = false;
  const block = (node: Nodes): void => {
    if (SKIPPED.has(node.type)) return;
    if (node.type === 'footnoteDefinition') {
      inNote = true;
      for (const child of node.children) block(child as Nodes);
      inNote = false;
      return;
    }
    if (node.type === 'html') {
      html(node);
      return;
    }
    if (PROSE_CONTAINERS.has(node.type)) {
      for (const child of (node as Parents).children) inline(child as Nodes);
      builder.flush(node.type === 'heading' ? 'heading' : inNote ? 'note' : 'prose');
      return;
    }
    if ('children' in node) for (const child of (node as Parents).children) block(child as Nodes);
  };

  block(tree);
  return { blocks: builder.blocks, directives };
}
