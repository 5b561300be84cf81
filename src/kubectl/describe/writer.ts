/**
 * kubectl's PrefixWriter (k8s.io/kubectl/pkg/describe): each Write call is prefixed with two spaces
 * per level and goes into a tabwriter (minwidth 0, tabwidth 8, padding 2), which aligns the
 * tab-separated cells. `tabbedString` runs a describe function and returns the formatted text.
 */
import { TabWriter } from './tabwriter';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** printers.WriteEscaped: terminal escape characters are made visible. */
const escapeTerminal = (s: string): string => s.split('\x1b').join('^[').split('\r').join('\\r');

export class PrefixWriter {
  constructor(private readonly out: TabWriter) {}

  /** Write `text` (already formatted) indented by `level` × 2 spaces. */
  write(level: number, text: string): void {
    this.out.write(escapeTerminal('  '.repeat(level) + text));
  }

  /** fmt.Sprintln(a...): operands joined by spaces, then a newline. */
  writeLine(...a: string[]): void {
    this.out.write(escapeTerminal(a.join(' ') + '\n'));
  }

  flush(): void {
    this.out.flush();
  }
}

/** tabbedString: run `fn` against a fresh PrefixWriter and return the aligned text. */
export async function tabbedString(fn: (w: PrefixWriter) => void | Promise<void>): Promise<string> {
  const tw = new TabWriter(0, 2);
  await fn(new PrefixWriter(tw));
  return tw.toString();
}

/** The synchronous form, for describers that already hold every object they print. */
export function tabbedStringSync(fn: (w: PrefixWriter) => void): string {
  const tw = new TabWriter(0, 2);
  fn(new PrefixWriter(tw));
  return tw.toString();
}
