import type { SyncedTable } from '#shared/domain/types';
import type { Change } from '#shared/sync/protocol';
import {
  anonymisedVisitState,
  joinStates,
  materialize,
  type RecordState,
} from '#shared/sync/protocol-merge';
import { isOwnCopy } from '#shared/sync/protocol-own-copy';
import type { VisitPatch } from '#shared/sync/protocol-records';
import type { ValidMutation } from '#shared/sync/protocol-validate';
import { ANONYMOUS_PERSON_ID, isKeptAtErasure } from '#shared/visitor/retention';

export interface HeldRecord {
  readonly table: SyncedTable;
  readonly id: string;
  readonly state: RecordState;
  /** `member:<id>` or `visitor:<id>` for a visit (what an erasure finds it by); else null. */
  readonly personKey: string | null;
}

/** A log entry to append, with the origin whose pulls skip it (rule 12). */
export type ChangeWrite = Omit<Change, 'seq'> & { readonly origin?: string };

const personKeyOf = (table: SyncedTable, id: string): string =>
  `${table === 'members' ? 'member' : 'visitor'}:${id}`;

/** The person a visit put names, read as hub/sync/push.ts reads it. */
function visitPerson(m: ValidMutation): { table: SyncedTable; id: string } | undefined {
  if (m.table !== 'visits' || m.op !== 'put') return undefined;
  const patch = m.record as VisitPatch;
  if (patch.personKind === undefined || patch.personId === undefined) return undefined;
  if (patch.personId === ANONYMOUS_PERSON_ID) return undefined;
  return { table: patch.personKind === 'member' ? 'members' : 'visitors', id: patch.personId };
}

/** The hub state a write changes: MemoryHub's records and log (memory-hub.ts). */
export interface WriteTarget {
  readonly records: Map<string, HeldRecord>;
  readonly log: Map<string, Change>;
  /** Appends the write's log entries (MemoryHub's `append`). */
  append(changes: readonly ChangeWrite[]): void;
}

/** One write (a push or an admin batch): its record changes and pending log entries. */
export class Write {
  #changes: ChangeWrite[] = [];

  constructor(
    private readonly hub: WriteTarget,
    private readonly isKiosk: boolean,
    private readonly origin: string | undefined,
  ) {}

  apply(mutation: ValidMutation): void {
    let m = mutation;
    const key = `${m.table}/${m.recordId}`;
    const row = this.hub.records.get(key);
    if (row?.state.kind === 'erased') {
      // Rule 7: the tombstone wins; the writer is told again.
      this.#correct(m.table, m.recordId, row.state);
      return;
    }
    let person = visitPerson(m);
    const isPersonGone =
      person !== undefined &&
      this.hub.records.get(`${person.table}/${person.id}`)?.state.kind === 'erased';
    if (
      isPersonGone &&
      row?.state.kind === 'visit' &&
      row.state.checkIn?.personId === ANONYMOUS_PERSON_ID
    ) {
      // The person is gone but this visit lives on, anonymised (their open visit at the
      // erasure): a late push about it stays anonymous.
      m = { ...m, state: anonymisedVisitState(m.state) };
      person = undefined;
    }
    const personKey = person ? personKeyOf(person.table, person.id) : (row?.personKey ?? null);
    if (person && isPersonGone) {
      // A visit of an erased person leaves no trace; its writer is told to drop it.
      this.hub.records.set(key, {
        table: m.table,
        id: m.recordId,
        personKey,
        state: { kind: 'erased' },
      });
      this.#correct(m.table, m.recordId, { kind: 'erased' });
      return;
    }
    if (m.op === 'erase') {
      this.#erase(m);
      return;
    }
    const state = row ? joinStates(row.state, m.state) : m.state;
    if (row && JSON.stringify(state) === JSON.stringify(row.state)) {
      // Lost every field to newer ones (rule 5): the writer is told the winners.
      this.#correct(m.table, m.recordId, state);
      return;
    }
    this.hub.records.set(key, { table: m.table, id: m.recordId, personKey, state });
    if (state.kind === 'deleted') {
      this.#changes.push({ table: m.table, recordId: m.recordId, op: 'delete' });
      return;
    }
    const record = materialize(m.table, state);
    if (record !== undefined) {
      const own = this.isKiosk && isOwnCopy(m, row !== undefined, record);
      this.#changes.push({
        table: m.table,
        recordId: m.recordId,
        op: 'put',
        record,
        ...(own && this.origin !== undefined ? { origin: this.origin } : {}),
      });
    }
  }

  /**
   * Rule 7: pending entries go to the log first, so the erasure's removals see them. An open
   * visit stays anonymised and is put again; a closed one becomes a tombstone announced by a
   * `delete` (hub/sync/push.ts, decision 0019).
   */
  #erase(m: ValidMutation): void {
    const personKey = personKeyOf(m.table, m.recordId);
    this.flush();
    // In id order, as the real hub writes them.
    const visits = [...this.hub.records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, r] of visits) {
      if (r.table !== 'visits' || r.personKey !== personKey) continue;
      const open =
        r.state.kind === 'visit' &&
        r.state.checkIn !== undefined &&
        isKeptAtErasure({ checkOutAt: r.state.checkOut?.checkOutAt });
      if (open) {
        const state = anonymisedVisitState(r.state);
        this.hub.records.set(key, { ...r, personKey: null, state });
        const record = materialize('visits', state);
        if (record !== undefined) {
          this.#changes.push({ table: 'visits', recordId: r.id, op: 'put', record });
        }
      } else {
        this.hub.records.set(key, { ...r, state: { kind: 'erased' } });
        this.hub.log.delete(key);
        this.#changes.push({ table: 'visits', recordId: r.id, op: 'delete' });
      }
    }
    const key = `${m.table}/${m.recordId}`;
    this.hub.records.set(key, {
      table: m.table,
      id: m.recordId,
      personKey: null,
      state: { kind: 'erased' },
    });
    this.#changes.push({ table: m.table, recordId: m.recordId, op: 'erase' });
  }

  /** After a replayed mutation of a kiosk: the record's current state again. */
  reannounce(table: SyncedTable, id: string): void {
    const row = this.hub.records.get(`${table}/${id}`);
    if (row) this.#correct(table, id, row.state);
  }

  /** A kiosk's write without effect: its record's state again, so the kiosk replaces its own. */
  #correct(table: SyncedTable, recordId: string, state: RecordState): void {
    if (!this.isKiosk) return;
    if (state.kind === 'erased') {
      const op = table === 'members' || table === 'visitors' ? 'erase' : 'delete';
      this.#changes.push({ table, recordId, op });
    } else if (state.kind === 'deleted') {
      this.#changes.push({ table, recordId, op: 'delete' });
    } else {
      const record = materialize(table, state);
      if (record !== undefined) this.#changes.push({ table, recordId, op: 'put', record });
    }
  }

  flush(): void {
    this.hub.append(this.#changes);
    this.#changes = [];
  }
}
