import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_KIOSK_CONFIG, DEMO_SPACE_ID } from '#shared/demo/demo-data';
import type { CardRead, Visit } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { PATCH_SCHEMAS } from '#shared/sync/protocol-records';
import type { WalkIn } from '#shared/visitor/walk-in-form';
import { recordChange } from '../db/mutations';
import type { KioskDb } from '../db/kiosk-db';
import { seedDemoData } from '../db/seed';
import { aVisit, freshDb } from '../db/test-factories';
import { ManualTimers } from '../../platform/manual-timers';
import { toMutation } from '../sync/sync-records';
import { CLOSED_THROUGH_KEY, ClosingJob, RECHECK_MS } from './closing-job';
import { VisitorDesk } from './visitor-desk';

// Tuesday 4 March 2025, Brussels (UTC+1): the space closes at 19:00, i.e. 18:00 UTC.
const MORNING = Date.UTC(2025, 2, 4, 9, 0);
const CLOSING = Date.UTC(2025, 2, 4, 18, 0);
const NEXT_CLOSING = Date.UTC(2025, 2, 5, 18, 0);
const SPARE = '0004340999';
const HOUR = 3_600_000;

const opened: KioskDb[] = [];
const jobs: ClosingJob[] = [];
afterEach(() => {
  for (const job of jobs.splice(0)) job.stop();
  for (const db of opened.splice(0)) db.close();
});

const read = (cardId: string): CardRead => ({ cardId, format: 'wedge', source: 'wedge', at: 0 });

function aWalkIn(firstName: string): WalkIn {
  return {
    firstName,
    lastName: 'Dupont',
    country: 'BE',
    preferredLang: 'fr',
    purpose: { kind: 'coworking' },
    consentVersion: 'v1',
  };
}

/** A kiosk at `start` whose configuration closes at `configured` (null: states no closing). */
async function kioskAt(start: number, configured: string | null = '19:00') {
  const db = freshDb('closing');
  opened.push(db);
  await seedDemoData(db);
  const timers = new ManualTimers(start);
  const hlc = new HybridLogicalClock('demo-kiosk', timers.clock);
  const desk = new VisitorDesk({ db, config: DEMO_KIOSK_CONFIG, clock: timers.clock, hlc });
  const closings: Visit[][] = [];
  let onClosed: ((visits: Visit[]) => void) | null = null;
  const job = new ClosingJob({
    db,
    spaceId: DEMO_SPACE_ID,
    closingTime: configured ?? undefined,
    timeZone: () => 'Europe/Brussels',
    clock: timers.clock,
    timers,
    hlc,
    onClosed: (visits) => {
      closings.push(visits);
      onClosed?.(visits);
    },
  });
  jobs.push(job);
  /** Advances the clock by `ms` and resolves with the visits the timer's run closed. */
  const advanceToClosing = async (ms: number): Promise<Visit[]> => {
    const closed = new Promise<Visit[]>((resolve) => {
      onClosed = resolve;
    });
    timers.advance(ms);
    return closed;
  };
  return { db, desk, timers, job, closings, advanceToClosing };
}

async function registerVisitor(desk: VisitorDesk, name: string): Promise<Visit> {
  const r = await desk.register({ walkIn: aWalkIn(name), submissionId: crypto.randomUUID() });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.visit;
}

