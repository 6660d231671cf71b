import type { AgendaEvent } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { Cancellation, Occurrence, OccurrenceRow, Translation } from '../store/agenda-rows';
import type { HubStore } from '../store/store';
import { hubBulkWrite } from '../sync/hub-bulk-write';
import { HUB_SOURCE, occurrenceId } from './occurrence-ids';
import {
  freshItem,
  keyOf,
  plannedItem,
  plannedOf,
  planOccurrences,
  renamed,
  type FreshOccurrence,
  type WriteItem,
  type Overlays,
  type Plan,
  type PlanContext,
  type PlannedPut,
  type SourceOccurrence,
} from './occurrence-plan';

/**
 * Brings the `events` records of one source (a feed, or the events made at the hub) in line with
 * the occurrences it gives now (decision 0023): new and changed ones are put, unchanged ones are
 * not written at all (so kiosks pull nothing), and ones the source no longer gives are deleted —
 * unless they ended before the window, which means they aged out rather than left the feed.
 * The editor's translations and cancellations are laid over every occurrence (occurrence-plan.ts),
 * so no import overwrites them. A sync is planned and written in batches (decision 0059): a feed
 * import's worker plans the next batch while main writes this one.
 */

/** Which source, and where its past begins. */
export interface SyncScope {
  /** The feed whose occurrences these are; null for the events made at the hub. */
  readonly feedId: string | null;
  /** Occurrences no longer given that ended before this instant are forgotten, not deleted. */
  readonly keepBefore: number;
  /** Only the occurrences given are written; the source's others are left as they are. */
  readonly isPartial?: boolean;
}

/** What a sync did, occurrence by occurrence. */
export interface SyncSummary {
  /** Written for the first time. */
  readonly imported: number;
  /** Written again because something in them changed. */
  readonly changed: number;
  /** Deleted: the source no longer gives them. */
  readonly removed: number;
  /** Given as before: nothing written. */
  readonly unchanged: number;
  /** Refused by the record schema (a title over 300 characters…), one sentence each. */
  readonly skipped: readonly string[];
}

/** The occurrence a record stands for: the record without its id, space and updatedAt. */
export function occurrenceOf(event: AgendaEvent): Occurrence {
  const copy: Partial<AgendaEvent> = { ...event };
  delete copy.id;
  delete copy.spaceId;
  delete copy.updatedAt;
  return copy as Occurrence;
}

/** Groups `list` by its `uid`. */
function byUid<T extends { uid: string }>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) out.set(item.uid, [...(out.get(item.uid) ?? []), item]);
  return out;
}

/**
 * Records per transaction of a sync. Small, so the hub's other requests never wait long behind
 * a large feed's first import (a chunk holds the writer ≈ 0.1–0.2 s on the 2-core CI machine),
 * and each chunk's ids, in order, are near one another in the B-trees; measured no slower than
 * 10 000 (bench:agenda, decision 0059).
 */
export const OCCURRENCE_WRITE_CHUNK = 2_500;

/**
 * Orders record ids. Why: records and occurrence rows live in B-trees keyed by these
 * ids (WITHOUT ROWID on SQLite), and ids are hashes; written in id order, a first import of
 * 40 000 occurrences fills pages one after the other instead of splitting pages all over the
 * tree, which cut its writes and its commits' cost on SQLite (bench:agenda, decision 0023).
 */
const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * One sync of one source, batch by batch: `open` loads what the store holds of the source,
 * `overlays` the editor's words and cancellations of the series given, `write` writes planned
 * batches, `finish` deletes what the source no longer gives and sums up. Records are written
 * before the bookkeeping that says so, so a sync interrupted between batches (a database error,
 * a failed worker) at worst writes some records again next time, and deletes nothing.
 */
export class OccurrenceSync {
  private imported = 0;
  private changed = 0;
  private unchanged = 0;
  private readonly skipped: string[] = [];
  private readonly clock: HybridLogicalClock;
  private readonly rowByKey: Map<string, OccurrenceRow>;

