import type { SyncedTable } from '../domain/types';
import { anonymised } from '../visitor/retention';
import { compareHlc } from './hlc';
import { FULL_SCHEMAS, type VisitPatch } from './protocol-records';

/**
 * The conflict rules of shared/sync/protocol.ts as pure functions. Every record's state is an
 * element of a join semilattice and `joinStates` is its join: commutative, associative and
 * idempotent, so mutations applied in any order, any number of times, give the same state
 * (the property tests in protocol-merge.test.ts check it).
 */

/** One profile field: its value (`null` = cleared) and the stamp of the change that wrote it. */
export interface FieldStamp {
  readonly value: unknown;
  readonly hlc: string;
}

/** The check-in group of a visit, written once (rule 3). */
export interface VisitCheckIn {
  readonly personKind: 'member' | 'visitor';
  readonly personId: string;
  readonly method: 'wedge' | 'serial' | 'hid' | 'host';
  readonly checkInAt: number;
  readonly kioskId: string;
  /**
   * Only in check-ins stored before the card got a stamp of its own (`VisitCard`); a `card` of
   * the state overrides it.
   */
  readonly cardId?: string;
  readonly eventId?: string;
}

/** The card bound to a visit and the stamp of the put that bound it (the latest wins, rule 3). */
export interface VisitCard {
  readonly cardId: string;
  readonly hlc: string;
}

/** A visit's check-out; `method` undefined counts as self-service. */
export interface VisitCheckOut {
  readonly checkOutAt: number;
  readonly checkOutMethod?: 'wedge' | 'serial' | 'hid' | 'host' | 'auto';
}

/** What the hub (and a kiosk) knows of one record. */
export type RecordState =
  | { readonly kind: 'fields'; readonly fields: Readonly<Record<string, FieldStamp>> }
  | {
      readonly kind: 'visit';
      readonly id: string;
      readonly spaceId: string;
      readonly checkIn?: VisitCheckIn;
      /**
       * The stamp of the put that brought `checkIn` (rule 3: the lowest stamp's check-in wins).
       * Absent on check-ins the hub stored before it kept their stamp: those count as lowest.
       */
      readonly checkInHlc?: string;
      /** The card bound to the visit: at check-in, or later (a walk-in's spare card). */
      readonly card?: VisitCard;
      readonly checkOut?: VisitCheckOut;
    }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'erased' };

const TOMB_RANK = { fields: 0, visit: 0, deleted: 1, erased: 2 } as const;

/** A deterministic total order on JSON-able values, used only to break exact ties. */
function compareJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rule 5: the field with the later stamp wins; equal stamps fall back to the value's JSON. */
function joinField(a: FieldStamp, b: FieldStamp): FieldStamp {
  const c = compareHlc(a.hlc, b.hlc);
  if (c !== 0) return c > 0 ? a : b;
  return compareJson(a.value, b.value) >= 0 ? a : b;
}

const CHECKOUT_RANK: Readonly<Record<string, number>> = { host: 3, auto: 1 };

function checkOutRank(c: VisitCheckOut): number {
  return CHECKOUT_RANK[c.checkOutMethod ?? 'self'] ?? 2;
}

/**
 * Rule 3's order on check-outs: negative when `a` wins. A host's check-out beats a self-service
 * one (a card on a reader), which beats the automatic closing; at equal rank the earlier time
 * wins; then the method name, so the order is total.
 */
export function compareCheckOuts(a: VisitCheckOut, b: VisitCheckOut): number {
  const rank = checkOutRank(b) - checkOutRank(a);
  if (rank !== 0) return rank;
  if (a.checkOutAt !== b.checkOutAt) return a.checkOutAt - b.checkOutAt;
  return compareJson(a.checkOutMethod ?? '', b.checkOutMethod ?? '');
}

type VisitState = Extract<RecordState, { kind: 'visit' }>;

/**
 * Rule 3's order on check-ins: negative when `a`'s wins. The lower stamp wins (a stamp-less one,
 * stored before stamps were kept, counts as lowest), whatever the arrival order; equal stamps,
 * which only one kiosk can issue, fall back to the check-in's JSON so the order is total.
 */
function compareCheckIns(a: VisitState, b: VisitState): number {
  const x = a.checkInHlc ?? '';
  const y = b.checkInHlc ?? '';
  if (x !== y) return x < y ? -1 : 1;
  return compareJson(a.checkIn, b.checkIn);
}

/** Rule 3's card: the one bound by the later stamp; equal stamps fall back to the card id. */
function joinCards(a: VisitCard | undefined, b: VisitCard | undefined): VisitCard | undefined {
  if (!a || !b) return a ?? b;
  if (a.hlc !== b.hlc) return a.hlc > b.hlc ? a : b;
  return a.cardId >= b.cardId ? a : b;
}

