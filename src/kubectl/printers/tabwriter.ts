/**
 * A port of github.com/liggitt/tabwriter (Go's text/tabwriter plus RememberWidths), the
 * elastic-tabstop writer behind every kubectl table.
 *
 * Cells are tab-terminated; the text after the last tab of a line is not part of a column, so
 * the last column is never padded. Widths are computed per column *block* (consecutive lines
 * that have that column), and a line with a single cell flushes the writer. With
 * RememberWidths (kubectl's printers use it) a column never gets narrower after a flush,
 * which is why rows that `kubectl get -w` prints later line up with the header.
 */

export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
  /** Remember maximum widths seen per column even after flush (liggitt/tabwriter). */
  rememberWidths?: boolean;
  /** Handle empty columns as if they were not present in the input (Go DiscardEmptyColumns). */
  discardEmptyColumns?: boolean;
}

/** kubectl's printers.GetNewTabWriter: minwidth 6, tabwidth 4, padding 3, ' ', RememberWidths. */
export const KUBECTL_TABWRITER: TabWriterOptions = {
  minwidth: 6,
  tabwidth: 4,
  padding: 3,
  padchar: ' ',
  rememberWidths: true,
};

interface Cell {
  text: string;
  width: number;
  htab: boolean;
}

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxwidths: number[] = [];
  private out: string[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly opts: TabWriterOptions = KUBECTL_TABWRITER,
  ) {}

  /** Write text; complete lines may be emitted immediately when a flush is implied. */
  print(text: string): void {
    for (const ch of text) {
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        const ncells = this.terminateCell(ch === '\t');
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          if (ch === '\f' || ncells === 1) this.flush();
        }
      } else {
        this.cell += ch;
      }
    }
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1]!;
    line.push({ text: this.cell, width: [...this.cell].length, htab });
    this.cell = '';
    return line.length;
  }

  /** Forget remembered column widths (kubectl does this between resource types). */
  resetRememberedWidths(): void {
    this.maxwidths = [];
  }

  /** Format and emit everything buffered. */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.write(this.out.join(''));
    this.out = [];
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((c, j) => {
        if (c.text.length > 0) this.out.push(c.text);
        if (j < this.widths.length)
          this.out.push(this.opts.padchar.repeat(Math.max(0, this.widths[j]! - c.width)));
      });
      if (i + 1 === this.lines.length) {
        // last buffered line: no newline (the pending cell is empty after flush)
      } else {
        this.out.push('\n');
      }
    }
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let thisLine = line0; thisLine < line1; thisLine++) {
      let line = this.lines[thisLine]!;
      if (column >= line.length - 1) continue;
      this.writeLines(line0, thisLine);
      line0 = thisLine;
      let width = this.opts.minwidth;
      let discardable = true;
      for (; thisLine < line1; thisLine++) {
        line = this.lines[thisLine]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        const w = c.width + this.opts.padding;
        if (w > width) width = w;
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.opts.discardEmptyColumns) width = 0;
      if (this.opts.rememberWidths) {
        if (this.maxwidths.length < this.widths.length) {
          this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
        }
        if (this.maxwidths.length === this.widths.length) this.maxwidths.push(width);
        else if (this.maxwidths[this.widths.length]! > width) width = this.maxwidths[this.widths.length]!;
        else if (this.maxwidths[this.widths.length]! < width) this.maxwidths[this.widths.length] = width;
      }
      this.widths.push(width);
      this.format(line0, thisLine);
      this.widths.pop();
      line0 = thisLine;
    }
    this.writeLines(line0, line1);
  }
}

/** Lay out complete lines at once (a fresh writer, flushed). */
export function tabulate(text: string, opts: TabWriterOptions = KUBECTL_TABWRITER): string {
  let out = '';
  const w = new TabWriter((t) => (out += t), opts);
  w.print(text);
  w.flush();
  return out;
}
