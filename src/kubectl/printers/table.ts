/**
 * The human-readable printer for server-side Tables (cli-runtime printers/tableprinter.go).
 *
 * The server sends a meta.k8s.io/v1 Table (column definitions + rows, each row with its
 * object's metadata); kubectl decorates it (NAMESPACE for -A, `kind/` name prefixes when several
 * types are shown, -L label columns, LABELS for --show-labels, EVENT for
 * --output-watch-events), upper-cases the column names, drops priority>0 columns unless
 * `-o wide`, and writes tab-separated rows through the tabwriter.
 */
import type { Table, TableColumnDefinition, TableRow } from '../../api/types';
import { formatLabels } from '../../apimachinery/labels';
import type { TabWriter } from './tabwriter';

export interface TablePrintOptions {
  noHeaders?: boolean;
  /** `-o wide`: include priority > 0 columns. */
  wide?: boolean;
  /** `-A`: a leading NAMESPACE column. */
  withNamespace?: boolean;
  /** Prefix names with `kind/` (several types in one `get`): e.g. `deployment.apps`. */
  kind?: string;
  /** `--show-labels` */
  showLabels?: boolean;
  /** `-L key` columns. */
  columnLabels?: string[];
}

/** cli-runtime EscapeTerminal: keep escape sequences from reaching the user's terminal. */
export function escapeTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) =>
    c === '\x1b' ? '^[' : `^${String.fromCharCode(c.charCodeAt(0) + 64)}`,
  );
}

/** fmt.Sprint of a cell value. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return goSprint(v);
}

/** Go's fmt.Sprint for JSON values: maps as `map[k:v]`, slices as `[a b]`. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    return `map[${Object.keys(rec)
      .sort()
      .map((k) => `${k}:${goSprint(rec[k])}`)
      .join(' ')}]`;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    return goFloatV(v);
  }
  return String(v);
}

function goFloatV(f: number): string {
  const [mant, e] = Math.abs(f).toExponential().split('e') as [string, string];
  const exp = Number(e);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 21)
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

const sameColumns = (a: TableColumnDefinition[] | undefined, b: TableColumnDefinition[] | undefined) =>
  !!a && !!b && JSON.stringify(a) === JSON.stringify(b);

/**
 * HumanReadablePrinter for Tables. One instance per resource type in a `get`; it remembers
 * the last columns so that later tables (watch events) print without a header.
 */
export class TablePrinter {
  private lastColumns?: TableColumnDefinition[];

  constructor(private readonly options: TablePrintOptions) {}

  /** Print a Table (optionally as a watch event of the given type). */
  print(table: Table, w: TabWriter, eventType?: string): void {
    const local = { ...this.options };
    const t: Table = { ...table, rows: table.rows.map((r) => ({ ...r, cells: [...r.cells] })) };
    if (
      !t.columnDefinitions ||
      t.columnDefinitions.length === 0 ||
      sameColumns(t.columnDefinitions, this.lastColumns)
    ) {
      local.noHeaders = true;
    }
    if (!t.columnDefinitions || t.columnDefinitions.length === 0) {
      t.columnDefinitions = this.lastColumns ?? [];
    } else if (!sameColumns(t.columnDefinitions, this.lastColumns)) {
      this.lastColumns = t.columnDefinitions;
    }
    decorateTable(t, local);
    if (eventType) {
      t.columnDefinitions = [
        { name: 'Event', type: 'string', format: '', description: '', priority: 0 },
        ...t.columnDefinitions,
      ];
      for (const r of t.rows) r.cells.unshift(eventType);
    }
    printTable(t, w, local);
  }
}

function decorateTable(table: Table, o: TablePrintOptions): void {
  const labels = o.columnLabels ?? [];
  const columns = table.columnDefinitions;
  let nameColumn = -1;
  if (o.kind) nameColumn = columns.findIndex((c) => c.format === 'name' && c.type === 'string');
  const width = columns.length + labels.length + (o.withNamespace ? 1 : 0) + (o.showLabels ? 1 : 0);
  if (width !== columns.length) {
    const col = (name: string): TableColumnDefinition => ({
      name,
      type: 'string',
      format: '',
      description: '',
      priority: 0,
    });
    table.columnDefinitions = [
      ...(o.withNamespace ? [col('Namespace')] : []),
      ...columns,
      ...labels.map((l) => col(l.split('/').pop()!.toUpperCase())),
      ...(o.showLabels ? [col('Labels')] : []),
    ];
  }
  const includeLabels = labels.length > 0 || !!o.showLabels;
  if (!includeLabels && !o.withNamespace && nameColumn === -1) return;
  table.rows = table.rows.map((row: TableRow) => {
    const cells = [...row.cells];
    if (nameColumn !== -1) cells[nameColumn] = `${o.kind!.toLowerCase()}/${cellText(cells[nameColumn])}`;
    const meta = row.object?.metadata;
    if (!meta) {
      if (o.withNamespace) cells.unshift(null);
      while (cells.length < width) cells.push(null);
      return { ...row, cells };
    }
    if (o.withNamespace) cells.unshift(meta.namespace ?? '');
    if (includeLabels) {
      const ls = meta.labels ?? {};
      for (const k of labels) cells.push(ls[k] ?? '');
      if (o.showLabels) cells.push(formatLabels(ls));
    }
    return { ...row, cells };
  });
}

function printTable(table: Table, w: TabWriter, o: TablePrintOptions): void {
  const cols = table.columnDefinitions;
  let out = '';
  if (!o.noHeaders) {
    if (table.rows.length === 0) return;
    out += cols
      .filter((c) => o.wide || c.priority === 0)
      .map((c) => c.name.toUpperCase())
      .join('\t');
    out += '\n';
  }
  for (const row of table.rows) {
    const cells: string[] = [];
    row.cells.forEach((cell, i) => {
      if (i >= cols.length) return;
      if (!o.wide && cols[i]!.priority !== 0) return;
      if (cell === null || cell === undefined) {
        cells.push('');
        return;
      }
      if (typeof cell === 'string') {
        const brk = cell.search(/[\f\n\r]/);
        cells.push(brk >= 0 ? `${escapeTerminal(cell.slice(0, brk))}...` : escapeTerminal(cell));
        return;
      }
      cells.push(escapeTerminal(cellText(cell)));
    });
    out += cells.join('\t') + '\n';
  }
  w.print(out);
}
