import { describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { Change, PullResponse } from '#shared/sync/protocol';
import { aMember, freshDb } from '../db/test-factories';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { splitPage } from './apply-pull';
import { SyncEngine } from './sync-engine';
import { readPullPosition } from './sync-records';
import { putMutation, startLabHub } from './testing/lab-hub';

/** Stores the engine test below runs on: the real hub on SQLite, and PostgreSQL when one runs. */
const STORES = await commands.hubLabStores();

const change = (seq: number): Change => ({
  seq,
  table: 'members',
  op: 'delete',
  recordId: `m-${seq}`,
});

const page = (seqs: number[], cursor: number, hasMore: boolean): PullResponse => ({
  type: 'pull-result',
  protocolVersion: 1,
  changes: seqs.map(change),
  cursor,
  hasMore,
  hubEpoch: 'e',
  reset: false,
});

describe('splitPage', () => {
  test('gives parts covering up to their last seq, the last one keeping the page cursor', () => {
    const parts = splitPage(page([3, 5, 9, 12, 20], 25, false), 2);
    expect(parts.map((p) => p.changes.map((c) => c.seq))).toEqual([[3, 5], [9, 12], [20]]);
    expect(parts.map((p) => [p.cursor, p.hasMore])).toEqual([
      [5, true],
      [12, true],
      [25, false],
    ]);
  });

  test('leaves a small or empty page whole and refuses a size below 1', () => {
    const small = page([1, 2], 7, true);
    expect(splitPage(small, 2)).toEqual([small]);
    const empty = page([], 9, false);
    expect(splitPage(empty, 3)).toEqual([empty]);
    expect(() => splitPage(small, 0)).toThrow(RangeError);
  });

  test.each(STORES)(
    'the engine stores large pages in parts and ends at the hub cursor (real hub on %s)',
    async (store) => {
      const hlc = new HybridLogicalClock('hub', Date.now);
      const members = Array.from({ length: 23 }, (_, i) =>
        aMember({ id: `m-${i}`, cardIds: [`C${i}`], cardKeys: [`C${i}`] }),
      );
      const hub = await startLabHub({
        store,
        seed: members.map((m) => putMutation('members', m, hlc.tick())),
      });
      const db = freshDb('split');
      try {
        const cursors: number[] = [];
        db.syncState.hook('creating', (_key, row) => {
          if (row.key === 'sync.pull') cursors.push((row.value as { cursor: number }).cursor);
        });
        db.syncState.hook('updating', (mods, key) => {
          // Dexie reports a changed nested field by its path.
          const m = mods as Record<string, unknown>;
          const cursor =
            m['value.cursor'] ?? (m['value'] as { cursor?: unknown } | undefined)?.cursor;
          if (key === 'sync.pull' && typeof cursor === 'number') cursors.push(cursor);
        });
        const engine = new SyncEngine({
          db,
          hub: hub.transport(),
          clock: Date.now,
          sleep: () => Promise.resolve(),
          pullLimit: 10,
          pullChunk: 4,
        });
        expect((await engine.sync('manual')).ok).toBe(true);
        expect(await db.members.count()).toBe(23);
        // 24 changes: the space's record (seq 1), then the 23 members. Pages of 10, parts of 4.
        expect(cursors).toEqual([4, 8, 10, 14, 18, 20, 24]);
        const state = await hub.state();
        expect(state.head).toBe(24);
        expect(await readPullPosition(db)).toEqual({ cursor: 24, hubEpoch: state.epoch });
      } finally {
        db.close();
        await hub.stop();
      }
    },
  );
});
