import { randomBytes } from 'node:crypto';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { SYNC_LIMITS, type Change, type Mutation } from '#shared/sync/protocol';
import type { KioskPlan, NightRecord } from './fleet-data';
import { ProtocolClient } from './protocol-client';

/** `table/recordId`: how the bench keys records everywhere. */
export const keyOf = (table: string, recordId: string): string => `${table}/${recordId}`;

/** The tables a kiosk writes in the night; the rest (spaces, members) is the hub's snapshot. */
const NIGHT_TABLES: ReadonlySet<string> = new Set(['visits', 'visitors']);

/**
 * One simulated kiosk, a protocol client in Node (docs/sync-protocol.md): it enrols, keeps what
 * it pulled and its outbox in memory, stamps each write with an HLC bound to its kiosk id, pulls
 * before it pushes, and records every copy of a night record it receives, so the bench counts
 * what arrived rather than trusting the replies.
 */
export class FleetKiosk {
  readonly client: ProtocolClient;
  /** What the kiosk holds, by key: pulled records and its own writes. */
  readonly held = new Map<string, unknown>();
  /** Every night record delivered by a pull, in arrival order (copies included). */
  readonly deliveries: [key: string, record: unknown][] = [];
  /** Keys of the records this kiosk wrote. */
  readonly own = new Set<string>();
  /** Changes of a kind the night never makes (deletes, erasures, resets), which fail the run. */
  readonly surprises: string[] = [];
  private readonly clock: HybridLogicalClock;
  private readonly installId = randomBytes(16).toString('base64url');
  private readonly origin = randomBytes(16).toString('base64url');
  private outbox: Mutation[] = [];
  private seq = 0;
  private cursor = 0;
  private hubEpoch: string | undefined;

  constructor(
    readonly plan: KioskPlan,
    hubUrl: string,
  ) {
    this.clock = new HybridLogicalClock(plan.kioskId, Date.now);
    this.client = new ProtocolClient(hubUrl);
  }

  /** Enrols through `POST /v1/enrol`; rejects when the hub refuses the code. */
  async enrol(code: string): Promise<void> {
    const reply = await this.client.enrol(code, this.plan.kioskId);
    if (reply.spaceId !== this.plan.spaceId) {
      throw new Error(
        `${this.plan.kioskId} enrolled in ${reply.spaceId}, not ${this.plan.spaceId}`,
      );
    }
  }

  /** Writes records locally and queues one put each, stamped now (the kiosk's check-ins). */
  write(records: readonly NightRecord[]): void {
    for (const { table, record } of records) {
      const key = keyOf(table, record.id);
      this.held.set(key, record);
      this.own.add(key);
      this.seq++;
      this.outbox.push({
        mutationId: `${this.installId}_${this.seq.toString(36)}`,
        table,
        op: 'put',
        recordId: record.id,
        record,
        hlc: this.clock.tick(),
      });
    }
  }

  /** Mutations not yet acknowledged. */
  get pending(): number {
    return this.outbox.length;
  }

  /**
   * One sync as the protocol asks: pull to the head, then push the outbox in batches, dropping
   * each acknowledged mutation. Rejects on a refusal, or when the hub rejects a mutation (every
   * record of the night is valid, so a rejection is a failure of the run).
   */
  async sync(): Promise<void> {
    await this.pullToHead();
    while (this.outbox.length > 0) {
      const batch = this.outbox.slice(0, SYNC_LIMITS.maxBatch);
      const reply = await this.client.push({
        kioskId: this.plan.kioskId,
        origin: this.origin,
        ...(this.hubEpoch === undefined ? {} : { hubEpoch: this.hubEpoch }),
        batch,
      });
      const first = reply.rejected[0];
      if (first !== undefined) {
        throw new Error(
          `${this.plan.kioskId}: ${reply.rejected.length} rejected, e.g. ${JSON.stringify(first)}`,
        );
      }
      const done = new Set(reply.accepted);
      this.outbox = this.outbox.filter((m) => !done.has(m.mutationId));
      if (done.size === 0) throw new Error(`${this.plan.kioskId}: a push acknowledged nothing`);
    }
  }

  /** Pulls pages until the hub says there is no more. */
  async pullToHead(): Promise<void> {
    for (;;) {
      const page = await this.client.pull({
        cursor: this.cursor,
        limit: SYNC_LIMITS.maxPullLimit,
        origin: this.origin,
        ...(this.hubEpoch === undefined ? {} : { hubEpoch: this.hubEpoch }),
      });
      if (page.reset && this.cursor !== 0) this.surprises.push(`reset at cursor ${this.cursor}`);
      for (const change of page.changes) this.apply(change);
      this.cursor = page.cursor;
      this.hubEpoch = page.hubEpoch;
      if (!page.hasMore) return;
    }
  }

  private apply(change: Change): void {
    const key = keyOf(change.table, change.recordId);
    if (change.op !== 'put') {
      this.surprises.push(`${change.op} ${key}`);
      this.held.delete(key);
      return;
    }
    if (NIGHT_TABLES.has(change.table)) this.deliveries.push([key, change.record]);
    this.held.set(key, change.record);
  }
}
