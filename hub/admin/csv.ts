import { err, ok, type Result } from '#shared/result';

/**
 * A strict RFC 4180 CSV reader: comma-separated, fields optionally in double quotes (a quote inside
 * doubled), CRLF or LF line ends, a UTF-8 BOM ignored, the first row a header, every row as wide
 * as the header, blank lines skipped. Strict so that a malformed export fails loudly instead of
 * importing shifted columns.
 */

/** One data row by header name, with its 1-based line number for error messages. */
export interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** Splits text into rows of fields. Never throws; errors name the line: `csv-malformed`. */
export function parseCsvRecords(text: string): Result<{ line: number; fields: string[] }[]> {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let rowHadQuote = false;
  const fail = (why: string) => err({ code: 'csv-malformed', message: `CSV line ${line}: ${why}` });
  const endRow = () => {
    fields.push(field);
    // A blank line is skipped; a line holding only `""` is a row with one empty field.
    if (rowHadQuote || fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    rowHadQuote = false;
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        const next = src[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          return fail('text after a closing quote');
        }
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
      i += 1;
      continue;
    }
    if (c === '"') {
      if (field !== '') return fail('a quote inside an unquoted field');
      quoted = true;
      rowHadQuote = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted) return fail('a quoted field is never closed');
  endRow();
  return ok(rows);
}

/**
 * Parses a CSV whose header must contain every name in `required` (any order; `optional` names
 * may also appear; others are refused). Never throws; errors: `csv-malformed`, `csv-header`.
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
  const missing = required.filter((r) => !names.includes(r));
  const unknown = names.filter((n) => !required.includes(n) && !optional.includes(n));
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (missing.length > 0 || unknown.length > 0 || dupes.length > 0) {
    const problems = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
      dupes.length > 0 ? `repeated ${dupes.join(', ')}` : '',
    ].filter(Boolean);
    return err({
      code: 'csv-header',
      message: `CSV header: ${problems.join('; ')}. Expected: ${required.join(', ')}.`,
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
