import type { CardRead } from '#shared/domain/types';
import type { ReaderState, ReaderStatus } from '#shared/ipc/contract';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  scheduleWithTimers,
  type BackoffOptions,
  type Schedule,
} from './backoff';
import { ReaderSignals, type CardReader, type ReaderRejection } from './card-reader';

/** What one connection attempt came to; only `failed` is retried. */
export type ConnectOutcome<C> =
  | { readonly kind: 'connected'; readonly connection: C; readonly detail: string }
  | { readonly kind: 'failed'; readonly state: 'disconnected' | 'error'; readonly detail: string }
  | { readonly kind: 'refused'; readonly state: 'owned-by-os'; readonly detail: string };

/** The services every reconnecting reader uses; tests inject the schedule and the backoff. */
export interface ReconnectDeps {
  readonly schedule: Schedule;
  readonly backoff: BackoffOptions;
  /** Each change of state, with the detail (the device path), for the kiosk log. */
  readonly log?: ((message: string) => void) | undefined;
}

/** The real schedule and backoff, and no log. */
export const DEFAULT_RECONNECT_DEPS: ReconnectDeps = {
  schedule: scheduleWithTimers,
  backoff: DEFAULT_BACKOFF,
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The lifecycle every device reader shares (devices fail soft): open() tries to
 * connect and never rejects; a failed attempt sets the status (`disconnected` or `error`, the
 * detail naming the device) and retries with exponential backoff until close(); a connection lost
 * while open (unplug) becomes `disconnected` and is retried from the first delay; a `refused`
 * attempt (a keyboard the OS owns) is not retried. close() stops retrying and releases the device.
 * An attempt that settles after close(), or after a close() and a new open(), is released and
 * changes nothing. The first outcome and each change of state after it are logged with the detail.
 *
 * Subclasses say how to connect, attach and release; the base owns the status, the listeners and
 * the retry timer. A subclass hands data to the signals only while `isCurrent(connection)`.
 */
export abstract class ReconnectingReader<C> implements CardReader {
  readonly name: string;
  protected readonly signals: ReaderSignals;
  readonly #deps: ReconnectDeps;
  #connection: C | null = null;
  #cancelRetry: (() => void) | null = null;
  #attempt = 0;
  #isWanted = false;
  /** Bumped by every open() and close(): an attempt of an earlier session is stale. */
  #session = 0;
  #loggedState: ReaderState | null = null;

  protected constructor(name: string, kind: ReaderStatus['kind'], deps: ReconnectDeps) {
    this.name = name;
    this.signals = new ReaderSignals(name, kind);
    this.#deps = deps;
  }

  /** Finds and opens the device. May reject: a rejection is a failed attempt in state `error`. */
  protected abstract connect(): Promise<ConnectOutcome<C>>;

  /**
   * Starts handling the device's data (resetting any decoder state) and calls `lost` with the
   * reason when the device goes away while open; the status detail then reads
   * `<the connected detail>: <reason>`, so it names the device. Called once per connection.
   */
  protected abstract attach(connection: C, lost: (detail: string) => void): void;

  /** Releases the device; must not reject (a device already gone is released). */
  protected abstract release(connection: C): Promise<void>;

  /** True while `connection` is the reader's open connection: data of any other is dropped. */
  protected isCurrent(connection: C): boolean {
    return this.#connection === connection;
  }

  async open(): Promise<void> {
    if (this.#isWanted) return;
    this.#isWanted = true;
    this.#session += 1;
    await this.#tryConnect(this.#session);
  }

  async close(): Promise<void> {
    this.#isWanted = false;
    this.#session += 1;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    const connection = this.#connection;
    this.#connection = null;
    if (connection !== null) await this.release(connection);
    this.#setState('disconnected', 'closed');
  }

  onCard(listener: (read: CardRead) => void): () => void {
    return this.signals.onCard(listener);
  }

  onStatus(listener: (status: ReaderStatus) => void): () => void {
    return this.signals.onStatus(listener);
  }

  onRejected(listener: (rejection: ReaderRejection) => void): () => void {
    return this.signals.onRejected(listener);
  }

  status(): ReaderStatus {
    return this.signals.status();
  }

  async #tryConnect(session: number): Promise<void> {
    let outcome: ConnectOutcome<C>;
    try {
      outcome = await this.connect();
    } catch (error) {
      outcome = { kind: 'failed', state: 'error', detail: messageOf(error) };
    }
    if (session !== this.#session) {
      if (outcome.kind === 'connected') await this.release(outcome.connection);
      return;
    }
    if (outcome.kind === 'connected') {
      this.#attach(outcome.connection, outcome.detail, session);
    } else if (outcome.kind === 'refused') {
      this.#setState(outcome.state, outcome.detail);
    } else {
      this.#retry(outcome.state, outcome.detail, session);
    }
  }

  #attach(connection: C, detail: string, session: number): void {
    this.#connection = connection;
    this.#attempt = 0;
    this.attach(connection, (reason) => {
      if (this.#connection !== connection) return;
      this.#connection = null;
      void this.release(connection);
      this.#retry('disconnected', `${detail}: ${reason}`, session);
    });
    this.#setState('connected', detail);
  }

  #retry(state: 'disconnected' | 'error', detail: string, session: number): void {
    this.#setState(state, detail);
    const delay = backoffDelay(this.#attempt++, this.#deps.backoff);
    this.#cancelRetry = this.#deps.schedule(() => {
      this.#cancelRetry = null;
      void this.#tryConnect(session);
    }, delay);
  }

  /** Logs the first outcome and every change of state after it, never a repeated retry. */
  #setState(state: ReaderState, detail: string): void {
    this.signals.setState(state, detail);
    if (state === this.#loggedState) return;
    this.#loggedState = state;
    this.#deps.log?.(`reader ${this.name}: ${state} (${detail})`);
  }
}
