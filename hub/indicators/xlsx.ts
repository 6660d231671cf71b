import ExcelJS from 'exceljs';
import { safeCell } from './neutralise';
import type { IndicatorTable } from './tables';

/**
 * The XLSX export of a report's tables, in a module of its own so that ExcelJS is loaded on the
 * first XLSX asked for, not with the hub (routes.ts imports it with `import()`).
 */

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
