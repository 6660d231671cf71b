import { Dexie } from 'dexie';
import type { Member, Visit } from '#shared/domain/types';
import type { KioskDb } from './kiosk-db';

/** How a card read resolved against the members table. */
export type MemberLookup =
  | { kind: 'match'; member: Member; key: string }
  | { kind: 'none' }
  /** The most specific key that matched belongs to several members: nobody is greeted. */
  | { kind: 'ambiguous'; key: string; memberIds: string[] };

/**
 * Finds the member a card read belongs to. `keys` are the read's candidate keys, most specific
 * first (shared/card `readKeys`). The first key, in the given order, that some member holds
 * decides: exactly one member → match; several → ambiguous (treat as unknown: greeting the wrong
 * person is worse than sending them to the host). Empty input → none. Rejects only when the
 * database does.
 *
 * One `equals` probe of the multiEntry `*cardKeys` index per key, all in one read transaction.
 * Not `anyOf`: Dexie's anyOf walks the index between the smallest and largest key, and derived
 * forms have different prefixes, so at 100 000 members it took ~30 ms against < 1 ms for probes.
 */
export async function findMembersByReadKeys(db: KioskDb, keys: string[]): Promise<MemberLookup> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) {
    return { kind: 'none' };
  }
  const perKey = await db.transaction('r', db.members, () =>
    Promise.all(unique.map((key) => db.members.where('cardKeys').equals(key).toArray())),
  );
  for (const [i, found] of perKey.entries()) {
    const key = unique[i];
    const holders = dedupeById(found);
    const [first] = holders;
    if (key === undefined || first === undefined) {
      continue;
    }
    if (holders.length === 1) {
      return { kind: 'match', member: first, key };
    }
    return { kind: 'ambiguous', key, memberIds: holders.map((m) => m.id) };
  }
  return { kind: 'none' };
}

// A member listing the same key twice appears twice in a multiEntry probe.
function dedupeById(members: Member[]): Member[] {
  const seen = new Map<string, Member>();
  for (const m of members) {
    seen.set(m.id, m);
  }
  return [...seen.values()];
}

/**
 * The person's most recent visit (by check-in time, then id) at the space that began at or after
 * `since` (default: ever), or null. Walks the `[personId+checkInAt]` index backwards, so the cost
 * is bounded by that person's own visits elsewhere since their last one here, never by the size
 * of the table.
 */
export async function latestVisitOf(
  db: KioskDb,
  personId: string,
  spaceId: string,
  since?: number,
): Promise<Visit | null> {
  const visit = await db.visits
    .where('[personId+checkInAt]')
    .between([personId, since ?? Dexie.minKey], [personId, Dexie.maxKey])
    .reverse()
    .filter((v) => v.spaceId === spaceId)
    .first();
  return visit ?? null;
}

/**
 * Visits at the space with no check-out that began at or after `since` ("who is in"), newest
 * first. Open visits are not in any index of their own (no `checkOutAt`), so pass a `since` such
 * as `now - staleVisitHours`: the query then reads only that window of `[spaceId+checkInAt]`. The
 * default (0) is correct but reads the space's whole history.
 */
export async function openVisitsAt(db: KioskDb, spaceId: string, since = 0): Promise<Visit[]> {
  const visits = await db.visits
    .where('[spaceId+checkInAt]')
    .between([spaceId, since], [spaceId, Dexie.maxKey], true, true)
    .reverse()
    .filter((v) => v.checkOutAt === undefined)
    .toArray();
  return visits;
}

/** How many local changes still wait for the hub. */
export async function countOutbox(db: KioskDb): Promise<number> {
  return db.outbox.count();
}
