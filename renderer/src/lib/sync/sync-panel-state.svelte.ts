import { liveQuery, type Subscription } from 'dexie';
import type { IpcErrorCode } from '#shared/ipc/codes';
import type { KioskApi, SyncHubState } from '#shared/ipc/contract';
import type { KioskDb } from '../db/kiosk-db';
import type { SyncEngine, SyncStatus } from './sync-engine';

/** The Svelte context key under which the composition root provides the SyncPanelState. */
export const SYNC_PANEL_CONTEXT = Symbol('sync-panel');

/**
 * The host screen's view of sync: the engine's status, the live outbox count (any write, the
 * badge flow's included, updates it) and what main knows of the hub. `requestSync` is the
 * "Sync now" button: it goes through main (which emits sync.onRequested back), so the host's
 * request takes the same path as the nightly and reconnect ones. Never rejects.
 */
export class SyncPanelState {
  /** Null only until the constructor ran. */
  status = $state<SyncStatus | null>(null);
  pending = $state(0);
  hub = $state<SyncHubState | null>(null);
  /** The code of why the last "Sync now" was refused (the screen words it), else null. */
  requestError = $state<string | null>(null);
  /**
   * Main says this kiosk has no hub: its records stay here and there is nothing to sync, so the
   * panel says so instead of offering "Sync now". False while main has not answered.
   */
  readonly isStandalone = $derived(this.hub !== null && !this.hub.isConfigured);

  readonly #engine: SyncEngine;
  readonly #api: Pick<KioskApi, 'sync'>;
  readonly #db: KioskDb;
  #unsubscribe: (() => void) | null = null;
  #pendingSub: Subscription | null = null;

  constructor(deps: { engine: SyncEngine; api: Pick<KioskApi, 'sync'>; db: KioskDb }) {
    this.#engine = deps.engine;
    this.#api = deps.api;
    this.#db = deps.db;
    this.status = deps.engine.status;
  }

  /** Follows the engine and the outbox (idempotent) and asks main about the hub. */
  async open(): Promise<void> {
    this.#unsubscribe ??= this.#engine.onStatus((s) => {
      this.status = s;
    });
    this.status = this.#engine.status;
    this.#pendingSub ??= liveQuery(() => this.#db.outbox.count()).subscribe({
      next: (n) => {
        this.pending = n;
      },
      error: (e: unknown) => {
        console.error('outbox count failed', e);
      },
    });
    try {
      const reply = await this.#api.sync.getState();
      this.hub = reply.ok ? reply.value : null;
    } catch (e) {
      console.error('sync state unavailable', e);
    }
  }

  /** The host's "Sync now". */
  async requestSync(): Promise<void> {
    try {
      const reply = await this.#api.sync.requestNow();
      this.requestError = reply.ok ? null : reply.error.code;
    } catch (e) {
      // The transport failed: a code the panel can word, the exception for the log.
      console.error('sync request failed', e);
      this.requestError = 'ipc-handler-failed' satisfies IpcErrorCode;
    }
  }

  /** Stops following; safe when not open. */
  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#pendingSub?.unsubscribe();
    this.#pendingSub = null;
  }
}

/**
 * Runs the engine whenever main asks (nightly, reconnect, the host's "Sync now"). Returns the
 * unsubscribe. The engine folds requests that arrive during a sync; its failures are in its status.
 */
export function followSyncRequests(api: Pick<KioskApi, 'sync'>, engine: SyncEngine): () => void {
  return api.sync.onRequested(({ reason }) => {
    void engine.sync(reason);
  });
}
