import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskApi, SyncStatusReport } from '#shared/ipc/contract';
import { ok } from '#shared/result';
import type { KioskDb } from '../db/kiosk-db';
import { freshDb } from '../db/test-factories';
import { createBrowserKioskApi } from '../../platform/browser-kiosk-api';
import { SyncEngine } from './sync-engine';
import { reportSyncStatus } from './status-report';

let db: KioskDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe('reportSyncStatus', () => {
  it('tells main the outbox figures at start and after every sync run, with the error code', async () => {
    db = freshDb('status-report');
    const t0 = Date.UTC(2026, 5, 10, 8, 0);
    await db.outbox.bulkAdd(
      [t0, t0 + 60_000].map((createdAt, i) => ({
        mutationId: `m-${i}-aaaaaaaa`,
        table: 'visits' as const,
        op: 'put' as const,
        recordId: `v-${i}`,
        record: { id: `v-${i}` },
        hlc: `${String(createdAt).padStart(15, '0')}-000000-mons-desk-1`,
        createdAt,
      })),
    );
    const reports: SyncStatusReport[] = [];
    const api = createBrowserKioskApi({ search: '', now: Date.now });
    // What reaches main: the IPC boundary, which a browser cannot reach.
    const toMain: KioskApi = {
      ...api,
      sync: {
        ...api.sync,
        report: (report) => {
          reports.push(report);
          return Promise.resolve(ok(null));
        },
      },
    };
    const engine = new SyncEngine({
      db,
      hub: api.sync,
      clock: Date.now,
      sleep: () => Promise.resolve(),
    });
    const stop = reportSyncStatus(toMain, engine, db);
    await vi.waitFor(() => {
      expect(reports).toEqual([
        { outboxSize: 2, outboxOldestAt: t0, lastSyncOkAt: null, lastErrorCode: null },
      ]);
    });
    // A plain browser has no hub: the run fails, and its code (never its message) goes along.
    expect((await engine.sync('manual')).ok).toBe(false);
    await vi.waitFor(() => {
      expect(reports[1]).toEqual({
        outboxSize: 2,
        outboxOldestAt: t0,
        lastSyncOkAt: null,
        lastErrorCode: 'hub-not-configured',
      });
    });
    stop();
  });
});
