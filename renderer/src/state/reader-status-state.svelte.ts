import type { KioskApi, ReaderStatus } from '#shared/ipc/contract';

/**
 * The host screen's live list of card readers: the keyboard wedge, then each serial and HID reader
 * of the shell with its state and counts. open() subscribes to `reader.onStatusChanged` and fetches
 * `reader.getStatus`; a status event that arrives while the fetch is in flight wins over the
 * fetch's older snapshot. A failed fetch sets `error` and leaves the last list; never rejects.
 */
export class ReaderStatusState {
  /** Null until the first list arrived. */
  statuses = $state<ReaderStatus[] | null>(null);
  /** Why the list could not be fetched (the code of the IPC error, or the exception's message). */
  error = $state<string | null>(null);
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
      this.error = e instanceof Error ? e.message : String(e);
    }
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
