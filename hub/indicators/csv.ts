import { stringify } from 'csv-stringify/sync';
import { safeCell } from './neutralise';
import type { IndicatorTable } from './tables';

/**
 * The CSV export of a report's tables (the XLSX is xlsx.ts). Every text cell goes through
 * `safeCell` (neutralise.ts), numbers stay numbers.
 */

/**
 * One CSV document (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the accents):
 * each table as its title line, its header and its rows, then a blank line.
 */
export function tablesCsv(tables: readonly IndicatorTable[]): string {
  const records: (string | number)[][] = [];
  for (const table of tables) {
    records.push([safeCell(table.title)]);
    records.push(table.columns.map(safeCell));
    for (const row of table.rows) records.push(row.map(safeCell));
    records.push([]);
  }
  return `\uFEFF${stringify(records)}`;
}
