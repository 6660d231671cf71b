import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type {
  AgendaEvent,
  Member,
  OutboxEntry,
  Space,
  SyncStateRow,
  Visit,
  Visitor,
} from '#shared/domain/types';
import { CommitFeed } from './commit-feed';
import { derivedIndexMiddleware, withDerived, type DerivedTable } from './derived-index';
import type { VisitDetails } from './visit-details';

/** The database name the kiosk uses in production; tests pass their own to `createDb`. */
export const DEFAULT_DB_NAME = 'coffee-kiosk';

/**
 * The kiosk's local store (docs/architecture.md, "Data"). Tables carry the records of
 * shared/domain/types.ts; the hub holds the same ones.
 *
 * Schema history: version(1) is released and must never be edited. A schema change adds
 * `this.version(2).stores({...}).upgrade(...)` below it.
 *
 * Index notes (every badge-path query is an index range, never a table scan):
 * - members `*cardKeys` is multiEntry: one index entry per derived card form, so any form a reader
 *   yields finds its member with `where('cardKeys').anyOf(readKeys)`.
 * - visits `[personId+checkInAt]` gives a person's latest visit by reverse range; `[spaceId+checkInAt]`
 *   gives who checked in at a space since an instant ("who is in"). An open visit has no
 *   `checkOutAt`, so it is absent from the `checkOutAt` index (IndexedDB skips undefined keys); that
 *   index serves reports of closed visits only.
 * - outbox `++seq` keeps insertion order for push batches; `&mutationId` is unique so a mutation can
 *   never be queued twice.
 *
 * version(2) (walk-ins, see derived-index.ts for the index-only fields):
 * - visitors and members `*searchKeys`: typo-tolerant name/email search from three letters;
 * - visits `*boundCardKeys`: the open visitor visit a spare card is bound to;
 * - visitDetails (local only, never synced): a walk-in's purpose, the member they meet, and the
 *   submission id that makes a double-submitted form create one visit (`&submissionId`).
 *
 * version(3) (issue 10): no schema change; members' and visitors' `searchKeys` are recomputed (the
 * `t:` token keys of the exact tier and the joined forms of names).
 *
 * version(4) (issue 11, the agenda; docs/decisions/0024-agenda-screen.md):
 * - events `[spaceId+startsAt]`: the next events of one space, in start order;
 * - events `endsAt`: the pruning of occurrences that ended more than a day ago;
 * - events `*dayKeys` (derived, derived-index.ts): the UTC days an occurrence overlaps, so a day's
 *   list finds what began before it and still runs. Rows pulled before are re-derived.
 */
export class KioskDb extends Dexie {
  // `declare` emits no class field: a defined field would overwrite the tables Dexie attaches.
  declare spaces: EntityTable<Space, 'id'>;
  declare members: EntityTable<Member, 'id'>;
  declare visitors: EntityTable<Visitor, 'id'>;
  declare visits: EntityTable<Visit, 'id'>;
  declare events: EntityTable<AgendaEvent, 'id'>;
  declare outbox: EntityTable<OutboxEntry, 'seq'>;
  declare syncState: EntityTable<SyncStateRow, 'key'>;
  declare visitDetails: EntityTable<VisitDetails, 'visitId'>;
  /** Every committed change, whoever wrote it (commit-feed.ts): keeps in-memory indexes current. */
  readonly commits = new CommitFeed();

  /** Opens lazily on first use; failures (quota, blocked upgrade) reject that first operation. */
  constructor(name: string = DEFAULT_DB_NAME) {
    // Chromium commits IndexedDB transactions with relaxed durability by default: a power cut right
    // after a check-in could lose it and its outbox entry. 'strict' makes each commit wait for the
    // disk flush (Dexie 4 `DexieOptions.chromeTransactionDurability`).
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      spaces: 'id',
      members: 'id, homeSpaceId, *cardKeys, updatedAt',
      visitors: 'id, lastName, email, retainUntil, updatedAt',
      visits: 'id, spaceId, [personId+checkInAt], [spaceId+checkInAt], checkOutAt',
      events: 'id, spaceId, startsAt',
      outbox: '++seq, &mutationId, table, recordId',
      syncState: 'key',
    });
    this.version(2)
      .stores({
        members: 'id, homeSpaceId, *cardKeys, updatedAt, *searchKeys',
        visitors: 'id, lastName, email, retainUntil, updatedAt, *searchKeys',
        visits:
          'id, spaceId, [personId+checkInAt], [spaceId+checkInAt], checkOutAt, *boundCardKeys',
        visitDetails: 'visitId, &submissionId',
      })
      .upgrade(async (tx) => {
        // Rows written by version 1 lack the derived index fields; rewriting each row through
        // withDerived fills them (reads hide them, so every row is rewritten, at most once).
        await rederive(tx, ['members', 'visitors', 'visits']);
      });
    // Same tables and indexes; the name search keys gained the `t:` token keys and the joined
    // forms of names (`dhondt`, `vanthof`: shared/visitor/search.ts), so they are recomputed.
    this.version(3)
      .stores({})
      .upgrade(async (tx) => {
        await rederive(tx, ['members', 'visitors']);
      });
    this.version(4)
      .stores({ events: 'id, spaceId, startsAt, endsAt, [spaceId+startsAt], *dayKeys' })
      .upgrade(async (tx) => {
        await rederive(tx, ['events']);
      });
    this.use(derivedIndexMiddleware);
    // Used last, so it is outermost: it sees values as the app wrote them, before derivation.
    this.use(this.commits.middleware);
  }
}

/** Rewrites every row of `tables` through withDerived, so its derived index fields are current. */
async function rederive(tx: Transaction, tables: readonly DerivedTable[]): Promise<void> {
  for (const table of tables) {
    await tx
      .table(table)
      .toCollection()
      .modify((row: Record<string, unknown>, ref: { value: unknown }) => {
        ref.value = withDerived(table, row);
      });
  }
}

/** A new handle on the named database (not yet opened); tests pass a unique name for isolation. */
export function createDb(name: string = DEFAULT_DB_NAME): KioskDb {
  return new KioskDb(name);
}
