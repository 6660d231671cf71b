import type { KioskConfig } from '#shared/config/kiosk-config';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import { searchVisitors, type VisitorMatch } from '../visitors/visitor-search';
import { eraseVisitor, exportFileName, exportVisitor, type VisitorExport } from './visitor-record';

/** What the visitor-data screen needs; createVisitorDataDeps builds it. */
export interface VisitorDataDeps {
  /** Masked matches from three letters (visitor-search.ts). */
  find(query: string): Promise<VisitorMatch[]>;
  /** Everything the kiosk holds about the visitor, or null when they are gone. */
  export(visitorId: string): Promise<{ fileName: string; data: VisitorExport } | null>;
  /** Hands the JSON text to the person (a download); rejects when it cannot. */
  save(fileName: string, text: string): Promise<void> | void;
  /** Erases the visitor here and queues the erasure; false when they are already gone. */
  erase(visitorId: string): Promise<boolean>;
  /** Asks for a sync now, so the erasure reaches the hub without waiting (best effort). */
  requestSync(): Promise<void>;
}

/**
 * The visitor-data screen's dependencies over the real database: search, export and erase of
 * this kiosk's visitors, stamped with the kiosk's one HLC. `save` hands over the file (the
 * platform's download) and `requestSync` asks main for a sync (the "Sync now" path).
 */
export function createVisitorDataDeps(parts: {
  db: KioskDb;
  config: KioskConfig;
  clock: Clock;
  hlc: HybridLogicalClock;
  save: VisitorDataDeps['save'];
  requestSync: VisitorDataDeps['requestSync'];
}): VisitorDataDeps {
  const { db, config, clock, hlc } = parts;
  return {
    find: (query) => searchVisitors(db, query),
    async export(visitorId) {
      const now = clock();
      const data = await exportVisitor(db, visitorId, {
        now,
        kioskId: config.kioskId,
        spaceId: config.spaceId,
      });
      return data === null ? null : { fileName: exportFileName(visitorId, now), data };
    },
    save: parts.save,
    erase: (visitorId) => eraseVisitor(db, visitorId, { hlc: hlc.tick(), now: clock() }),
    requestSync: parts.requestSync,
  };
}
