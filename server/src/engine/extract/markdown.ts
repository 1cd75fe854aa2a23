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
import { parse as parseYaml } from 'yaml';
import { PANDOC_KEY, type CitationRef } from '../bibliography.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkMath);

/** Block-level nodes whose inline children form one prose block. */
const PROSE_CONTAINERS = new Set(['paragraph', 'heading', 'tableCell']);
/** Nodes never linted, with everything inside them. */
const SKIPPED = new Set(['code', 'inlineCode', 'math', 'inlineMath', 'yaml', 'toml', 'image', 'imageReference', 'definition']);

export interface Extracted {
  blocks: Block[];
  directives: Directive[];
  /** Citation keys written in the document (Pandoc @key, LaTeX \cite{key}), with source ranges. */
  citations: CitationRef[];
  /** Bibliography files the document names (front matter `bibliography:`, \bibliography{}). */
  bibliographies: string[];
}

/** `bibliography:` in YAML front matter: one path or a list. */
function frontMatterBibliographies(yaml: string): string[] {
  try {
    const data = parseYaml(yaml, { maxAliasCount: 10 }) as { bibliography?: unknown } | null;
    const b = data?.bibliography;
    if (typeof b === 'string') return [b];
    if (Array.isArray(b)) return b.filter((x): x is string => typeof x === 'string');
  } catch {
    // Front matter that is not valid YAML names no bibliography.
  }
  return [];
}

/** Pandoc citation keys in the prose blocks, mapped back to the source. */
export function pandocCitations(blocks: Block[]): CitationRef[] {
  const out: CitationRef[] = [];
  for (const b of blocks) {
    if (!b.text.includes('@')) continue;
    for (const m of b.text.matchAll(PANDOC_KEY)) {
      const from = m.index + m[0].indexOf('@') + 1;
      const to = from + m[1].length;
      out.push({ key: m[1], start: b.offsets[from], end: b.offsets[to - 1] + 1 });
    }
  }
  return out;
}

export function extractMarkdown(source: string): Extracted {
  const tree = processor.parse(source) as Root;
  const builder = new BlockBuilder();
  const directives: Directive[] = [];
  const bibliographies: string[] = [];

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
    if (node.type === 'yaml') bibliographies.push(...frontMatterBibliographies(node.value));
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
  return { blocks: builder.blocks, directives, citations: pandocCitations(builder.blocks), bibliographies };
}
