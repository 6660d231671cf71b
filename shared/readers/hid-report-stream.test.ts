import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import recorded from '#test/fixtures/hid-reports.json';
import { bytesOf } from './frame-builders';
import { HID_LAYOUTS, HidReportStream, type HidStreamResult } from './hid-report-stream';
import { isKeyboardUsageReport } from './hid-keyboard-usage';

/** Every result of a recorded stream, read with the layout and report id it was recorded with. */
function readAll(stream: (typeof recorded.streams)[number]): HidStreamResult[] {
  const expected = typeof stream.expect === 'string' ? null : stream.expect;
  const reader = new HidReportStream({
    layout: (expected?.layout ?? 'auto') as (typeof HID_LAYOUTS)[number],
    reportId: expected !== null && 'reportId' in expected ? expected.reportId : undefined,
  });
  return stream.reports.map((r) => reader.push(bytesOf(r.bytes), r.at));
}

describe('HidReportStream', () => {
  it('reads each recorded card once, in the layout and report id it was recorded with', () => {
    for (const stream of recorded.streams) {
      if (typeof stream.expect === 'string') continue;
      const cards = readAll(stream).filter((r) => r.kind === 'card');
      expect(cards, stream.name).toEqual([
        expect.objectContaining({ layout: stream.expect.layout, cardId: stream.expect.cardId }),
      ]);
    }
  });

  it('leaves reports of another report id alone', () => {
    const reader = new HidReportStream({ reportId: 2 });
    expect(reader.push(bytesOf('03 01 00 00 00'), 0)).toEqual({ kind: 'other-report' });
  });

  it('rejects a report in another layout than the one configured', () => {
    const reader = new HidReportStream({ layout: 'ascii' });
    expect(reader.push(bytesOf('05 4B 00 42 3C 15 00 00'), 0)).toEqual({
      kind: 'rejected',
      reason: 'malformed',
      layout: 'length-prefixed',
    });
  });

  it('keyboard-usage: a person’s pace, a cut burst and keys no id has read no card', () => {
    const reader = new HidReportStream({ layout: 'keyboard-usage' });
    const slow = ['00 00 27 00 00 00 00 00', '00 00 1E 00 00 00 00 00', '00 00 28 00 00 00 00 00'];
    expect(slow.map((r, i) => reader.push(bytesOf(r), i * 200).kind)).toEqual([
      'pending',
      'pending',
      'idle',
    ]);
    expect(reader.push(bytesOf('01 00 27 00 00 00 00 00'), 1000)).toMatchObject({
      kind: 'rejected',
    });
    expect(isKeyboardUsageReport(bytesOf('00 00 2C 00 00 00 00 00'))).toBe(false);
    expect(isKeyboardUsageReport(bytesOf('02 00 04 1E 00 00 00 00'))).toBe(true);
  });

  it('keyboard-usage: keys held together count once each, in report order', () => {
    const reader = new HidReportStream({ layout: 'keyboard-usage' });
    const reports = ['00 00 1E 00', '00 00 1E 1F', '00 00 1F 20', '00 00 21 22', '00 00 23 28'];
    const results = reports.map((r, i) => reader.push(bytesOf(r), i * 5));
    expect(results.at(-1)).toMatchObject({ kind: 'card', cardHex: '123456' });
  });

  it('never throws on arbitrary reports, whatever the layout and report id', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HID_LAYOUTS),
        fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        (layout, reportId, reports) => {
          const reader = new HidReportStream({ layout, reportId });
          reports.forEach((r, i) => {
            const result = reader.push(r, i * 3);
            if (result.kind === 'card') expect(result.cardId).toMatch(/^[0-9A-Z,]+$/);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
