import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPush, type Principal } from '../sync/push';
import { LILLE, MONS, NOW, member, put, space, visit } from '../test-support/factories';
import { withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { HubStore } from './store';

const admin: Principal = { kind: 'admin' };
const monsDesk: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const lilleDesk: Principal = { kind: 'kiosk', kioskId: 'kiosk-l', spaceId: LILLE };
const MONS_ORIGIN = 'mons-desk-origin-0001';

/**
 * A space's page is read as two index ranges merged (pull-page.ts, decision 0030): it must be
 * exactly what a scan of the whole log in seq order, keeping the network's entries and the
 * space's, gives — computed here from the raw table, page by page with a small limit so pages cut
 * inside runs of either kind.
 */
describe.each(storeCases())('a space pulls its part of the log on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  /** The log as the filtered scan sees it: seqs visible to `spaceId`, without `origin`'s own. */
  async function scanned(spaceId: string, origin?: string): Promise<number[]> {
    return withRawDb(db.url, async (raw) => {
      const rows = await raw.query('SELECT seq, scope, origin FROM changes ORDER BY seq');
      return rows
        .filter((r) => r['scope'] === null || r['scope'] === spaceId)
        .filter((r) => origin === undefined || r['origin'] !== origin)
        .map((r) => Number(r['seq']));
    });
  }

  /** Pages through the store's pull from 0; the seqs it delivered and the cursor it ends at. */
  async function pulled(spaceId: string, limit: number, origin?: string) {
    const seqs: number[] = [];
    let cursor = 0;
    for (;;) {
      const page = await store.pull(cursor, limit, spaceId, origin);
      seqs.push(...page.changes.map((c) => c.seq));
      expect(page.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.cursor;
      if (!page.hasMore) return { seqs, cursor, head: page.head };
    }
  }

  it('gives the filtered scan, page by page, whatever the mix of network and space entries', async () => {
    await applyPush(
      store,
      admin,
      [
        put('spaces', space(), NOW - 9000, 'hub'),
        put('spaces', space({ id: LILLE }), NOW - 9000, 'hub'),
      ],
      NOW,
    );
    // Runs of uneven length of each writer, so pages of 4 cut inside every kind of run.
    const runs: [Principal, number][] = [
      [monsDesk, 3],
      [admin, 1],
      [lilleDesk, 6],
      [monsDesk, 1],
      [admin, 5],
      [lilleDesk, 2],
      [monsDesk, 7],
      [lilleDesk, 9],
      [admin, 2],
      [monsDesk, 2],
    ];
    let n = 0;
    for (const [who, count] of runs) {
      for (let i = 0; i < count; i++) {
        n++;
        if (who.kind === 'admin') {
          const m = member({ id: `m-${n}`, cardIds: [], cardKeys: [] });
          await applyPush(store, admin, [put('members', m, NOW - 5000 + n, 'hub')], NOW);
        } else {
          const v = visit({ spaceId: who.spaceId, kioskId: who.kioskId });
          const origin = who === monsDesk ? MONS_ORIGIN : undefined;
          await applyPush(store, who, [put('visits', v, NOW - 5000 + n, who.kioskId)], NOW, origin);
        }
      }
    }
    for (const limit of [1, 4, 1000]) {
      for (const spaceId of [MONS, LILLE]) {
        const page = await pulled(spaceId, limit);
        expect(page.seqs).toEqual(await scanned(spaceId));
        expect(page.cursor).toBe(page.head);
      }
      // Rule 12: the Mons desk's own writes are left out, the cursor still reaches the head.
      const own = await pulled(MONS, limit, MONS_ORIGIN);
      expect(own.seqs).toEqual(await scanned(MONS, MONS_ORIGIN));
      expect(own.seqs.length).toBeLessThan((await scanned(MONS)).length);
      expect(own.cursor).toBe(own.head);
    }
  });
});
