import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { safeCell } from './neutralise';
import type { IndicatorTable } from './tables';

/**
 * The spreadsheet exports of a report's tables. Every text cell goes through `safeCell`
 * (neutralise.ts), numbers stay numbers.
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

/** Excel sheet names: at most 31 characters, none of `[]:*?/\`. */
function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

/** An XLSX workbook, one sheet per table (header row bold and frozen). Rejects if ExcelJS fails. */
export async function tablesXlsx(tables: readonly IndicatorTable[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'COFFEE Kiosk hub';
  for (const table of tables) {
    const sheet = book.addWorksheet(sheetName(table.title), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow(table.columns.map(safeCell)).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map(safeCell));
    sheet.columns.forEach((c) => (c.width = 22));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
