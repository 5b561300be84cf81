/**
 * A port of Go's text/tabwriter, the component that gives `kubectl describe` its alignment.
 *
 * describe writes `Label:\tvalue\n` lines and tabwriter turns each tab-terminated cell into a
 * column. The subtle part, which a simpler "pad to the longest label" approach gets wrong, is that
 * columns are aligned per *block*: consecutive lines that have a cell in that column. A line with
 * fewer cells (such as `Containers:`) ends the block, so the sections of a describe output each
 * get their own alignment, and a Flush() (DescribeEvents calls one) ends all blocks.
 *
 * Only what kubectl uses is ported: flags 0, a space pad character, no escapes or HTML filtering.
 * Widths count runes, as Go's utf8.RuneCount does.
 */

interface Cell {
  /** Length of the cell's text in the buffer (UTF-16 units). */
  size: number;
  /** Width in runes. */
  width: number;
  /** True if the cell was terminated by a tab. */
  htab: boolean;
}

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export class TabWriter {
  private buf = '';
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  private widths: number[] = [];
  private output = '';

  /** Go's Writer.Init(out, minwidth, tabwidth, padding, padchar, flags) with a space padchar and flags 0. */
  constructor(
    private readonly minwidth = 0,
    private readonly padding = 2,
  ) {}

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        this.append(text.slice(n, i));
        this.updateWidth();
        n = i + 1;
        const ncells = this.terminateCell(ch === '\t');
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          // A line with a single cell does not influence the formatting of the following lines
          // (the last cell of a line never counts), so everything so far can be flushed.
          if (ch === '\f' || ncells === 1) this.flushInternal();
        }
      }
    }
    this.append(text.slice(n));
  }

  /** Format and emit everything buffered; later text starts new column blocks. */
  flush(): void {
    this.flushInternal();
  }

  /** Flush and return all output produced so far. */
  toString(): string {
    this.flushInternal();
    return this.output;
  }

  private append(text: string): void {
    this.buf += text;
    this.cell.size += text.length;
  }

  private updateWidth(): void {
    this.cell.width += runeCount(this.buf.slice(this.pos));
    this.pos = this.buf.length;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private flushInternal(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    // reset
    this.buf = '';
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.widths.length;
    for (let thisLine = line0; thisLine < line1; thisLine++) {
      let line = this.lines[thisLine]!;
      if (column >= line.length - 1) continue;
      // A cell exists in this column: print the lines before the block, then size the block.
      pos = this.writeLines(pos, line0, thisLine);
      line0 = thisLine;
      let width = this.minwidth;
      for (; thisLine < line1; thisLine++) {
        line = this.lines[thisLine]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        const w = c.width + this.padding;
        if (w > width) width = w;
      }
      // Format the columns to the right of this one, knowing this column's width.
      this.widths.push(width);
      pos = this.format(pos, line0, thisLine);
      this.widths.pop();
      line0 = thisLine;
    }
    return this.writeLines(pos, line0, line1);
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        if (c.size > 0) {
          this.output += this.buf.slice(pos, pos + c.size);
          pos += c.size;
        }
        if (j < this.widths.length) this.output += ' '.repeat(Math.max(0, this.widths[j]! - c.width));
      }
      if (i + 1 === this.lines.length) {
        // The last buffered line has no newline: write any outstanding text.
        this.output += this.buf.slice(pos, pos + this.cell.size);
        pos += this.cell.size;
      } else {
        this.output += '\n';
      }
    }
    return pos;
  }
}
