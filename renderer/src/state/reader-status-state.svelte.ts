import type { IpcErrorCode } from '#shared/ipc/codes';
import type { KioskApi, ReaderStatus } from '#shared/ipc/contract';

/**
 * The host screen's live list of card readers: the keyboard wedge, then each serial and HID reader
 * of the shell with its state and counts. open() subscribes to `reader.onStatusChanged` and fetches
 * `reader.getStatus`; a status event that arrives while the fetch is in flight wins over the
 * fetch's older snapshot. A failed fetch sets `error` and leaves the last list; never rejects.
 * Main cannot see a keyboard wedge, so the page tells it each wedge read (noteWedgeRead): the
 * wedge's row says when it last read, the only truth there is about it.
 */
export class ReaderStatusState {
  /** Null until the first list arrived. */
  statuses = $state<ReaderStatus[] | null>(null);
  /** Why the list could not be fetched: the IPC error's code ('ipc-handler-failed' if it threw). */
  error = $state<string | null>(null);
  /** When the keyboard wedge last yielded a card (epoch ms); null until it has. */
  wedgeLastReadAt = $state<number | null>(null);
  readonly #api: Pick<KioskApi, 'reader'>;
  #unsubscribe: (() => void) | null = null;
  /** Counts status events, so a fetch can tell it was overtaken by one. */
  #eventCount = 0;

  constructor(api: Pick<KioskApi, 'reader'>) {
    this.#api = api;
  }

  /** Starts following the readers (idempotent) and fetches the current list. */
  async open(): Promise<void> {
    this.#unsubscribe ??= this.#api.reader.onStatusChanged((statuses) => {
      this.#eventCount += 1;
      this.statuses = statuses;
      this.error = null;
    });
    const before = this.#eventCount;
    try {
      const reply = await this.#api.reader.getStatus();
      if (this.#eventCount !== before || this.#isClosed()) return;
      if (reply.ok) {
        this.statuses = reply.value;
        this.error = null;
      } else {
        this.error = reply.error.code;
      }
    } catch (e) {
      // The transport itself failed: a code the screen can put into words, the rest to the log.
      console.error('reader list unavailable', e);
      this.error = 'ipc-handler-failed' satisfies IpcErrorCode;
    }
  }

  /** Records a card read by the keyboard wedge at `at` (epoch ms); an older read changes nothing. */
  noteWedgeRead(at: number): void {
    if (this.wedgeLastReadAt === null || at > this.wedgeLastReadAt) this.wedgeLastReadAt = at;
  }

  /** close() may run while the fetch awaits; flow typing cannot see that. */
  #isClosed(): boolean {
    return this.#unsubscribe === null;
  }

  /** Stops following the readers; the last list stays. Safe to call when not open. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
