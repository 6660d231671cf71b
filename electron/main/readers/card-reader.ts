import type { CardRead } from '#shared/domain/types';
import type { ReaderState, ReaderStatus } from '#shared/ipc/contract';
import type { RejectReason } from '#shared/readers/frame-types';

/** A frame or report a reader refused; counted in its status. */
export interface ReaderRejection {
  readonly reason: RejectReason;
  /** The format the frame looked like (`rdm6300`, `hid-ascii`…), when known. */
  readonly format?: string;
  readonly at: number;
}

/**
 * One card reader of the main process (serial or HID; the keyboard wedge lives in the renderer).
 * Devices fail soft: open() never rejects for a missing or broken device; the status says why and
 * the reader keeps retrying with backoff until close(). Each `on*` returns its own unsubscribe.
 */
export interface CardReader {
  readonly name: string;
  /** Starts reading; resolves once the first connection attempt has settled, whatever its outcome. */
  open(): Promise<void>;
  /** Stops reading and retrying and releases the device; resolves when it is released. */
  close(): Promise<void>;
  /** One debounced read per card presentation. */
  onCard(listener: (read: CardRead) => void): () => void;
  /** Every change of state, detail or counts. */
  onStatus(listener: (status: ReaderStatus) => void): () => void;
  /** Every refused frame (bad checksum, all-zero id…), for diagnostics. */
  onRejected(listener: (rejection: ReaderRejection) => void): () => void;
  /** A snapshot of the current status. */
  status(): ReaderStatus;
}

/** Calls a listener so that one that throws cannot break the reader; its error still surfaces. */
function callSafely<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

class Listeners<T> {
  readonly #set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    const wrapped = (value: T): void => {
      listener(value);
    };
    this.#set.add(wrapped);
    return () => this.#set.delete(wrapped);
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) callSafely(listener, value);
  }
}

/**
 * The listener sets, status and counts every reader keeps; readers own one and forward their
 * CardReader methods to it. Never throws.
 */
export class ReaderSignals {
  readonly #cards = new Listeners<CardRead>();
  readonly #statuses = new Listeners<ReaderStatus>();
  readonly #rejections = new Listeners<ReaderRejection>();
  #status: ReaderStatus;

  constructor(name: string, kind: ReaderStatus['kind']) {
    this.#status = { name, kind, state: 'disconnected', reads: 0, rejected: 0 };
  }

  status(): ReaderStatus {
    return { ...this.#status };
  }

  /** Sets state and detail, notifying status listeners only when either changed. */
  setState(state: ReaderState, detail?: string): void {
    if (this.#status.state === state && this.#status.detail === detail) return;
    const { name, kind, reads, rejected } = this.#status;
    this.#status = {
      name,
      kind,
      state,
      reads,
      rejected,
      ...(detail === undefined ? {} : { detail }),
    };
    this.#statuses.emit(this.status());
  }

  card(read: CardRead): void {
    this.#status = { ...this.#status, reads: this.#status.reads + 1 };
    this.#cards.emit(read);
    this.#statuses.emit(this.status());
  }

  rejected(rejection: ReaderRejection): void {
    this.#status = { ...this.#status, rejected: this.#status.rejected + 1 };
    this.#rejections.emit(rejection);
    this.#statuses.emit(this.status());
  }

  onCard(listener: (read: CardRead) => void): () => void {
    return this.#cards.add(listener);
  }

  onStatus(listener: (status: ReaderStatus) => void): () => void {
    return this.#statuses.add(listener);
  }

  onRejected(listener: (rejection: ReaderRejection) => void): () => void {
    return this.#rejections.add(listener);
  }
}