  private constructor(
    private readonly store: HubStore,
    private readonly scope: SyncScope,
    rows: readonly OccurrenceRow[],
    private readonly now: number,
  ) {
    this.rowByKey = new Map(rows.map((r) => [keyOf(r.uid, r.recurrenceId), r]));
    // Later than every stamp this source wrote before, whatever the wall clock says (rule 5).
    this.clock = new HybridLogicalClock('hub', () => now);
    const latest = rows.reduce((max, r) => (r.hlc > max ? r.hlc : max), '');
    if (latest !== '') this.clock.receive(latest);
  }

  /** Starts a sync of `scope` at `now`. Rejects on database errors. */
  static async open(store: HubStore, scope: SyncScope, now: number): Promise<OccurrenceSync> {
    return new OccurrenceSync(store, scope, await store.agenda.occurrencesOf(scope.feedId), now);
  }

  /** What the store holds of the source: keyOf(uid, recurrenceId) → record id and digest. */
  stored(): Map<string, { eventId: string; digest: string }> {
    const out = new Map<string, { eventId: string; digest: string }>();
    for (const [key, r] of this.rowByKey) out.set(key, { eventId: r.eventId, digest: r.digest });
    return out;
  }

  /** The editor's translations and cancellations of the series `uids`. */
  async overlays(uids: readonly string[]): Promise<Overlays> {
    const words = byUid<Translation>(await this.store.agenda.translations(uids));
    const cancelled = new Set(
      (await this.store.agenda.cancellations(uids)).map((c: Cancellation) =>
        keyOf(c.uid, c.recurrenceId),
      ),
    );
    return { words, cancelled };
  }

  /** The plan context for the series `uids`. */
  async context(uids: readonly string[]): Promise<PlanContext> {
    const source = this.scope.feedId ?? HUB_SOURCE;
    return { source, now: this.now, stored: this.stored(), ...(await this.overlays(uids)) };
  }

