import { Dexie, type Collection, type InsertType } from 'dexie';
import type { AgendaEvent } from '#shared/domain/types';
import type { KioskDb } from '../db/kiosk-db';
import { utcDayOf } from '../db/derived-index';
import { byStart } from './agenda-list';

/**
 * The agenda's reads of the local store (docs/decisions/0024-agenda-screen.md, 0063). Every one is
 * an index range: the `startsAt` or `[spaceId+startsAt]` index for what starts in a range, and the
 * derived `dayKeys` index for what already runs at an instant (an occurrence that began days
 * before). Rejects only when IndexedDB does.
 */

/** The events running at `at` (started before or at it, ending after it) that pass `keep`, by start. */
async function runningAt(
  db: KioskDb,
  at: number,
  keep: (e: AgendaEvent) => boolean,
  startedBefore: (e: AgendaEvent) => boolean,
): Promise<AgendaEvent[]> {
  // The day's index entries without a cursor (one getAll), filtered here.
  const onTheDay = await db.events.where('dayKeys').equals(utcDayOf(at)).toArray();
  return onTheDay.filter((e) => startedBefore(e) && e.endsAt > at && keep(e)).sort(byStart);
}

/**
 * The events that start in [from, until) in start order (until null: no end), of one space when
 * `spaceId` is set.
 */
function startingIn(
  db: KioskDb,
  from: number,
  until: number | null,
  spaceId: string | null,
): Collection<AgendaEvent, string, InsertType<AgendaEvent, 'id'>> {
  if (spaceId === null) {
    return until === null
      ? db.events.where('startsAt').aboveOrEqual(from)
      : db.events.where('startsAt').between(from, until, true, false);
  }
  return db.events
    .where('[spaceId+startsAt]')
    .between([spaceId, from], [spaceId, until ?? Dexie.maxKey], true, until === null);
}

/**
 * The next `limit` events at `now` that are not cancelled — those running now first, then those
 * starting after, in start order — of the space `spaceId`, or of the whole network when null.
 */
export async function upcomingEvents(
  db: KioskDb,
  at: { now: number; limit: number; spaceId: string | null },
): Promise<AgendaEvent[]> {
  const keep = (e: AgendaEvent): boolean =>
    e.status !== 'cancelled' && (at.spaceId === null || e.spaceId === at.spaceId);
  const running = await runningAt(db, at.now, keep, (e) => e.startsAt <= at.now);
  if (running.length >= at.limit) return running.slice(0, at.limit);
  const next = await startingIn(db, at.now + 1, null, at.spaceId)
    .filter(keep)
    .limit(at.limit - running.length)
    .toArray();
  return [...running, ...next];
}

/**
 * Every stored occurrence that runs at `from` or starts in [from, until), in start order
 * (byStart), cancelled ones included: the agenda's window (AgendaWindow). One read transaction,
 * two reads without a cursor: what runs at `from` from its `dayKeys` entries, what starts in the
 * range from `startsAt`.
 */
export function windowEvents(db: KioskDb, from: number, until: number): Promise<AgendaEvent[]> {
  return db.transaction('r', db.events, async () => {
    const [running, starting] = await Promise.all([
      runningAt(
        db,
        from,
        () => true,
        (e) => e.startsAt < from,
      ),
      startingIn(db, from, until, null).toArray(),
    ]);
    return [...running, ...starting];
  });
}
