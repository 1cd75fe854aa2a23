// A prose block is the text of one paragraph, heading, list-item paragraph or table cell with
// markup removed, plus, for every character, the offset it came from in the source. Rules match
// on the block text; findings are mapped back through `offsets`, so positions are exact even when
// a phrase is split across a hard-wrapped line inside a block quote or a list item.

export type BlockKind = 'prose' | 'heading' | 'note';

export interface Block {
  kind: BlockKind;
  text: string;
  /** offsets[i] is the source offset of text[i]; offsets[text.length] is the end of the block. */
  offsets: number[];
}

export class BlockBuilder {
  private text = '';
  private offsets: number[] = [];
  private end = 0;
  readonly blocks: Block[] = [];

  /** Text that appears verbatim in the source at `sourceStart`. */
  pushVerbatim(value: string, sourceStart: number): void {
    for (let i = 0; i < value.length; i++) this.offsets.push(sourceStart + i);
    this.text += value;
    this.end = sourceStart + value.length;
  }

  /**
   * Text whose characters appear in order inside `source` (the node's source slice), with markup
   * in between: block-quote markers and indentation after line breaks, backslash escapes.
   * Characters that cannot be found nearby (character references) map to the current position.
   */
  pushAligned(value: string, source: string, sourceStart: number): void {
    if (value === source) {
      this.pushVerbatim(value, sourceStart);
      return;
    }
    let j = 0;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      const limit = Math.min(source.length, j + 32);
      let k = j;
      while (k < limit && source[k] !== ch) k++;
      if (k < limit) {
        this.offsets.push(sourceStart + k);
        j = k + 1;
      } else {
        this.offsets.push(sourceStart + Math.min(j, source.length));
      }
    }
    this.text += value;
    this.end = sourceStart + source.length;
  }

  /** A separator (space) standing for markup that was skipped, e.g. inline code. */
  pushSpace(sourceOffset: number): void {
    if (this.text.length === 0 || this.text.endsWith(' ')) return;
    this.offsets.push(sourceOffset);
    this.text += ' ';
  }

  /** A marker that stands for a citation in the source (e.g. a LaTeX \cite), mapped to its span. */
  pushMarker(marker: string, sourceStart: number, sourceEnd: number): void {
    for (let i = 0; i < marker.length; i++) this.offsets.push(Math.min(sourceStart + i, sourceEnd));
    this.text += marker;
    this.end = sourceEnd;
  }

  flush(kind: BlockKind = 'prose'): void {
    if (this.text.trim().length > 0) {
      this.offsets.push(this.end);
      this.blocks.push({ kind, text: this.text, offsets: this.offsets });
    }
    this.text = '';
    this.offsets = [];
  }
}
