import type { SyncedTable } from '#shared/domain/types';
import {
  anonymisedVisitState,
  joinStates,
  materialize,
  type RecordState,
} from '#shared/sync/protocol-merge';
import { isOwnCopy } from '#shared/sync/protocol-own-copy';
import type { ValidMutation } from '#shared/sync/protocol-validate';
import { ANONYMOUS_PERSON_ID, isKeptAtErasure } from '#shared/visitor/retention';
import { cardKeysOfState } from '../store/card-keys';
import {
  personKeyOf,
  recordKey,
  type ChangeWrite,
  type RecordRow,
  type SyncTx,
} from '../store/store';
import { CardClaims, clashMessage } from './card-claims';
import {
  authorize,
  declaredSpace,
  ownerOf,
  scopeOf,
  visitPerson,
  type Principal,
} from './push-rules';

/*
 * The push's effect on the store: one valid mutation at a time merged onto its cached row, with
 * erasures (rule 7), rule 11's corrections and the card check (decision 0021), the rows and
 * change-log entries written at each flush. Which mutations reach it, and their verdicts, is
 * applyPush's business (push.ts).
 */

/** Why a valid mutation was still refused (its verdict's code and reason). */
export interface Refusal {
  readonly code: string;
  readonly reason: string;
}

/** Applies one push inside an open sync transaction (see applyPush, push.ts). */
export class BatchApplier {
  private readonly dirty = new Map<string, RecordRow>();
  private changes: ChangeWrite[] = [];
  private readonly cards: CardClaims;

  constructor(
    private readonly tx: SyncTx,
    private readonly principal: Principal,
    private readonly cache: Map<string, RecordRow>,
    private readonly origin: string | undefined,
  ) {
    this.cards = new CardClaims(tx);
  }

  /** Applies `mutation`, or says why it is refused (a card another member holds). */
  async apply(mutation: ValidMutation): Promise<Refusal | undefined> {
    let m = mutation;
    const key = recordKey(m.table, m.recordId);
    const row = this.cache.get(key);
    authorize(this.principal, m, row);
    if (row?.state.kind === 'erased') {
      // Rule 7: the tombstone wins. The writer still holds what it wrote: tell it again.
      this.correct(m.table, m.recordId, row.ownerSpace, row.state);
      return undefined;
    }
    let person = visitPerson(m);
    const isPersonGone =
      person !== undefined &&
      this.cache.get(recordKey(person.table, person.recordId))?.state.kind === 'erased';
    if (
      isPersonGone &&
      row?.state.kind === 'visit' &&
      row.state.checkIn?.personId === ANONYMOUS_PERSON_ID
    ) {
      // The person is gone but this visit lives on: the retention purge kept it as an anonymous
      // count (an erasure would have left a tombstone). A late push about it stays anonymous.
      m = { ...m, state: anonymisedVisitState(m.state) };
      person = undefined;
    } else if (isPersonGone) {
      // A tombstone, so a check-out of this visit arriving later leaves no trace either. It
      // keeps the person's key until the erasure is compacted (hub/sync/compaction.ts).
      const owner = row?.ownerSpace ?? declaredSpace(m) ?? null;
      this.put({
        table: m.table,
        recordId: m.recordId,
        ownerSpace: owner,
        personKey: person ? personKeyOf(person.table, person.recordId) : null,
        state: { kind: 'erased' },
      });
      this.correct(m.table, m.recordId, owner, { kind: 'erased' });
      return undefined;
    }
    if (m.op === 'erase') {
      await this.erase(m, row);
      return undefined;
    }
    const state = row ? joinStates(row.state, m.state) : m.state;
    if (row && JSON.stringify(state) === JSON.stringify(row.state)) {
      // The write lost every field to newer ones (rule 5): nothing changes here, but the kiosk
      // that wrote it shows its own values until it is told the winners.
      this.correct(m.table, m.recordId, row.ownerSpace, state);
      return undefined;
    }
    if (m.table === 'members') {
      // Checked on the merged state: what kiosks would hold after this write.
      const keys = cardKeysOfState(state);
      const clash = await this.cards.clashOf(m.recordId, keys);
      if (clash)
        return { code: 'card-clash', reason: `Member ${m.recordId}: ${clashMessage(clash)}.` };
      this.cards.claim(m.recordId, keys);
    }
    const owner = ownerOf(this.principal, m, row, state);
    const personKey = person
      ? personKeyOf(person.table, person.recordId)
      : (row?.personKey ?? null);
    this.put({ table: m.table, recordId: m.recordId, ownerSpace: owner, personKey, state });
    const scope = scopeOf(m.table, owner);
    if (state.kind === 'deleted') {
      this.changes.push({ table: m.table, recordId: m.recordId, op: 'delete', scope });
      return undefined;
    }
    const record = materialize(m.table, state);
    if (record !== undefined) {
      // Rule 12: only a kiosk's own push is ever skipped, and only where it holds this record.
      const origin =
        this.principal.kind === 'kiosk' && isOwnCopy(m, row !== undefined, record)
          ? this.origin
          : undefined;
      this.changes.push({
        table: m.table,
        recordId: m.recordId,
        op: 'put',
        record,
        scope,
        ...(origin === undefined ? {} : { origin }),
      });
    }
    return undefined;
  }

