import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import { icsFeed } from '../test-support/ics';
import { planJob } from '../test-support/plan-job';
import { seriesKey } from '../store/agenda-series';
import { digestOf, occurrenceId } from './occurrence-ids';
import type { Plan } from './occurrence-plan';
import { planFeed } from './plan-feed';

/** `count` events on 1 April 2026, every fourth one weekly. */
const feed = (count: number) =>
  icsFeed(
    Array.from({ length: count }, (_, i) => ({
      uid: `event-${i}@coffee.test`,
      start: `20260401T${String(8 + (i % 10)).padStart(2, '0')}0000`,
      end: `20260401T${String(9 + (i % 10)).padStart(2, '0')}0000`,
      summary: `Atelier ${i}`,
      ...(i % 4 === 0 ? { rrule: 'FREQ=WEEKLY' } : {}),
    })),
  );

describe('occurrence ids (decision 0060)', () => {
  it('name an occurrence alike at every import, within the record id rules', () => {
    const id = occurrenceId('feed-1', 'a@x', '2026-03-03T16:30:00Z');
    expect(id).toBe(occurrenceId('feed-1', 'a@x', '2026-03-03T16:30:00Z'));
    expect(id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(RecordIdSchema.safeParse(id).success).toBe(true);
    const again = occurrenceId('feed-1', 'a@x', '2026-03-03T16:30:00Z', 2);
    expect(again).toBe(`${id}.2`);
    expect(RecordIdSchema.safeParse(again).success).toBe(true);
  });

  it('and digests are the same text from one release to the next (stored ones stay valid)', () => {
    // Pinned: a hub compares a feed's occurrences with the ids and digests it stored before.
    expect(occurrenceId('feed-1', 'a@x', '2026-03-03T16:30:00Z')).toBe(
      'evt_bd39e6feafd83701da7e2f71e4405981',
    );
    expect(seriesKey('a@x')).toBe('bd39e6feafd83701');
    const record = { uid: 'a@x', title: { fr: 'Atelier', en: 'Workshop' }, startsAt: 1 };
    const reordered = { startsAt: 1, title: { en: 'Workshop', fr: 'Atelier' }, uid: 'a@x' };
    expect(digestOf({ ...record, allDay: false, updatedAt: undefined })).toBe(
      '8EQguJMyMqxo5MMMMVr2QUAHxq5Efk-7NheTYVQYwYQ',
    );
    expect(digestOf({ allDay: false, ...reordered })).toBe(
      '8EQguJMyMqxo5MMMMVr2QUAHxq5Efk-7NheTYVQYwYQ',
    );
  });

  it('digest any JSON value as SHA-256 of its text with keys sorted at every level', () => {
    // Built as text: an object would put integer-like keys ('0') first whatever the order.
    const sortedText = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(sortedText).join(',')}]`;
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedText(v)}`).join(',')}}`;
    };
    const reference = (value: unknown) =>
      createHash('sha256').update(sortedText(value)).digest('base64url');
    // Keys that join alike ('a\nb' and 'a', 'b') must not share their sorted order.
    const key = fc.oneof(fc.constantFrom('a', 'b', 'a\nb', 'b\na', 'fr', 'nl'), fc.string());
    const values = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 4 }), (objects) => {
        for (const object of objects) expect(digestOf(object)).toBe(reference(object));
      }),
    );
  });

  it('lead with the series key within a series, and differ by source, series and instance', () => {
    const key = seriesKey('a@x');
    const ids = ['', '2026-03-03T16:30:00Z', '2026-03-10T16:30:00Z'].map((r) =>
      occurrenceId('feed-1', 'a@x', r),
    );
    for (const id of ids) expect(id.slice(4, 20)).toBe(key);
    expect(new Set(ids).size).toBe(3);
    expect(occurrenceId('feed-1', 'a@x', '', 0, key)).toBe(ids[0]);
    expect(seriesKey('b@x')).not.toBe(key);
    // The same UID in another feed: the same series key, another record.
    expect(occurrenceId('feed-2', 'a@x', '').slice(4, 20)).toBe(key);
    expect(occurrenceId('feed-2', 'a@x', '')).not.toBe(ids[0]);
  });

  it('come out of a first import in series-key order, the first batch small', async () => {
    const batches: Plan[] = [];
    const end = await planFeed(
      planJob(feed(400), { batchSize: 500 }),
      () => Promise.resolve({ words: new Map(), cancelled: new Set() }),
      (plan) => batches.push(plan),
    );
    expect(end.ok).toBe(true);
    // A first import's occurrences are all new, whole records: they come as texts.
    expect(batches.every((b) => b.puts.length === 0)).toBe(true);
    const keys = batches.flatMap((b) => b.fresh.map((f) => f.put.recordId.slice(4, 20)));
    expect(keys.length).toBeGreaterThan(5000);
    expect(keys).toEqual([...keys].sort());
    const sizes = batches.map((b) => b.fresh.length);
    expect(sizes[0]).toBeLessThan(200);
    expect(sizes.slice(1, -1).every((n) => n >= 500)).toBe(true);
  });
});
