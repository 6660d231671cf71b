import { afterEach, describe, expect, it } from 'vitest';
import { PATCH_SCHEMAS } from '#shared/sync/protocol-records';
import { ANONYMOUS_PERSON_ID, DAY_MS } from '#shared/visitor/retention';
import type { KioskDb } from '../db/kiosk-db';
import { ManualTimers } from '../../platform/manual-timers';
import { SYNC_KEYS } from '../sync/sync-records';
import { toMutation } from '../sync/sync-records';
import { purgeExpiredVisitors, startRetentionPurge, type PurgeOutcome } from './retention-purge';
import { aWalkIn, dumpAll, gdprSetUp } from './testing';

const T0 = Date.UTC(2025, 2, 4, 9, 0);
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A visitor registered at T0 and checked out an hour later (their last activity). */
async function registeredAndLeft() {
  const s = await gdprSetUp('purge', T0);
  opened.push(s.db);
  const r = await s.desk.register({ walkIn: aWalkIn(), submissionId: 'sub-1' });
  if (!r.ok) throw new Error(r.error.message);
  s.time.now = T0 + 3_600_000;
  await s.desk.checkOut(r.value.visit.id);
  return { ...s, visitor: r.value.visitor, visit: r.value.visit, left: s.time.now };
}

function expectNoTrace(dump: string, visitorId: string): void {
  for (const trace of [visitorId, 'Griselda', 'Vanderkerckhove', 'griselda.vdk', '470123456']) {
    expect(dump, trace).not.toContain(trace);
  }
}

describe('purgeExpiredVisitors', () => {
  it('keeps a visitor 29 days after their last visit', async () => {
    const { db, spaceId, visitor, left } = await registeredAndLeft();
    const outcome = await purgeExpiredVisitors(db, { spaceId, now: left + 29 * DAY_MS });
    expect(outcome).toEqual({ purged: 0, anonymisedVisits: 0 });
    expect(await db.visitors.get(visitor.id)).toEqual(visitor);
    expect(await db.visitDetails.count()).toBe(1);
  });

  it('purges them at day 31: no personal data left, the visit kept as an anonymous count', async () => {
    const { db, spaceId, visitor, visit, left } = await registeredAndLeft();
    const before = await db.visits.count();
    const outcome = await purgeExpiredVisitors(db, { spaceId, now: left + 31 * DAY_MS });
    expect(outcome).toEqual({ purged: 1, anonymisedVisits: 1 });
    expect(await db.visits.count()).toBe(before);
    expect(await db.visits.get(visit.id)).toMatchObject({
      id: visit.id,
      spaceId,
      personKind: 'visitor',
      personId: ANONYMOUS_PERSON_ID,
      checkInAt: T0,
      checkOutAt: left,
    });
    expect(await db.visitDetails.count()).toBe(0);
    expectNoTrace(await dumpAll(db), visitor.id);
  });

  it('redacts the outbox: visitor puts go, visit changes stay anonymised and valid at the hub', async () => {
    const { db, spaceId, visit, left } = await registeredAndLeft();
    expect((await db.outbox.toArray()).map((e) => e.table)).toEqual([
      'visitors',
      'visits',
      'visits',
    ]);
    await purgeExpiredVisitors(db, { spaceId, now: left + 31 * DAY_MS });
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => [e.table, e.recordId])).toEqual([
      ['visits', visit.id],
      ['visits', visit.id],
    ]);
    for (const e of outbox) {
      expect(e.record).toMatchObject({ personId: ANONYMOUS_PERSON_ID });
      expect(PATCH_SCHEMAS.visits.safeParse(toMutation(e, 'testinstallid000').record).success).toBe(
        true,
      );
    }
  });

  it('drops the visitor from the rejection log too', async () => {
    const { db, spaceId, visitor, left } = await registeredAndLeft();
    await db.syncState.put({
      key: SYNC_KEYS.rejected,
      value: [
        {
          mutationId: 'm1',
          code: 'x',
          reason: 'y',
          table: 'visitors',
          recordId: visitor.id,
          at: 1,
        },
      ],
    });
    await purgeExpiredVisitors(db, { spaceId, now: left + 31 * DAY_MS });
    expect((await db.syncState.get(SYNC_KEYS.rejected))?.value).toEqual([]);
  });

  it('is idempotent', async () => {
    const { db, spaceId, left } = await registeredAndLeft();
    const now = left + 31 * DAY_MS;
    await purgeExpiredVisitors(db, { spaceId, now });
    const once = await dumpAll(db);
    expect(await purgeExpiredVisitors(db, { spaceId, now })).toEqual({
      purged: 0,
      anonymisedVisits: 0,
    });
    expect(await dumpAll(db)).toBe(once);
  });

  it("follows the space's retentionDays, and counts from the latest visit", async () => {
    const { db, desk, spaceId, visitor, time, left } = await registeredAndLeft();
    await db.spaces.update(spaceId, { retentionDays: 7 });
    time.now = left + 5 * DAY_MS;
    const again = await desk.register({
      walkIn: aWalkIn(),
      submissionId: 'sub-2',
      returningVisitorId: visitor.id,
    });
    expect(again.ok).toBe(true);
    expect(await purgeExpiredVisitors(db, { spaceId, now: left + 8 * DAY_MS })).toMatchObject({
      purged: 0,
    });
    // The second visit never checked out: its check-in is the last activity.
    expect(
      await purgeExpiredVisitors(db, { spaceId, now: left + 5 * DAY_MS + 7 * DAY_MS + 1 }),
    ).toEqual({ purged: 1, anonymisedVisits: 2 });
  });
});

describe('startRetentionPurge', () => {
  it('purges at start and then on each tick of the injected clock', async () => {
    const { db, spaceId, left } = await registeredAndLeft();
    const timers = new ManualTimers(left + 30 * DAY_MS);
    const outcomes: PurgeOutcome[] = [];
    let settle: () => void = () => undefined;
    const next = () =>
      new Promise<void>((resolve) => {
        settle = resolve;
      });
    let ran = next();
    const stop = startRetentionPurge({
      db,
      spaceId,
      clock: timers.clock,
      timers,
      intervalMs: DAY_MS,
      onPurged: (o) => {
        outcomes.push(o);
        settle();
      },
    });
    await ran;
    expect(outcomes).toEqual([{ purged: 0, anonymisedVisits: 0 }]);
    await expect.poll(() => timers.pendingCount).toBe(1);
    ran = next();
    timers.advance(DAY_MS);
    await ran;
    expect(outcomes.at(-1)).toEqual({ purged: 1, anonymisedVisits: 1 });
    stop();
    await expect.poll(() => timers.pendingCount).toBe(0);
  });
});
