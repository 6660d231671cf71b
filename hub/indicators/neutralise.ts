/**
 * Spreadsheet formula injection: a text cell beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return can be read as a formula by Excel, LibreOffice or Sheets (OWASP "CSV
 * injection"), and member names, space names and event titles are imported verbatim
 * (`=HYPERLINK(…)`). Such a cell is prefixed with an apostrophe, which spreadsheets show as text
 * and people read past. Numbers are never touched: they are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** `text` safe to put in a spreadsheet cell (unchanged unless it begins like a formula). */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell value: numbers as they are, text neutralised. */
export function safeCell(value: string | number): string | number {
  return typeof value === 'number' ? value : neutralise(value);
}
