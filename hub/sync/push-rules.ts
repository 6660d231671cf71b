import type { SyncedTable } from '#shared/domain/types';
import type { Result } from '#shared/result';
import type { ValidMutation } from '#shared/sync/protocol-validate';
import { isUnreadable, type BatchItem } from '#shared/sync/protocol-batch';
import type { RecordState } from '#shared/sync/protocol-merge';
import type { VisitPatch } from '#shared/sync/protocol-records';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import { recordKey, type RecordRow } from '../store/store';

/*
 * Who may write what, and where a record belongs: the push's rules that need no database
 * (protocol rule 2, ownership and scope), kept apart from the batch's application in push.ts.
 */

/** Who writes: an enrolled kiosk (its own space only) or the hub's admin tools (everything). */
export type Principal =
  | { readonly kind: 'kiosk'; readonly kioskId: string; readonly spaceId: string }
  | { readonly kind: 'admin' };

/** Protocol rule 2 broken: the whole request is refused (HTTP 403) and nothing is written. */
export class ForbiddenError extends Error {
  readonly code = 'forbidden-space';
}

const HUB_TABLES: ReadonlySet<SyncedTable> = new Set(['spaces', 'events']);

export function visitPerson(
  m: ValidMutation,
): { table: SyncedTable; recordId: string } | undefined {
  if (m.table !== 'visits' || m.op !== 'put') return undefined;
  const patch = m.record as VisitPatch;
  if (patch.personKind === undefined || patch.personId === undefined) return undefined;
  // An anonymised visit (retention purge) has no person to erase it with.
  if (patch.personId === ANONYMOUS_PERSON_ID) return undefined;
  return {
    table: patch.personKind === 'member' ? 'members' : 'visitors',
    recordId: patch.personId,
  };
}

/** The space a put declares as the record's owner, if its table has one. */
export function declaredSpace(m: ValidMutation): string | undefined {
  const r = m.record;
  if (!r) return undefined;
  if (m.table === 'visits') return r['spaceId'] as string;
  if (m.table === 'members') return r['homeSpaceId'] as string | undefined;
  return undefined;
}

export function authorize(p: Principal, m: ValidMutation, row: RecordRow | undefined): void {
  if (p.kind === 'admin') return;
  if (HUB_TABLES.has(m.table)) {
    throw new ForbiddenError(`Kiosks cannot write ${m.table}: the hub owns them.`);
  }
  const declared = declaredSpace(m);
  const owner = row?.ownerSpace ?? null;
  if (
    (owner !== null && owner !== p.spaceId) ||
    (declared !== undefined && declared !== p.spaceId)
  ) {
    throw new ForbiddenError(
      `Kiosk ${p.kioskId} of space ${p.spaceId} may not write ${m.table}/${m.recordId} of space ${declared ?? owner ?? '?'}.`,
    );
  }
}

export function ownerOf(
  p: Principal,
  m: ValidMutation,
  row: RecordRow | undefined,
  state: RecordState,
): string | null {
  if (m.table === 'spaces' || m.table === 'events') return null;
  if (m.table === 'members' && state.kind === 'fields') {
    const home = state.fields['homeSpaceId']?.value;
    if (typeof home === 'string') return home;
  }
  if (m.table === 'visits' && state.kind === 'visit') return state.spaceId;
  return row?.ownerSpace ?? (p.kind === 'kiosk' ? p.spaceId : null);
}

/** Which kiosks a change reaches: visits and visitors stay in their space; the rest go to all. */
export function scopeOf(table: SyncedTable, owner: string | null): string | null {
  return table === 'visits' || table === 'visitors' ? owner : null;
}

/**
 * What a push may lock instead of the whole store (HubStore.syncTransaction's `keys`): every
 * mutation id, record and visit's person the batch names. Undefined — the push then runs alone —
 * for the admin's writes and for a batch with an erasure (it changes every visit of its person)
 * or a member (card keys are checked against every other member), which reach past their keys.
 * `checked` pairs each element with its validation (undefined: not validated).
 */
export function lockKeysOf(
  p: Principal,
  checked: readonly { m: BatchItem; v: Result<ValidMutation> | undefined }[],
): string[] | undefined {
  if (p.kind !== 'kiosk') return undefined;
  const keys: string[] = [];
  for (const { m, v } of checked) {
    // Not a record key: those are `table/id`, and no table is called `mutation`.
    keys.push(`mutation:${m.mutationId}`);
    if (isUnreadable(m)) continue;
    if (m.table === 'members' || m.op === 'erase') return undefined;
    keys.push(recordKey(m.table, m.recordId));
    const person = v?.ok ? visitPerson(v.value) : undefined;
    if (person) keys.push(recordKey(person.table, person.recordId));
  }
  return keys;
}