describe('ClosingJob', () => {
  it('closes nothing before closing time, then every open visitor visit at it', async () => {
    const { db, desk, timers, job, closings, advanceToClosing } = await kioskAt(MORNING);
    expect(await job.start()).toEqual([]);
    const paul = await registerVisitor(desk, 'Paul');
    const bound = await desk.bindCard(paul.id, read(SPARE));
    expect(bound.ok).toBe(true);
    const marie = await registerVisitor(desk, 'Marie');
    const member = aVisit({ spaceId: DEMO_SPACE_ID, checkInAt: MORNING });
    await recordChange(db, { table: 'visits', op: 'put', record: member, hlc: 'h', now: MORNING });

    timers.advance(CLOSING - MORNING - 1);
    expect(closings).toEqual([]);
    expect((await db.visits.toArray()).every((v) => v.checkOutAt === undefined)).toBe(true);

    const closed = await advanceToClosing(1);
    expect(closed.map((v) => v.id).sort()).toEqual([paul.id, marie.id].sort());
    for (const id of [paul.id, marie.id]) {
      expect(await db.visits.get(id)).toMatchObject({
        checkOutAt: CLOSING,
        checkOutMethod: 'auto',
      });
    }
    // Members are left to the stale-visit rule.
    expect((await db.visits.get(member.id))?.checkOutAt).toBeUndefined();
    // The card is free: a tap finds no bound visit, and it can be bound to someone else.
    expect(await desk.tap(read(SPARE))).toBeNull();
    const next = await registerVisitor(desk, 'Léa');
    expect((await desk.bindCard(next.id, read(SPARE))).ok).toBe(true);
    // Each check-out is queued for the hub as a valid visit put.
    const puts = (await db.outbox.toArray()).filter(
      (e) => e.table === 'visits' && (e.record as Visit).checkOutMethod === 'auto',
    );
    expect(puts.map((e) => e.recordId).sort()).toEqual([paul.id, marie.id].sort());
    for (const e of puts) {
      expect(PATCH_SCHEMAS.visits.safeParse(toMutation(e, 'testinstallid000').record).success).toBe(
        true,
      );
    }
    expect((await db.syncState.get(CLOSED_THROUGH_KEY))?.value).toBe(CLOSING);
    // The job re-armed for tomorrow's closing.
    expect(timers.pendingCount).toBe(1);
  });

  it('leaves a visit begun after closing open until the next closing', async () => {
    const { db, desk, job, advanceToClosing, timers } = await kioskAt(CLOSING + HOUR);
    await job.start();
    const late = await registerVisitor(desk, 'Nathan');
    timers.advance(HOUR);
    expect((await db.visits.get(late.id))?.checkOutAt).toBeUndefined();
    const closed = await advanceToClosing(NEXT_CLOSING - CLOSING - 2 * HOUR);
    expect(closed.map((v) => v.id)).toEqual([late.id]);
    expect((await db.visits.get(late.id))?.checkOutAt).toBe(NEXT_CLOSING);
  });

  it('started the next morning, closes yesterday’s visits at yesterday’s closing, not now', async () => {
    // Yesterday, the kiosk registered two visitors and was switched off before closing.
    const yesterday = await kioskAt(MORNING);
    const paul = await registerVisitor(yesterday.desk, 'Paul');
    expect((await yesterday.desk.bindCard(paul.id, read(SPARE))).ok).toBe(true);
    yesterday.timers.advance(4 * HOUR);
    const marie = await registerVisitor(yesterday.desk, 'Marie');

    // This morning, on the same database.
    const morning = MORNING + 24 * HOUR;
    const timers = new ManualTimers(morning);
    const hlc = new HybridLogicalClock('demo-kiosk', timers.clock);
    const job = new ClosingJob({
      db: yesterday.db,
      spaceId: DEMO_SPACE_ID,
      closingTime: '19:00',
      timeZone: () => 'Europe/Brussels',
      clock: timers.clock,
      timers,
      hlc,
    });
    jobs.push(job);
    const closed = await job.start();
    expect(closed.map((v) => v.id).sort()).toEqual([paul.id, marie.id].sort());
    for (const id of [paul.id, marie.id]) {
      expect(await yesterday.db.visits.get(id)).toMatchObject({
        checkOutAt: CLOSING,
        checkOutMethod: 'auto',
      });
    }
    const desk = new VisitorDesk({
      db: yesterday.db,
      config: DEMO_KIOSK_CONFIG,
      clock: timers.clock,
      hlc,
    });
    expect(await desk.tap(read(SPARE))).toBeNull();
    // A second start finds nothing more to close.
    expect(await job.closeOverdue()).toEqual([]);
    expect(timers.pendingCount).toBe(1);
  });

  it('a kiosk off for days closes each visit at the first closing after its check-in', async () => {
    const { db, desk } = await kioskAt(MORNING);
    const old = await registerVisitor(desk, 'Paul');
    const later = await kioskAt(MORNING + 3 * 24 * HOUR);
    const job = new ClosingJob({
      db,
      spaceId: DEMO_SPACE_ID,
      closingTime: '19:00',
      timeZone: () => 'Europe/Brussels',
      clock: later.timers.clock,
      timers: later.timers,
      hlc: new HybridLogicalClock('demo-kiosk', later.timers.clock),
    });
    jobs.push(job);
    expect((await job.start()).map((v) => v.checkOutAt)).toEqual([CLOSING]);
    expect((await db.visits.get(old.id))?.checkOutAt).toBe(CLOSING);
  });
  it("honours the space's own closing time, synced from the hub, over the configured one", async () => {
    const { db, desk, job, advanceToClosing } = await kioskAt(MORNING);
    await db.spaces.update(DEMO_SPACE_ID, { closingTime: '18:00' });
    await job.start();
    const paul = await registerVisitor(desk, 'Paul');
    const closed = await advanceToClosing(CLOSING - HOUR - MORNING);
    expect(closed.map((v) => v.id)).toEqual([paul.id]);
    expect((await db.visits.get(paul.id))?.checkOutAt).toBe(CLOSING - HOUR);
  });

  it('with no closing time anywhere closes nothing, and takes one the hub sets later', async () => {
    const { db, desk, job, timers, closings, advanceToClosing } = await kioskAt(MORNING, null);
    expect(await job.start()).toEqual([]);
    const paul = await registerVisitor(desk, 'Paul');
    timers.advance(CLOSING - MORNING + HOUR);
    expect(closings).toEqual([]);
    expect((await db.visits.get(paul.id))?.checkOutAt).toBeUndefined();
    // The look that found nothing has armed the next one (its run is asynchronous).
    await vi.waitFor(() => {
      expect(timers.pendingCount).toBe(1);
    });
    // A pull brings the space's closing time: the next look finds it and closes at it.
    await db.spaces.update(DEMO_SPACE_ID, { closingTime: '19:00' });
    const closed = await advanceToClosing(RECHECK_MS);
    expect(closed.map((v) => v.id)).toEqual([paul.id]);
    expect((await db.visits.get(paul.id))?.checkOutAt).toBe(CLOSING);
  });
});
