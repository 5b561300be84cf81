/**
 * The shape of one printer: a kind's column definitions (what printers.go registers with
 * TableHandler) and a function producing one row's cells. Printers always produce the wide cells;
 * the priority-1 columns are dropped by kubectl unless `-o wide` (the apiserver likewise generates
 * tables with Wide: true).
 */
import type { KubeObject, TableColumnDefinition } from '../../../api/types';

export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface RowData {
  cells: unknown[];
  conditions?: RowCondition[];
}

export interface Printer {
  columns: TableColumnDefinition[];
  print(obj: KubeObject, now: number): RowData;
}

/** A column definition; `priority` 1 marks the columns kubectl only shows with `-o wide`. */
export function col(
  name: string,
  type: string,
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}