  /**
   * Rule 7. Pending writes go first, so the erasure's deletes see (and remove) them. A visit of
   * the person still open here is kept, anonymised, for the evacuation roster (decision 0019):
   * its put reaches the space's kiosks before the erasure. Each closed visit becomes a tombstone
   * announced by a `delete`, so a kiosk that kept its own open copy anonymised drops it.
   */
  private async erase(m: ValidMutation, row: RecordRow | undefined): Promise<void> {
    const personKey = personKeyOf(m.table, m.recordId);
    await this.flush();
    if (m.table === 'members') this.cards.claim(m.recordId, []);
    // Sorted, so both stores write the same log whatever order they read the rows in.
    const visits = (await this.tx.loadVisitsOf(personKey)).sort((a, b) =>
      a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0,
    );
    const closed: RecordRow[] = [];
    for (const visit of visits) {
      if (visit.state.kind !== 'visit') continue;
      if (
        !visit.state.checkIn ||
        !isKeptAtErasure({ checkOutAt: visit.state.checkOut?.checkOutAt })
      ) {
        closed.push(visit);
        continue;
      }
      const state = anonymisedVisitState(visit.state);
      this.put({ ...visit, personKey: null, state });
      const record = materialize('visits', state);
      if (record !== undefined) {
        this.changes.push({
          table: 'visits',
          recordId: visit.recordId,
          op: 'put',
          record,
          scope: scopeOf('visits', visit.ownerSpace),
        });
      }
    }
    await this.flush();
    await this.tx.eraseVisitsOf(personKey);
    for (const visit of closed) {
      this.changes.push({
        table: 'visits',
        recordId: visit.recordId,
        op: 'delete',
        scope: scopeOf('visits', visit.ownerSpace),
      });
    }
    for (const [key, cached] of this.cache) {
      if (cached.table === 'visits' && cached.personKey === personKey) {
        this.cache.set(key, { ...cached, state: { kind: 'erased' } });
      }
    }
    const owner =
      row?.ownerSpace ?? (this.principal.kind === 'kiosk' ? this.principal.spaceId : null);
    this.put({
      table: m.table,
      recordId: m.recordId,
      ownerSpace: owner,
      personKey: null,
      state: { kind: 'erased' },
    });
    this.changes.push({
      table: m.table,
      recordId: m.recordId,
      op: 'erase',
      scope: scopeOf(m.table, owner),
    });
  }

  /** After a replayed mutation: the record's current state again, if it is the kiosk's to see. */
  reannounce(table: SyncedTable, recordId: string): void {
    const row = this.cache.get(recordKey(table, recordId));
    if (!row || this.principal.kind !== 'kiosk') return;
    if (row.ownerSpace !== null && row.ownerSpace !== this.principal.spaceId) return;
    this.correct(table, recordId, row.ownerSpace, row.state);
  }

  /**
   * Re-announces a record's current state to the kiosks of its scope after a write that had no
   * effect, so the writer replaces what it holds (a kiosk's own write is otherwise never
   * corrected: the log entry of the unchanged state lies behind its cursor). A kiosk's write only:
   * an admin's has no local copy to correct.
   */
  private correct(
    table: SyncedTable,
    recordId: string,
    owner: string | null,
    state: RecordState,
  ): void {
    if (this.principal.kind !== 'kiosk') return;
    const scope = scopeOf(table, owner);
    if (state.kind === 'erased') {
      // A person's erasure is announced as such; an erased visit leaves with a plain delete.
      const op = table === 'members' || table === 'visitors' ? 'erase' : 'delete';
      this.changes.push({ table, recordId, op, scope });
    } else if (state.kind === 'deleted') {
      this.changes.push({ table, recordId, op: 'delete', scope });
    } else {
      const record = materialize(table, state);
      if (record !== undefined) this.changes.push({ table, recordId, op: 'put', record, scope });
    }
  }

  private put(row: RecordRow): void {
    const key = recordKey(row.table, row.recordId);
    this.cache.set(key, row);
    this.dirty.set(key, row);
  }

  async flush(): Promise<void> {
    await this.tx.write([...this.dirty.values()], this.changes);
    this.dirty.clear();
    this.changes = [];
  }
}
