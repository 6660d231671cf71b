import type { Member, Visit } from '#shared/domain/types';
import type { Result } from '#shared/result';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { PullResponse, PushResponse } from '#shared/sync/protocol';
import { createDb, type KioskDb } from '../../db/kiosk-db';
import { recordChange } from '../../db/mutations';
import { SyncEngine, type SyncTransport } from '../sync-engine';
import type { HubLabFault } from './hub-lab-types';
import type { ModelHub } from './model-hubs';

/**
 * One kiosk of a sync-model history (sync-model.ts): its own IndexedDB database, a wall clock the
 * history can skew, and the renderer's real SyncEngine, whose transport reaches `hub` with the
 * faults set for its next sync. A `crash` fault kills it mid-sync: the engine is abandoned and the
 * database reopened with a new engine, as after a power cut. `wipe` deletes the database.
 */
export class ModelKiosk {
  db: KioskDb;
  engine!: SyncEngine;
  skew = 0;
  readonly hlc: HybridLogicalClock;
  open: Visit | null = null;
  /** Set by the transport when the kiosk "dies" waiting for a reply. */
  #crashed: (() => void) | null = null;
  /** The faults for this kiosk's next sync, consumed call by call. */
  faults: { push: HubLabFault; pull: 'none' | 'lose' | 'fail' } = { push: 'none', pull: 'none' };

  constructor(
    readonly hub: ModelHub,
    readonly id: string,
    readonly dbName: string,
    db: KioskDb = createDb(dbName),
  ) {
    this.db = db;
    this.hlc = new HybridLogicalClock(id, () => this.now());
    this.#newEngine();
  }

  /**
   * A kiosk on the database `dbName` with every table emptied first: as a new database to the
   * kiosk's code (nothing is kept outside its tables: the cursor, origin, install id and clock are
   * rows too), without making one, which costs Chromium ≈ 12 ms — a third of a history.
   */
  static async open(hub: ModelHub, id: string, dbName: string): Promise<ModelKiosk> {
    const db = createDb(dbName);
    await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((t) => t.clear())));
    return new ModelKiosk(hub, id, dbName, db);
  }

  /** The kiosk's wall clock: the real one plus the skew the history gave it. */
  now(): number {
    return Date.now() + this.skew;
  }

  #newEngine(): void {
    this.engine = new SyncEngine({
      db: this.db,
      hub: this.#transport(),
      clock: () => this.now(),
      sleep: () => Promise.resolve(),
      pushBatch: 3,
      pullLimit: 3,
      maxAttempts: 2,
    });
  }

  #transport(): SyncTransport {
    const call = async <T>(op: 'push' | 'pull', request: unknown): Promise<Result<T>> => {
      const fault = op === 'push' ? this.faults.push : this.faults.pull;
      // A fault strikes the first call of its kind in a sync; retries then go through.
      if (op === 'push') this.faults.push = 'none';
      else this.faults.pull = 'none';
      const reply = await this.hub.call({ kioskId: this.id, op, request, fault });
      if (reply.kind === 'crashed') {
        this.#crashed?.();
        return new Promise<never>(() => undefined); // the dead kiosk never reads its reply
      }
      return reply.result as Result<T>;
    };
    return {
      push: (r) => call<PushResponse>('push', r),
      pull: (r) => call<PullResponse>('pull', r),
    };
  }

  /** Runs one sync; when the kiosk dies mid-way, reopens its database with a new engine. */
  async sync(): Promise<boolean> {
    const crashed = new Promise<'crashed'>((resolve) => {
      this.#crashed = () => {
        resolve('crashed');
      };
    });
    const outcome = await Promise.race([this.engine.sync('manual'), crashed]);
    this.#crashed = null;
    if (outcome !== 'crashed') return outcome.ok;
    this.db.close();
    this.db = createDb(this.dbName);
    this.open = null;
    this.#newEngine();
    return false;
  }

  /**
   * The kiosk's database is deleted and made anew, as after a reinstall keeping its credential:
   * a new sync origin, cursor 0 (protocol rule 12 must then send its own earlier writes back).
   */
  async wipe(): Promise<void> {
    await this.db.delete();
    this.db = createDb(this.dbName);
    this.open = null;
    this.#newEngine();
  }

  /** A local put of a whole record, stamped by this kiosk's clocks, queued with its outbox entry. */
  async put(table: 'visits' | 'members', record: Visit | Member): Promise<void> {
    const stamp = { hlc: this.hlc.tick(), now: this.now() };
    await recordChange(
      this.db,
      table === 'visits'
        ? { table, op: 'put', record: record as Visit, ...stamp }
        : { table, op: 'put', record: record as Member, ...stamp },
    );
  }
}
