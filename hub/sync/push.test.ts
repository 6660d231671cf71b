import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { MAX_CLOCK_AHEAD_MS } from '#shared/sync/protocol';
import type { HubStore } from '../store/store';
import { LILLE, MONS, NOW, del, erase, member, put, stamp, visit } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { ForbiddenError, applyPush, type Principal } from './push';

const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const kioskB: Principal = { kind: 'kiosk', kioskId: 'kiosk-b', spaceId: MONS };
const lilleKiosk: Principal = { kind: 'kiosk', kioskId: 'kiosk-l', spaceId: LILLE };
const admin: Principal = { kind: 'admin' };

async function pullAll(store: HubStore, spaceId: string, limit = 1000) {
  const changes = [];
  let cursor = 0;
  for (;;) {
    const page = await store.pull(cursor, limit, spaceId);
    changes.push(...page.changes);
    expect(page.cursor).toBeGreaterThanOrEqual(cursor);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

describe.each(storeCases())('push and pull on $name', (storeCase) => {
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

  it('applies a batch once: a retried batch has no second effect', async () => {
    const batch = [put('visits', visit()), put('visits', visit()), put('members', member())];
    const first = await applyPush(store, kioskA, batch, NOW);
    expect(first).toEqual({ accepted: batch.map((m) => m.mutationId), rejected: [] });
    const before = await store.stats();
    expect(before).toMatchObject({ records: 3, changes: 3, verdicts: 3, head: 3 });
    const states = await Promise.all(batch.map((m) => store.readRecord(m.table, m.recordId)));
    expect(await applyPush(store, kioskA, [...batch].reverse(), NOW)).toEqual({
      accepted: [...batch].reverse().map((m) => m.mutationId),
      rejected: [],
    });
    // No second effect: the same records, verdicts and one log entry per record...
    expect(await store.stats()).toEqual({ ...before, head: 6 });
    expect(await Promise.all(batch.map((m) => store.readRecord(m.table, m.recordId)))).toEqual(
      states,
    );
    // ...announced again, so a kiosk that lost the first reply learns the hub's merge.
    const page = await store.pull(3, 100, MONS);
    expect(page.changes.map((c) => c.recordId).sort()).toEqual(batch.map((m) => m.recordId).sort());
  });

  it('rejects a poisonous mutation alone, with a reason, and replays that verdict', async () => {
    const good1 = put('visits', visit());
    const poison = {
      ...put('visits', visit()),
      record: { id: 'x', spaceId: MONS, checkInAt: 'noon' },
    };
    const good2 = put('visits', visit());
    const outcome = await applyPush(store, kioskA, [good1, poison, good2], NOW);
    expect(outcome.accepted).toEqual([good1.mutationId, good2.mutationId]);
    expect(outcome.rejected).toEqual([
      {
        mutationId: poison.mutationId,
        code: 'record-invalid',
        reason: expect.stringContaining('checkInAt') as string,
      },
    ]);
    expect((await pullAll(store, MONS)).changes).toHaveLength(2);
    expect((await applyPush(store, kioskA, [poison], NOW)).rejected[0]?.code).toBe(
      'record-invalid',
    );
  });

  it("refuses a whole batch touching another space's records, writing nothing", async () => {
    await applyPush(store, kioskA, [put('visits', visit({ id: 'v-mons' }))], NOW);
    const before = await store.stats();
    const attempts = [
      [put('visits', visit()), put('visits', visit({ spaceId: LILLE }))],
      [
        put('visits', visit({ spaceId: LILLE }), NOW - 1000, 'kiosk-l'),
        del('visits', 'v-mons', NOW - 1000, 'kiosk-l'),
      ],
      [
        put('spaces', {
          id: MONS,
          name: 'X',
          city: 'Y',
          country: 'BE',
          timezone: 'Europe/Brussels',
          languages: ['fr'],
        }),
      ],
      [put('members', member({ id: 'm-lille', homeSpaceId: LILLE }))],
    ];
    for (const [i, batch] of attempts.entries()) {
      const principal = i === 1 ? lilleKiosk : kioskA;
      await expect(applyPush(store, principal, batch, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await store.stats()).toEqual(before);
  });

  it('keeps a check-out that arrives before its check-in, and sends the visit once complete', async () => {
    const v = visit();
    const out = put(
      'visits',
      { id: v.id, spaceId: MONS, checkOutAt: NOW - 60_000, checkOutMethod: 'host' },
      NOW - 1000,
      'kiosk-b',
    );
    await applyPush(store, kioskB, [out], NOW);
    expect((await pullAll(store, MONS)).changes).toEqual([]);
    await applyPush(store, kioskA, [put('visits', v)], NOW);
    const { changes } = await pullAll(store, MONS);
    expect(changes.map((c) => c.record)).toEqual([
      { ...v, checkOutAt: NOW - 60_000, checkOutMethod: 'host' },
    ]);
  });

  it('converges when two kiosks edit different fields and the same field of one profile', async () => {
    await applyPush(store, admin, [put('members', member(), NOW - 10_000, 'hub')], NOW);
    const a = put('members', { id: 'm1', displayName: 'Cam (A)' }, NOW - 5000, 'kiosk-a');
    const b1 = put('members', { id: 'm1', preferredLang: 'nl' }, NOW - 6000, 'kiosk-b');
    const b2 = put('members', { id: 'm1', displayName: 'Cam (B)' }, NOW - 4000, 'kiosk-b');
    await applyPush(store, kioskB, [b2, b1], NOW);
    await applyPush(store, kioskA, [a], NOW);
    const { changes } = await pullAll(store, LILLE);
    expect(changes.at(-1)?.record).toEqual({
      ...member(),
      displayName: 'Cam (B)',
      preferredLang: 'nl',
    });
  });

  it('logs a record again when an edit loses every merge, so its kiosk gets the winner back', async () => {
    await applyPush(store, admin, [put('members', member(), NOW - 10_000, 'hub')], NOW);
    const later = put('members', { id: 'm1', displayName: 'Cam (B)' }, NOW - 4000, 'kiosk-b');
    await applyPush(store, kioskB, [later], NOW);
    const { cursor } = await pullAll(store, MONS);
    const older = put('members', { id: 'm1', displayName: 'Cam (A)' }, NOW - 5000, 'kiosk-a');
    const outcome = await applyPush(store, kioskA, [older], NOW);
    expect(outcome.accepted).toEqual([older.mutationId]);
    const page = await store.pull(cursor, 100, MONS);
    expect(page.changes).toEqual([
      expect.objectContaining({
        table: 'members',
        op: 'put',
        recordId: 'm1',
        record: { ...member(), displayName: 'Cam (B)' },
      }),
    ]);
    // A retry of the same mutation is still no second effect (only re-announced, rule 11).
    const stats = await store.stats();
    const merged = await store.readRecord('members', 'm1');
    await applyPush(store, kioskA, [older], NOW);
    expect(await store.stats()).toEqual({ ...stats, head: stats.head + 1 });
    expect(await store.readRecord('members', 'm1')).toEqual(merged);
  });

  it('lets a delete beat a concurrent later edit: nothing comes back', async () => {
    await applyPush(store, kioskA, [put('members', member())], NOW);
    await applyPush(store, kioskA, [del('members', 'm1', NOW - 900)], NOW);
    await applyPush(
      store,
      kioskB,
      [put('members', { id: 'm1', displayName: 'Late edit' }, NOW - 100, 'kiosk-b')],
      NOW,
    );
    const { changes } = await pullAll(store, MONS);
    expect(changes).toEqual([
      expect.objectContaining({ table: 'members', op: 'delete', recordId: 'm1' }),
    ]);
    expect((await store.readRecord('members', 'm1'))?.state).toEqual({ kind: 'deleted' });
  });

  it('clamps a clock two days ahead so it cannot freeze a field', async () => {
    await applyPush(store, admin, [put('members', member(), NOW - 10_000, 'hub')], NOW);
    const skewed = put(
      'members',
      { id: 'm1', displayName: 'From the future' },
      NOW + 2 * 86_400_000,
      'kiosk-b',
    );
    await applyPush(store, kioskB, [skewed], NOW);
    const row = await store.readRecord('members', 'm1');
    expect(row?.state.kind === 'fields' && row.state.fields['displayName']?.hlc).toBe(
      stamp(NOW + MAX_CLOCK_AHEAD_MS, 0, 'kiosk-b'),
    );
    const later = NOW + 3600_000;
    await applyPush(
      store,
      kioskA,
      [put('members', { id: 'm1', displayName: 'An hour later' }, later)],
      later,
    );
    expect((await pullAll(store, MONS)).changes.at(-1)?.record).toMatchObject({
      displayName: 'An hour later',
    });
  });

  it('keeps the order of edits from a kiosk whose clock jumps back an hour', async () => {
    let wall = NOW - 1000;
    const clock = new HybridLogicalClock('kiosk-a', () => wall);
    await applyPush(store, kioskA, [{ ...put('members', member()), hlc: clock.tick() }], NOW);
    wall -= 3600_000;
    const edit = {
      ...put('members', { id: 'm1', displayName: 'After the jump' }),
      hlc: clock.tick(),
    };
    await applyPush(store, kioskA, [edit], NOW);
    expect((await pullAll(store, MONS)).changes.at(-1)?.record).toMatchObject({
      displayName: 'After the jump',
    });
  });

  it('erases a person, their closed visits and their change-log traces; later mutations leave none', async () => {
    const visits = [visit({ checkOutAt: NOW - 2000 }), visit({ checkOutAt: NOW - 1500 })];
    const other = visit({ personId: 'm2' });
    await applyPush(
      store,
      kioskA,
      [put('members', member()), ...visits.map((v) => put('visits', v)), put('visits', other)],
      NOW,
    );
    const pending = visit();
    await applyPush(
      store,
      kioskA,
      [
        erase('members', 'm1', NOW - 1000, 'kiosk-a'),
        put('visits', pending),
        put('members', { id: 'm1', displayName: 'Back?' }),
      ],
      NOW,
    );
    await applyPush(
      store,
      kioskB,
      [put('visits', { id: pending.id, spaceId: MONS, checkOutAt: NOW }, NOW - 1000, 'kiosk-b')],
      NOW,
    );
    const { changes } = await pullAll(store, MONS);
    // Each closed visit leaves as a bare delete (a kiosk may hold it anonymised, decision 0019),
    // and so does the visit written after the erasure (its writer may still hold it); the
    // member's late edit re-announces the erasure.
    expect(changes.map((c) => [c.table, c.op, c.recordId])).toEqual([
      ['visits', 'put', other.id],
      ...visits.map((v) => ['visits', 'delete', v.id]).sort(),
      ['members', 'erase', 'm1'],
      ['visits', 'delete', pending.id],
    ]);
    expect(changes.every((c) => c.op === 'put' || c.record === undefined)).toBe(true);
    expect(JSON.stringify(changes)).not.toContain('Camille');
    for (const v of [...visits, pending])
      expect((await store.readRecord('visits', v.id))?.state).toEqual({ kind: 'erased' });
    expect(await store.readRecord('members', 'm1')).toMatchObject({
      state: { kind: 'erased' },
      personKey: null,
    });
  });

  it('advances the cursor over a fully filtered page and pages without gaps', async () => {
    await applyPush(
      store,
      lilleKiosk,
      Array.from({ length: 7 }, () =>
        put('visits', visit({ spaceId: LILLE }), NOW - 1000, 'kiosk-l'),
      ),
      NOW,
    );
    const empty = await store.pull(0, 5, MONS);
    expect(empty).toMatchObject({ changes: [], hasMore: false, cursor: 7 });
    await applyPush(
      store,
      kioskA,
      Array.from({ length: 23 }, () => put('visits', visit())),
      NOW,
    );
    const seen = new Set<number>();
    let cursor = empty.cursor;
    let pages = 0;
    for (let more = true; more; pages += 1) {
      const page = await store.pull(cursor, 10, MONS);
      for (const c of page.changes) {
        expect(c.seq).toBeGreaterThan(cursor);
        seen.add(c.seq);
      }
      cursor = page.cursor;
      more = page.hasMore;
    }
    expect(seen.size).toBe(23);
    expect(cursor).toBe(30);
    expect(pages).toBe(3);
  });

  it('survives every push delivered 2–5 times, out of order and concurrently', async () => {
    const batches = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) => put('visits', visit({ id: `v-${b}-${i}` }))),
    );
    const deliveries = batches.flatMap((batch, b) =>
      Array.from({ length: 2 + (b % 4) }, () => batch),
    );
    deliveries.sort((x, y) => (x[0]?.mutationId ?? '').localeCompare(y[0]?.mutationId ?? ''));
    await Promise.all(deliveries.map((batch) => applyPush(store, kioskA, batch, NOW)));
    // Replays are re-announced (the head moves on) but the log keeps one entry per record.
    expect(await store.stats()).toMatchObject({ records: 120, changes: 120, verdicts: 120 });
    const { changes } = await pullAll(store, MONS, 50);
    expect(changes.map((c) => c.recordId).sort()).toEqual(
      batches
        .flat()
        .map((m) => m.recordId)
        .sort(),
    );
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