  /**
   * Writes planned batches: new ids renamed past deleted ones, then in record-id order, chunk
   * by chunk (OCCURRENCE_WRITE_CHUNK): each chunk's records in one transaction, then their
   * bookkeeping; the event loop is let go between two chunks.
   */
  async write(plans: readonly Plan[]): Promise<void> {
    const puts: PlannedPut[] = [];
    const fresh: FreshOccurrence[] = [];
    for (const plan of plans) {
      this.unchanged += plan.unchanged;
      this.skipped.push(...plan.skipped);
      for (const p of plan.puts) puts.push(p);
      for (const f of plan.fresh) fresh.push(f);
    }
    const items = (await this.freshen(puts, fresh)).sort((a, b) =>
      byId(a.row.eventId, b.row.eventId),
    );
    for (let i = 0; i < items.length; i += OCCURRENCE_WRITE_CHUNK) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.writeChunk(items.slice(i, i + OCCURRENCE_WRITE_CHUNK));
    }
  }

  /** One chunk of records, one transaction, then its bookkeeping. */
  private async writeChunk(items: readonly WriteItem[]): Promise<void> {
    const outcome = await hubBulkWrite(
      this.store,
      'events',
      items.map((item) => item.change),
      this.now,
      this.clock,
      items.length,
    );
    // The bulk path checks each stamp as a push would (rule 9): a change it refuses is skipped.
    const refusals = new Map(outcome.rejected.map((r) => [r.mutationId, r]));
    const saved: OccurrenceRow[] = [];
    items.forEach(({ row, isNew }, i) => {
      const refusal = refusals.get(outcome.mutationIds[i] ?? '');
      if (refusal) {
        const where = row.recurrenceId ? ` (${row.recurrenceId})` : '';
        this.skipped.push(`${row.uid}${where}: ${refusal.reason}`);
        return;
      }
      if (isNew) this.imported += 1;
      else this.changed += 1;
      saved.push({ ...row, feedId: this.scope.feedId, hlc: outcome.stamps[i] ?? '' });
    });
    await this.store.agenda.saveOccurrences(saved, []);
  }

  /**
   * Deletes the source's occurrences whose keys are `missing` (stored, no longer given), those
   * that aged out of the window only forgotten; resolves with the sync's summary.
   */
  async finish(missing: Iterable<string>): Promise<SyncSummary> {
    const gone = this.scope.isPartial
      ? []
      : [...missing].flatMap((key) => this.rowByKey.get(key) ?? []);
    const deleted = gone.filter((r) => r.endsAt >= this.scope.keepBefore);
    if (deleted.length > 0) {
      const changes = deleted.map((r) => ({ op: 'delete' as const, recordId: r.eventId }));
      changes.sort((a, b) => byId(a.recordId, b.recordId));
      await hubBulkWrite(this.store, 'events', changes, this.now, this.clock);
    }
    await this.store.agenda.saveOccurrences(
      [],
      gone.map((r) => r.eventId),
    );
    return {
      imported: this.imported,
      changed: this.changed,
      removed: deleted.length,
      unchanged: this.unchanged,
      skipped: this.skipped,
    };
  }

  /** The stored keys `given` lacks. */
  missing(given: ReadonlySet<string>): string[] {
    return [...this.rowByKey.keys()].filter((key) => !given.has(key));
  }

  /**
   * The puts and fresh occurrences as items to write, each new one whose generation-0 id was
   * deleted before renamed past it (rule 6).
   */
  private async freshen(
    puts: readonly PlannedPut[],
    fresh: readonly FreshOccurrence[],
  ): Promise<WriteItem[]> {
    const out = puts.filter((p) => !p.isNew).map(plannedItem);
    const news = puts.filter((p) => p.isNew);
    // Planning named every new occurrence generation 0 already (occurrence-plan.ts).
    const deleted = await this.store.agenda.deletedEventIds([
      ...news.map((p) => p.put.record.id),
      ...fresh.map((f) => f.put.recordId),
    ]);
    let pending: PlannedPut[] = [];
    for (const p of news) {
      if (deleted.has(p.put.record.id)) pending.push(p);
      else out.push(plannedItem(p));
    }
    for (const f of fresh) {
      if (deleted.has(f.put.recordId)) pending.push(plannedOf(f));
      else out.push(freshItem(f));
    }
    for (let generation = 1; pending.length > 0; generation += 1) {
      const named = pending.map((p) => {
        const r = p.put.record as unknown as AgendaEvent;
        const source = this.scope.feedId ?? HUB_SOURCE;
        return { p, id: occurrenceId(source, r.uid, r.recurrenceId ?? '', generation) };
      });
      const taken = await this.store.agenda.deletedEventIds(named.map((n) => n.id));
      pending = [];
      for (const n of named) {
        if (taken.has(n.id)) {
          pending.push(n.p);
          continue;
        }
        const next = renamed(n.p, n.id);
        if ('refusal' in next) this.skipped.push(next.refusal);
        else out.push(plannedItem(next));
      }
    }
    return out;
  }
}

/**
 * Syncs the source `scope` names to `list` at time `now` in one batch (see OccurrenceSync).
 * Occurrences with the same UID and recurrence id after the first are ignored. Rejects on
 * database errors: what was written before stays, and the next sync completes it.
 */
export async function syncOccurrences(
  store: HubStore,
  scope: SyncScope,
  list: readonly SourceOccurrence[],
  now: number,
): Promise<SyncSummary> {
  const sync = await OccurrenceSync.open(store, scope, now);
  const ctx = await sync.context([...new Set(list.map((g) => g.occurrence.uid))]);
  const given = new Set<string>();
  await sync.write([planOccurrences(ctx, list, given)]);
  return sync.finish(sync.missing(given));
}
