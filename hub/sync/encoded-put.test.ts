import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsStateOf } from '#shared/sync/protocol-merge';
import { checkPutRecord } from '#shared/sync/protocol-validate';
import { encodeState } from '../store/stored-state';
import { encodePut, isWholeRecord, recordOf, stateTextOf } from './encoded-put';

const ID = `evt_${'0123456789abcdef'.repeat(2)}`;
const HLC = '000001775000000000:0000:hub';

/** Texts with what JSON escapes: quotes, backslashes, controls, accents, emoji, a lone surrogate. */
const text = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: max }),
    fc.string({ unit: 'binary', maxLength: max }),
    fc.constantFrom('"</script>\\', 'Café «Liège»', '\u0000\u001f\u2028', '\ud800', '🎉 fête'),
  );

const localised = (max: number) =>
  fc.record({ fr: text(max), nl: text(max), en: text(max) }, { requiredKeys: [] });

/** Event records as a feed import composes them, in any key order and with optional fields. */
const events = fc
  .record(
    {
      id: fc.constant(ID),
      spaceId: fc.constantFrom('co-nnexion-mons', 'mutualab-lille'),
      uid: text(40).filter((s) => s.length > 0),
      recurrenceId: fc.constantFrom('2026-04-05T07:30:00Z', '2026-10-25'),
      startsAt: fc.integer({ min: 0, max: 4e12 }),
      endsAt: fc.integer({ min: 0, max: 4e12 }),
      allDay: fc.boolean(),
      startDate: fc.constant('2026-10-25'),
      timeZone: fc.constantFrom('Europe/Brussels', 'Europe/Paris'),
      lang: fc.constantFrom('fr', 'nl', 'en'),
      title: localised(60),
      description: localised(200),
      location: text(60),
      url: fc.constantFrom('https://example.org/a?b=1&c="d"', 'http://x.test/é'),
      status: fc.constantFrom('confirmed', 'tentative', 'cancelled'),
      updatedAt: fc.integer({ min: 0, max: 4e12 }),
    },
    {
      requiredKeys: [
        'id',
        'spaceId',
        'uid',
        'startsAt',
        'endsAt',
        'allDay',
        'title',
        'status',
        'updatedAt',
      ],
    },
  )
  .chain((r) =>
    fc
      .shuffledSubarray(Object.keys(r), { minLength: Object.keys(r).length })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, (r as Record<string, unknown>)[k]]))),
  );

/** `record` as checkPutRecord returns it (the schema's key order), or undefined if refused. */
function checked(record: unknown) {
  const result = checkPutRecord('events', ID, record);
  return result.ok ? (result.value as Record<string, unknown> & { id: string }) : undefined;
}

describe('encoded puts (decision 0061)', () => {
  it('hold exactly the texts the object path writes: the record, and the state as stored', () => {
    fc.assert(
      fc.property(events, fc.constantFrom(HLC, '000001775000000001:00ff:hub'), (record, hlc) => {
        const valid = checked(record);
        fc.pre(valid !== undefined);
        const put = encodePut('events', valid);
        expect(put).toBeDefined();
        if (!put) return;
        expect(put.recordId).toBe(ID);
        expect(put.recordText).toBe(JSON.stringify(valid));
        expect(stateTextOf(put, hlc)).toBe(encodeState(fieldsStateOf(valid, hlc)));
        expect(recordOf(put)).toEqual(JSON.parse(JSON.stringify(valid)));
      }),
      { numRuns: 400 },
    );
  });

  it('are made of whole records only: a missing required field or a cleared one is left to the object path', () => {
    const whole = checked({
      id: ID,
      spaceId: 'co-nnexion-mons',
      uid: 'a@x',
      startsAt: 1,
      endsAt: 2,
      allDay: false,
      title: { fr: 'Atelier' },
      status: 'confirmed',
      updatedAt: 3,
    });
    expect(whole && isWholeRecord('events', whole)).toBe(true);
    if (!whole) return;
    const untitled = Object.fromEntries(Object.entries(whole).filter(([key]) => key !== 'title'));
    expect(encodePut('events', { ...untitled, id: ID })).toBeUndefined();
    expect(encodePut('events', { ...whole, location: null })).toBeUndefined();
    expect(encodePut('events', whole)?.recordText).toBe(JSON.stringify(whole));
  });
});
