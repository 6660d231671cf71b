import { describe, expect, it } from 'vitest';
import { LANGS } from '../domain/types';
import { AgendaEventSchema } from '../sync/protocol-records';
import { toWall } from '../time/zoned';
import { DEMO_SPACES, DEMO_UPDATED_AT } from './demo-data';
import { DEMO_EVENT_PREFIX, demoEvents } from './demo-events';

const DAY = 86_400_000;
// Just before the spring change in Brussels (29 March 2026), and in the autumn.
const NOWS = [Date.UTC(2026, 2, 24, 10, 7), Date.UTC(2026, 9, 14, 15, 52)];

const zoneOf = (id: string): string =>
  DEMO_SPACES.find((s) => s.id === id)?.timezone ?? 'Europe/Brussels';

describe.each(NOWS)('the demo agenda at %d', (now) => {
  const events = demoEvents(now, zoneOf);

  it('holds valid occurrences with the demo prefix, all ahead but what runs now, within four weeks', () => {
    for (const e of events) {
      expect(AgendaEventSchema.safeParse(e).success, e.id).toBe(true);
      expect(e.id.startsWith(DEMO_EVENT_PREFIX)).toBe(true);
      expect(e.updatedAt).toBe(DEMO_UPDATED_AT);
      expect(e.endsAt).toBeGreaterThan(now);
      expect(e.startsAt).toBeLessThan(now + 28 * DAY);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('spans the seven places and the three languages, with one running now and one soon', () => {
    expect(new Set(events.map((e) => e.spaceId))).toEqual(new Set(DEMO_SPACES.map((s) => s.id)));
    expect(new Set(events.map((e) => e.lang))).toEqual(new Set(LANGS));
    expect(events.filter((e) => e.startsAt <= now && now < e.endsAt)).toHaveLength(1);
    expect(events.filter((e) => e.startsAt > now && e.startsAt - now <= 3600_000)).toHaveLength(1);
    expect(events.some((e) => e.allDay && e.startDate && e.endDate)).toBe(true);
    expect(events.some((e) => e.timeZone === 'Europe/London')).toBe(true);
  });

  it('has recurring series, a cancelled occurrence and titles missing in some language', () => {
    const perUid = new Map<string, number>();
    for (const e of events) perUid.set(e.uid, (perUid.get(e.uid) ?? 0) + 1);
    expect([...perUid.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.status === 'cancelled').length).toBeGreaterThanOrEqual(1);
    for (const lang of LANGS) expect(events.some((e) => e.title[lang] === undefined)).toBe(true);
  });

  it('places each space’s occurrences in its own zone', () => {
    const fresque = events.find((e) => e.uid.startsWith('fresque@'));
    expect(fresque && toWall(fresque.startsAt, 'Europe/Paris').hour).toBe(18);
  });

  it('keeps a weekly series at its local time across a change of clocks', () => {
    const coffee = events.filter((e) => e.uid.startsWith('members-coffee@'));
    expect(coffee.length).toBeGreaterThan(1);
    for (const e of coffee) {
      const wall = toWall(e.startsAt, 'Europe/Brussels');
      expect([wall.hour, wall.minute]).toEqual([9, 30]);
    }
  });

  it('is the same for the same now', () => {
    expect(demoEvents(now, zoneOf)).toEqual(events);
  });
});
