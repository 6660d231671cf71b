import { CsvError, parse } from 'csv-parse/sync';
import { err, ok, type Result } from '#shared/result';
import { counted } from './plural';

/**
 * The admin imports' CSV reader, on csv-parse: RFC 4180 (fields optionally in double quotes, a
 * quote inside doubled), CRLF, LF or CR line ends, a UTF-8 BOM ignored, the first row a header,
 * every row as wide as the header, blank lines skipped. Strict, so a malformed export fails loudly
 * instead of importing shifted columns. Fields are separated by `,` or by `;` (what spreadsheet
 * software writes in Belgian and French locales), chosen from the header line: csv-parse does not
 * guess, and a header of column names holds one separator or the other, never both.
 *
 * Errors name a line (and a column), never a cell's content: the file may not be what the operator
 * meant to import (another file's first line must not end up in a terminal or a log).
 */

/** The field separators the reader accepts. */
export type CsvDelimiter = ',' | ';';

/** A parsed file: its rows and the separator they were read with. */
export interface CsvTable {
  readonly delimiter: CsvDelimiter;
  readonly rows: CsvRow[];
}

/** One data row by header name, with its 1-based line number for error messages. */
export interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

const LINE_BREAKS = /\r\n|\r|\n/g;
const CRLF = /\r\n/g;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

interface InfoRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

function isInfoRecord(x: unknown): x is InfoRecord {
  if (typeof x !== 'object' || x === null) return false;
  const { record, info } = x as Partial<Record<keyof InfoRecord, unknown>>;
  return (
    Array.isArray(record) &&
    typeof info === 'object' &&
    info !== null &&
    typeof (info as { lines?: unknown }).lines === 'number'
  );
}

/** Why csv-parse refused the text, in our words (its own messages quote the field). */
function reasonOf(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after a closing quote';
    default:
      return 'not a CSV row';
  }
}

/**
 * The separator of `text`: `;` when its first line holds more semicolons than commas outside
 * double quotes, else `,`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let isQuoted = false;
  for (const ch of text) {
    if (ch === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (ch === '\n' || ch === '\r')) break;
    else if (!isQuoted && ch === ',') commas++;
    else if (!isQuoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Splits text into rows of fields separated by `delimiter`, each with the line it starts on.
 * Never throws; errors name the line: `csv-malformed`.
 */
export function parseCsvRecords(
  text: string,
  delimiter: CsvDelimiter = ',',
): Result<{ line: number; fields: string[] }[]> {
  let records: unknown[];
  try {
    // With `info`, csv-parse yields `{ record, info }` per row (its typings do not say so).
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    });
  } catch (e) {
    if (!(e instanceof CsvError)) {
      return err({ code: 'csv-malformed', message: 'The CSV cannot be read.' });
    }
    const line = typeof e['lines'] === 'number' ? e['lines'] : 1;
    return err({ code: 'csv-malformed', message: `CSV line ${line}: ${reasonOf(e)}` });
  }
  // csv-parse reports the line a record ends on, counting a CRLF inside a quoted field as two
  // lines; an editor counts one. The line a row starts on, as the operator's editor shows it:
  let crlfInFields = 0;
  return ok(
    records.filter(isInfoRecord).map(({ record, info }) => {
      const inner = record.reduce((n, f) => n + count(f, LINE_BREAKS), 0);
      crlfInFields += record.reduce((n, f) => n + count(f, CRLF), 0);
      return { line: info.lines - crlfInFields - inner, fields: record };
    }),
  );
}

/** How an error says which separator was read: it explains a header or a row that went wrong. */
export function readAs(delimiter: CsvDelimiter): string {
  return `read as ${delimiter}-separated`;
}

/**
 * Parses a CSV, `,`- or `;`-separated (detectDelimiter), whose header must contain every name in
 * `required` (any order; `optional` names may also appear; others are refused, by column number).
 * Never throws; errors (`csv-malformed`, `csv-header`) say which separator was read.
 */
export function parseCsv(
  text: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Result<CsvTable> {
  const delimiter = detectDelimiter(text);
  const parsed = parseCsvRecords(text, delimiter);
  if (!parsed.ok) {
    return err({ ...parsed.error, message: `${parsed.error.message} (${readAs(delimiter)})` });
  }
  const [header, ...data] = parsed.value;
  if (!header)
    return err({ code: 'csv-header', message: 'The CSV is empty: it needs a header row.' });
  const names = header.fields.map((f) => f.trim());
  const known = (n: string) => required.includes(n) || optional.includes(n);
  const missing = required.filter((r) => !names.includes(r));
  const unknown = names.flatMap((n, i) => (known(n) ? [] : [i + 1]));
  const dupes = names.flatMap((n, i) => (known(n) && names.indexOf(n) !== i ? [n] : []));
  if (missing.length > 0 || unknown.length > 0 || dupes.length > 0) {
    const problems = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column ${unknown.join(', ')}` : '',
      dupes.length > 0 ? `repeated ${dupes.join(', ')}` : '',
    ].filter(Boolean);
    const expected = [...required, ...optional.map((o) => `[${o}]`)].join(', ');
    return err({
      code: 'csv-header',
      message: `CSV header (${readAs(delimiter)}): ${problems.join('; ')}. Expected: ${expected}.`,
    });
  }
  const rows: CsvRow[] = [];
  for (const r of data) {
    if (r.fields.length !== names.length) {
      // A list cell (cards, languages) splits a ;-separated row unless it is quoted.
      const hint =
        delimiter === ';' && r.fields.length > names.length
          ? ' A list such as "fr;nl" needs quotes in a ;-separated file.'
          : '';
      return err({
        code: 'csv-malformed',
        message: `CSV line ${r.line} (${readAs(delimiter)}): ${counted(r.fields.length, 'field')}, the header has ${names.length}.${hint}`,
      });
    }
    rows.push({
      line: r.line,
      values: Object.fromEntries(names.map((n, i) => [n, r.fields[i] ?? ''])),
    });
  }
  return ok({ delimiter, rows });
}
