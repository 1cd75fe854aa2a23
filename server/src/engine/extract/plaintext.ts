// Plain text: paragraphs are separated by blank lines; every character is prose.
import { BlockBuilder } from './block.js';
import type { Extracted } from './markdown.js';

export function extractPlainText(source: string): Extracted {
  const builder = new BlockBuilder();
  const blank = /\r?\n[ \t]*(?:\r?\n[ \t]*)+|\r[ \t]*(?:\r[ \t]*)+/g;
  let last = 0;
  for (const m of source.matchAll(blank)) {
    builder.pushVerbatim(source.slice(last, m.index), last);
    builder.flush();
    last = m.index + m[0].length;
  }
  builder.pushVerbatim(source.slice(last), last);
  builder.flush();
  return { blocks: builder.blocks, directives: [], citations: [], bibliographies: [] };
}