function joinVisits(a: VisitState, b: VisitState): VisitState {
  let first: VisitState | undefined = a.checkIn ? a : b.checkIn ? b : undefined;
  if (a.checkIn && b.checkIn) first = compareCheckIns(a, b) <= 0 ? a : b;
  const card = joinCards(a.card, b.card);
  let checkOut = a.checkOut ?? b.checkOut;
  if (a.checkOut && b.checkOut) {
    checkOut = compareCheckOuts(a.checkOut, b.checkOut) <= 0 ? a.checkOut : b.checkOut;
  }
  const spaceId = a.spaceId <= b.spaceId ? a.spaceId : b.spaceId;
  return {
    kind: 'visit',
    id: a.id,
    spaceId,
    ...(first?.checkIn ? { checkIn: first.checkIn } : {}),
    ...(first?.checkInHlc !== undefined ? { checkInHlc: first.checkInHlc } : {}),
    ...(card ? { card } : {}),
    ...(checkOut ? { checkOut } : {}),
  };
}

/**
 * The join of two states of the same record. Erased beats everything, deleted beats any live
 * state (rules 6 and 7); live states merge per field (profiles) or per visit rules.
 * Mixing a `fields` and a `visit` state is a caller bug: the first argument is returned.
 */
export function joinStates(a: RecordState, b: RecordState): RecordState {
  const rank = TOMB_RANK[a.kind] - TOMB_RANK[b.kind];
  if (rank !== 0) return rank > 0 ? a : b;
  if (a.kind === 'fields' && b.kind === 'fields') {
    const fields: Record<string, FieldStamp> = { ...a.fields };
    for (const [key, stamp] of Object.entries(b.fields)) {
      const mine = fields[key];
      fields[key] = mine ? joinField(mine, stamp) : stamp;
    }
    return { kind: 'fields', fields };
  }
  if (a.kind === 'visit' && b.kind === 'visit') return joinVisits(a, b);
  return a;
}

/**
 * The state a visit put stamped `hlc` describes (the record must already satisfy
 * VisitPatchSchema); its check-in and its card, if any, carry the stamp (rule 3).
 */
export function visitStateOf(patch: VisitPatch, hlc: string): RecordState {
  const { id, spaceId, personKind, personId, method, checkInAt, kioskId, cardId, eventId } = patch;
  const hasCheckIn =
    personKind !== undefined &&
    personId !== undefined &&
    method !== undefined &&
    checkInAt !== undefined &&
    kioskId !== undefined;
  const checkIn: VisitCheckIn | undefined = hasCheckIn
    ? {
        personKind,
        personId,
        method,
        checkInAt,
        kioskId,
        ...(eventId !== undefined ? { eventId } : {}),
      }
    : undefined;
  const checkOut: VisitCheckOut | undefined =
    patch.checkOutAt !== undefined
      ? {
          checkOutAt: patch.checkOutAt,
          ...(patch.checkOutMethod !== undefined ? { checkOutMethod: patch.checkOutMethod } : {}),
        }
      : undefined;
  return {
    kind: 'visit',
    id,
    spaceId,
    ...(checkIn ? { checkIn, checkInHlc: hlc } : {}),
    ...(checkIn && cardId !== undefined ? { card: { cardId, hlc } } : {}),
    ...(checkOut ? { checkOut } : {}),
  };
}

/** The state a profile-like put describes: every field it carries, stamped with `hlc`. */
export function fieldsStateOf(patch: Readonly<Record<string, unknown>>, hlc: string): RecordState {
  const fields: Record<string, FieldStamp> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) fields[key] = { value, hlc };
  }
  return { kind: 'fields', fields };
}

/**
 * The state one already-validated mutation describes: a put's patch (visits by the visit rules,
 * other tables by field), a delete's tombstone, an erasure's tombstone.
 */
export function stateOfMutation(
  table: SyncedTable,
  op: 'put' | 'delete' | 'erase',
  record: unknown,
  hlc: string,
): RecordState {
  if (op === 'delete') return { kind: 'deleted' };
  if (op === 'erase') return { kind: 'erased' };
  if (table === 'visits') return visitStateOf(record as VisitPatch, hlc);
  return fieldsStateOf(record as Record<string, unknown>, hlc);
}

/**
 * The full record a live state stands for, or undefined when the state is a tombstone or still
 * incomplete (a visit whose check-in has not arrived, a profile patch before its creation).
 */
export function materialize(table: SyncedTable, state: RecordState): unknown {
  let candidate: Record<string, unknown>;
  if (state.kind === 'visit') {
    if (!state.checkIn) return undefined;
    candidate = {
      id: state.id,
      spaceId: state.spaceId,
      ...state.checkIn,
      ...(state.card ? { cardId: state.card.cardId } : {}),
      ...state.checkOut,
    };
  } else if (state.kind === 'fields') {
    candidate = {};
    for (const [key, stamp] of Object.entries(state.fields)) {
      if (stamp.value !== null) candidate[key] = stamp.value;
    }
  } else {
    return undefined;
  }
  const parsed = FULL_SCHEMAS[table].safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A visit state with its person and card removed (input unchanged): how the hub keeps a visit as
 * an anonymous count (the retention purge) or as an erased person's open visit on the roster
 * (decision 0019). Any other state is returned as it is.
 */
export function anonymisedVisitState(state: RecordState): RecordState {
  if (state.kind !== 'visit' || !state.checkIn) return state;
  const copy = { ...state, checkIn: anonymised<VisitCheckIn>(state.checkIn) };
  Reflect.deleteProperty(copy, 'card');
  return copy;
}
