import { afterEach, describe, expect, it } from 'vitest';
import type { KioskDb } from '../db/kiosk-db';
import { freshDb } from '../db/test-factories';
import { KEEP_ENDED_MS, pruneEndedEvents, startAgendaPruning } from './agenda-prune';
import { anEvent } from './testing';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 10, 12);

const dbs: KioskDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

async function seeded(): Promise<KioskDb> {
  const db = freshDb('prune');
  dbs.push(db);
  await db.events.bulkPut([
    anEvent({ id: 'long-ago', startsAt: NOW - 30 * 24 * H, endsAt: NOW - 29 * 24 * H }),
    anEvent({ id: 'just-over', startsAt: NOW - 26 * H, endsAt: NOW - KEEP_ENDED_MS - 1 }),
    anEvent({ id: 'yesterday', startsAt: NOW - 23 * H, endsAt: NOW - 22 * H }),
    anEvent({ id: 'festival', startsAt: NOW - 90 * 24 * H, endsAt: NOW + H }),
    anEvent({ id: 'tomorrow', startsAt: NOW + 24 * H }),
  ]);
  return db;
}

/** A sync engine's status feed, driven by hand. */
function syncFeed() {
  const listeners = new Set<(s: { lastSuccessAt: number | null }) => void>();
  return {
    status: { lastSuccessAt: null as number | null },
    onStatus(listener: (s: { lastSuccessAt: number | null }) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    succeed(at: number) {
      this.status = { lastSuccessAt: at };
      for (const l of listeners) l(this.status);
    },
  };
}

describe('pruneEndedEvents', () => {
  it('deletes what ended more than a day ago, keeps the rest, and is idempotent', async () => {
    const db = await seeded();
    expect(await pruneEndedEvents(db, NOW)).toBe(2);
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual([
      'festival',
      'tomorrow',
      'yesterday',
    ]);
    expect(await pruneEndedEvents(db, NOW)).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('startAgendaPruning', () => {
  it('prunes at start and after each successful sync, not on other status changes', async () => {
    const db = await seeded();
    let now = NOW;
    const sync = syncFeed();
    const pruned: number[] = [];
    let told: () => void = () => undefined;
    const stop = startAgendaPruning({
      db,
      clock: () => now,
      sync,
      onPruned: (n) => {
        pruned.push(n);
        told();
      },
    });
    const next = () =>
      new Promise<void>((resolve) => {
        told = resolve;
      });
    await next();
    expect(pruned).toEqual([2]);
    // A pull brings an occurrence that already ended, and the day moves on.
    await db.events.put(anEvent({ id: 'stale', startsAt: NOW - 50 * H, endsAt: NOW - 49 * H }));
    now = NOW + 23 * H;
    const after = next();
    sync.succeed(now);
    await after;
    expect(pruned).toEqual([2, 2]);
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual(['festival', 'tomorrow']);
    stop();
    sync.succeed(now + 1);
    expect(pruned).toEqual([2, 2]);
  });
});
