import type { HubLog } from '../log';
import type { HubStore } from '../store/store';

/**
 * How far each kiosk has pulled (its `pulledThrough`, read by erasure compaction), written behind
 * the pulls: a pull notes the kiosk's mark and returns at once; marks are written together at
 * most every `delayMs`, before each compaction and at close. A 100 000-record first sync thus
 * costs a handful of writes instead of one synced write per page.
 *
 * Safe because a mark only ever lags: compaction deletes an erasure only when every kiosk's
 * STORED mark is past it, so a mark lost in a crash merely delays compaction to the next pull.
 * `delayMs` 0 writes each mark before the pull answers (tests that read marks right after a pull).
 */
export interface PullMarks {
  note(kioskId: string, cursor: number): Promise<void>;
  /** Writes every pending mark; resolves when they are stored. Never rejects (logs instead). */
  flush(): Promise<void>;
}

export function pullMarks(
  store: Pick<HubStore, 'recordPull'>,
  delayMs: number,
  log: HubLog,
): PullMarks {
  const pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = async (marks: [string, number][]): Promise<void> => {
    for (const [kioskId, cursor] of marks) {
      try {
        await store.recordPull(kioskId, cursor);
      } catch (e) {
        log.error('pull mark not stored', { kioskId, error: (e as Error).message });
      }
    }
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const marks = [...pending];
    pending.clear();
    // One write run at a time, in order, so an older mark never lands after a newer one.
    writing = writing.then(() => write(marks));
    return writing;
  };

  return {
    note(kioskId, cursor) {
      if (delayMs <= 0) return write([[kioskId, cursor]]);
      pending.set(kioskId, cursor);
      if (timer === undefined) {
        timer = setTimeout(() => void flush(), delayMs);
        timer.unref();
      }
      return Promise.resolve();
    },
    flush,
  };
}
