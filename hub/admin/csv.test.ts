import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './csv';

function encodeField(f: string): string {
  return /[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f;
}

describe('parseCsvRecords', () => {
  it('reads quotes, doubled quotes, embedded newlines, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nplain,,end\n';
    expect(parseCsvRecords(text)).toEqual({
      ok: true,
      value: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
        { line: 5, fields: ['plain', '', 'end'] },
      ],
    });
  });

  it.each([
    ['a,"b\n', 'never closed'],
    ['a,b"c\n', 'inside an unquoted field'],
    ['"a"b,c\n', 'after a closing quote'],
  ])('refuses %j', (text, why) => {
    expect(parseCsvRecords(text)).toMatchObject({
      ok: false,
      error: { code: 'csv-malformed', message: expect.stringContaining(why) as string },
    });
  });

  it('round-trips any table of non-empty rows (fast-check)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', ' ', ';', '1'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) =>
          fc.array(fc.array(cell, { minLength: w, maxLength: w }), {
            minLength: 1,
            maxLength: 8,
          }),
        ),
        (rows) => {
          const text = rows.map((r) => r.map(encodeField).join(',')).join('\r\n');
          const parsed = parseCsvRecords(text);
          expect(parsed.ok && parsed.value.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseCsv', () => {
  it('maps rows by header name, in any column order', () => {
    expect(parseCsv('b,a\n2,1\n', ['a', 'b'])).toEqual({
      ok: true,
      value: [{ line: 2, values: { a: '1', b: '2' } }],
    });
  });
  it('names missing, unknown and repeated columns, and short rows', () => {
    expect(parseCsv('a,zz,zz\n', ['a', 'b'])).toMatchObject({
      ok: false,
      error: {
        code: 'csv-header',
        message: expect.stringMatching(/missing b.*unknown zz, zz.*repeated zz/) as string,
      },
    });
    expect(parseCsv('a,b\n1\n', ['a', 'b'])).toMatchObject({
      ok: false,
      error: { message: 'CSV line 2: 1 fields, the header has 2.' },
    });
    expect(parseCsv('', ['a'])).toMatchObject({ ok: false, error: { code: 'csv-header' } });
  });
});
