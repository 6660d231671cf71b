import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '#shared/sync/protocol';
import type { HubStore } from '../store/store';
import { LILLE, MONS, NOW, erase, put, visit } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { applyPush, type Principal } from './push';

/**
 * Decision 0036: on PostgreSQL a kiosk's push locks only the records and mutation ids it names,
 * and the sequencer row only from its log write to its commit. These pushes run at once through
 * the store's pool; whatever the interleaving, no merge may be lost (rule 5), no pull may step
 * over a change committed later with a lower seq (rule 10), and nothing of an erased person may
 * come back (rule 7). On SQLite (one writer) the same histories must give the same results.
 */

const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const kioskB: Principal = { kind: 'kiosk', kioskId: 'kiosk-b', spaceId: MONS };
const lilleKiosk: Principal = { kind: 'kiosk', kioskId: 'kiosk-l', spaceId: LILLE };
const GUEST = 'visitor-7c21';

const guest = {
  id: GUEST,
  firstName: 'Aurélie',
  lastName: 'Van Damme',
  preferredLang: 'nl',
  consentAt: NOW - 7200_000,
  consentVersion: 'v1',
  retainUntil: NOW + 30 * 86_400_000,
  updatedAt: NOW - 7200_000,
};

/** Applies `batch` and fails the test on any rejection. */
async function accepted(store: HubStore, who: Principal, batch: Parameters<typeof applyPush>[2]) {
  const out = await applyPush(store, who, batch, NOW);
  expect(out.rejected).toEqual([]);
}

describe.each(storeCases())('pushes at once on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    await accepted(store, kioskA, [put('visitors', guest, NOW - 7000_000)]);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('merges two kiosks editing one record at once field by field: no edit is lost', async () => {
    const edits = Array.from({ length: 15 }, (_, i) => [
      accepted(store, kioskA, [
        put('visitors', { id: GUEST, firstName: `A${i}` }, NOW - 5000 + i, 'kiosk-a'),
      ]),
      accepted(store, kioskB, [
        put('visitors', { id: GUEST, lastName: `B${i}` }, NOW - 5000 + i, 'kiosk-b'),
      ]),
    ]).flat();
    await Promise.all(edits);
    const page = await store.pull(0, 100, MONS);
    const entries = page.changes.filter((c) => c.recordId === GUEST);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.record).toMatchObject({ firstName: 'A14', lastName: 'B14' });
  });

  it('never lets a pull step over a push that commits later with a lower seq', async () => {
    const batches = Array.from({ length: 24 }, (_, b) => {
      const who = b % 2 === 0 ? kioskA : lilleKiosk;
      return {
        who,
        batch: Array.from({ length: 15 }, (_, i) =>
          put(
            'visits',
            visit({ id: `v-${b}-${i}`, spaceId: who.spaceId, kioskId: who.kioskId }),
            NOW - 1000,
            who.kioskId,
          ),
        ),
      };
    });
    let done = false;
    const pushes = Promise.all(batches.map(({ who, batch }) => accepted(store, who, batch)));
    // Settled either way, so a failed push ends the loop below and fails the test at `await`.
    void pushes.finally(() => (done = true)).catch(() => undefined);
    const seen: Change[] = [];
    let cursor = 0;
    // Small pages, read while the pushes commit, then once more to the head after the last.
    // Read through a function: the compiler would otherwise take `done` for always false.
    const isDone = (): boolean => done;
    for (let settled = false; !settled;) {
      settled = isDone();
      // A turn of the event loop between rounds, as between two pulls over HTTP: SQLite's driver
      // answers in microtasks, which would starve the pushes' timers and I/O.
      await nextTurn();
      for (;;) {
        const page = await store.pull(cursor, 7, null);
        seen.push(...page.changes.filter((c) => c.table === 'visits'));
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
    }
    await pushes;
    const ids = seen.map((c) => c.recordId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      batches
        .flatMap(({ batch }) => batch.map((m) => m.recordId))
        .sort((x, y) => x.localeCompare(y)),
    );
  });

  it('leaves nothing of a person erased while visits of theirs are being pushed', async () => {
    const visits = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) =>
        put(
          'visits',
          visit({
            id: `g-${b}-${i}`,
            personKind: 'visitor',
            personId: GUEST,
            method: 'host',
            checkInAt: NOW - 86_400_000,
            checkOutAt: NOW - 80_000_000,
          }),
        ),
      ),
    );
    const erasure = accepted(store, kioskB, [erase('visitors', GUEST, NOW - 500, 'kiosk-b')]);
    await Promise.all([...visits.slice(0, 6).map((b) => accepted(store, kioskA, b)), erasure]);
    await Promise.all(visits.slice(6).map((b) => accepted(store, kioskA, b)));
    expect((await store.readRecord('visitors', GUEST))?.state).toEqual({ kind: 'erased' });
    for (const m of visits.flat()) {
      expect((await store.readRecord('visits', m.recordId))?.state).toEqual({ kind: 'erased' });
    }
    // Announced: the erasure and a delete per visit, nothing that holds the person's data.
    const page = await store.pull(0, 1000, MONS);
    expect(page.changes.filter((c) => c.op === 'put')).toEqual([]);
    expect(page.changes.filter((c) => c.op === 'erase').map((c) => c.recordId)).toEqual([GUEST]);
  });
});
