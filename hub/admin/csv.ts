import { CsvError, parse } from 'csv-parse/sync';
import { err, ok, type Result } from '#shared/result';

/**
 * The admin imports' CSV reader, on csv-parse: RFC 4180 (comma-separated, fields optionally in
 * double quotes, a quote inside doubled), CRLF, LF or CR line ends, a UTF-8 BOM ignored, the first
 * row a header, every row as wide as the header, blank lines skipped. Strict, so a malformed
 * export fails loudly instead of importing shifted columns.
 *
 * Errors name a line (and a column), never a cell's content: the file may not be what the operator
 * meant to import (another file's first line must not end up in a terminal or a log).
 */

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
 * Splits text into rows of fields, each with the line it starts on. Never throws; errors name the
 * line: `csv-malformed`.
 */
export function parseCsvRecords(text: string): Result<{ line: number; fields: string[] }[]> {
  let records: unknown[];
  try {
    // With `info`, csv-parse yields `{ record, info }` per row (its typings do not say so).
    records = parse(text, {
      bom: true,
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

/**
 * Parses a CSV whose header must contain every name in `required` (any order; `optional` names
 * may also appear; others are refused, by column number). Never throws; errors: `csv-malformed`,
 * `csv-header`.
 */
export function parseCsv(
  text: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Result<CsvRow[]> {
  const parsed = parseCsvRecords(text);
  if (!parsed.ok) return parsed;
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
      message: `CSV header: ${problems.join('; ')}. Expected: ${expected}.`,
    });
  }
  const rows: CsvRow[] = [];
  for (const r of data) {
    if (r.fields.length !== names.length) {
      return err({
        code: 'csv-malformed',
        message: `CSV line ${r.line}: ${r.fields.length} fields, the header has ${names.length}.`,
      });
    }
    rows.push({
      line: r.line,
      values: Object.fromEntries(names.map((n, i) => [n, r.fields[i] ?? ''])),
    });
  }
  return ok(rows);
}
