import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, parseCsvRecords } from './csv';

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

  it('never quotes the text in its errors', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    for (const text of [`${secret},"b\n`, `a,${secret}"c\n`, `"${secret}"b,c\n`]) {
      const parsed = parseCsvRecords(text);
      expect(parsed.ok).toBe(false);
      expect(JSON.stringify(parsed)).not.toContain('root');
    }
  });

  it('round-trips any table of non-empty rows (fast-check)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', '\r', ' ', ';', '1'),
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
          const lines = rows.map((r) => r.map(encodeField).join(','));
          const text = lines.join('\r\n');
          const parsed = parseCsvRecords(text);
          expect(parsed.ok && parsed.value.map((r) => r.fields)).toEqual(rows);
          // Each row starts on the line after every line break written before it.
          let line = 1;
          const starts = lines.map((l) => {
            const at = line;
            line += 1 + (l.match(/\r\n|\r|\n/g)?.length ?? 0);
            return at;
          });
          expect(parsed.ok && parsed.value.map((r) => r.line)).toEqual(starts);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('parseCsv', () => {
  it('maps rows by header name, in any column order', () => {
    expect(parseCsv('b,a\n2,1\n', ['a', 'b'])).toEqual({
      ok: true,
      value: { delimiter: ',', rows: [{ line: 2, values: { a: '1', b: '2' } }] },
    });
  });
  it('names missing and repeated columns, unknown ones by number, and short rows', () => {
    const header = parseCsv('a,zz,a,root:x:0:0\n', ['a', 'b']);
    expect(header).toMatchObject({
      ok: false,
      error: {
        code: 'csv-header',
        message:
          'CSV header (read as ,-separated): missing b; unknown column 2, 4; repeated a. Expected: a, b.',
      },
    });
    expect(JSON.stringify(header)).not.toMatch(/zz|root/);
    expect(parseCsv('a,b\n1\n', ['a', 'b'])).toMatchObject({
      ok: false,
      error: { message: 'CSV line 2 (read as ,-separated): 1 field, the header has 2.' },
    });
    expect(parseCsv('', ['a'])).toMatchObject({ ok: false, error: { code: 'csv-header' } });
  });

  it('reads ;-separated text when its header line says so, and says which separator it read', () => {
    expect(parseCsv('\uFEFFa;b\r\n"1;2";"x,y"\r\n', ['a', 'b'])).toEqual({
      ok: true,
      value: { delimiter: ';', rows: [{ line: 2, values: { a: '1;2', b: 'x,y' } }] },
    });
    expect(parseCsv('a;b\n1;2;3\n', ['a', 'b'])).toMatchObject({
      ok: false,
      error: {
        message:
          'CSV line 2 (read as ;-separated): 3 fields, the header has 2. A list such as "fr;nl" needs quotes in a ;-separated file.',
      },
    });
    expect(parseCsv('a;b,c\n', ['a', 'b', 'c'])).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('CSV header (read as ,-separated)') as string },
    });
  });
});

describe('detectDelimiter', () => {
  it('takes the separator the header line holds more of, outside quotes', () => {
    expect(detectDelimiter('id;name;"a,b,c"\n1,2,3\n')).toBe(';');
    expect(detectDelimiter('id,name\nx;y;z;w\n')).toBe(',');
    expect(detectDelimiter('id\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });
});
