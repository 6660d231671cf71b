import { HybridLogicalClock, parseHlc } from '#shared/sync/hlc';
import type { KioskDb } from '../db/kiosk-db';

/**
 * The kiosk's hybrid logical clock, kept monotonic across restarts. A fresh HybridLogicalClock
 * starts from the wall clock, so a kiosk restarted with its clock behind (an NTP correction at
 * boot, a dead RTC battery) would stamp its next edits BEFORE its earlier ones, and the hub's
 * per-field merge (protocol rule 5) would keep the earlier value. This clock starts after the
 * highest stamp it issued before: the one it saved at each tick, and the newest queued outbox
 * entry (which survives a power cut that the saved mark, written lazily by the browser, may not).
 *
 * Hazards: a storage that throws (quota, disabled) only loses the mark: stamps still come, and
 * the outbox seed still covers what the hub has not acknowledged. A malformed mark is ignored.
 */

/** localStorage key of the highest stamp issued on this device. */
export const HLC_MARK_KEY = 'coffee-kiosk.hlc-mark';

/** The slice of Web Storage the clock uses. */
export interface MarkStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A HybridLogicalClock that saves every stamp it issues and starts after the given seeds. */
export class PersistedHlc extends HybridLogicalClock {
  readonly #storage: MarkStorage;

  /**
   * Starts after every well-formed stamp of `seeds` and the saved mark. Throws a RangeError, as
   * HybridLogicalClock does, on a bad node id.
   */
  constructor(nodeId: string, now: () => number, storage: MarkStorage, seeds: readonly string[]) {
    super(nodeId, now);
    this.#storage = storage;
    let saved: string | null = null;
    try {
      saved = storage.getItem(HLC_MARK_KEY);
    } catch (e) {
      console.error('clock mark unreadable', e);
    }
    for (const seed of [...seeds, ...(saved === null ? [] : [saved])]) {
      if (parseHlc(seed).ok) super.receive(seed);
    }
  }

  /** A fresh stamp, saved as the new mark. Never throws. */
  override tick(): string {
    return this.#save(super.tick());
  }

  /** Merges a remote stamp (see HybridLogicalClock.receive) and saves the result as the mark. */
  override receive(remote: string): string {
    return this.#save(super.receive(remote));
  }

  #save(stamp: string): string {
    try {
      this.#storage.setItem(HLC_MARK_KEY, stamp);
    } catch (e) {
      console.error('clock mark not saved', e);
    }
    return stamp;
  }
}

/**
 * The stamp of the newest queued outbox entry (local writes are queued in stamp order), or none.
 * Resolves [] when the database cannot be read: the start then reports the store's failure.
 */
export async function queuedStampSeeds(db: KioskDb): Promise<string[]> {
  try {
    const last = await db.outbox.orderBy('seq').last();
    return last === undefined ? [] : [last.hlc];
  } catch {
    return [];
  }
}
