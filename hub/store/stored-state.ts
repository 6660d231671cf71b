import type { FieldStamp, RecordState } from '#shared/sync/protocol-merge';

/**
 * How a record's merge state is written in `records.state` (decision 0054). A `fields` state
 * names its stamp once: the stamp most of its fields carry goes to the state's own `hlc`, and
 * only the fields stamped otherwise keep theirs:
 *
 *   {"kind":"fields","hlc":"<stamp>","fields":{"title":{"value":…},"url":{"value":…,"hlc":"<other>"}}}
 *
 * A record written in one put (every hub-written record: an agenda occurrence, an imported
 * member) then stores no stamp per field: an agenda event's state fell from ≈ 1 100 bytes, over
 * what a 4 KB page of a WITHOUT ROWID table keeps in place (so each took an overflow page of its
 * own), to ≈ 500. The path of each value (`$.fields.<name>.value`), which attendance and the
 * indicators read in SQL, is the same in both forms; a state written before this form (every
 * field with its own `hlc`, no state-level one) reads as it always did. Visit states and
 * tombstones are written as they are.
 */

/** A stored `fields` state: the shared stamp once, each field with its own only if it differs. */
interface StoredFields {
  readonly kind: 'fields';
  readonly hlc?: string;
  readonly fields: Readonly<Record<string, { readonly value?: unknown; readonly hlc?: string }>>;
}

/** The stamp most fields carry (the first such in field order on a tie); undefined if none. */
function commonStamp(fields: Readonly<Record<string, FieldStamp>>): string | undefined {
  // Most states were written by one put: every field has the first one's stamp (no counting).
  let first: string | undefined;
  let isOne = true;
  for (const key in fields) {
    const stamp = fields[key]?.hlc;
    if (first === undefined) first = stamp;
    else if (stamp !== first) {
      isOne = false;
      break;
    }
  }
  if (isOne) return first;
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const key in fields) {
    const stamp = fields[key]?.hlc;
    if (stamp === undefined) continue;
    const count = (counts.get(stamp) ?? 0) + 1;
    counts.set(stamp, count);
    if (count > bestCount) {
      best = stamp;
      bestCount = count;
    }
  }
  return best;
}

/** `state` as the text `records.state` holds. */
export function encodeState(state: RecordState): string {
  if (state.kind !== 'fields') return JSON.stringify(state);
  const shared = commonStamp(state.fields);
  if (shared === undefined) return JSON.stringify(state);
  const fields: Record<string, { value: unknown; hlc?: string }> = {};
  for (const key in state.fields) {
    const field = state.fields[key];
    if (field === undefined) continue;
    fields[key] = field.hlc === shared ? { value: field.value } : field;
  }
  return JSON.stringify({ kind: 'fields', hlc: shared, fields });
}

/** The state `text` (either form) stands for. Throws on text that is not JSON. */
export function decodeState(text: string): RecordState {
  const stored = JSON.parse(text) as RecordState | StoredFields;
  if (stored.kind !== 'fields' || !('hlc' in stored) || stored.hlc === undefined) {
    return stored as RecordState;
  }
  const fields: Record<string, FieldStamp> = {};
  for (const key in stored.fields) {
    const field = stored.fields[key];
    if (field === undefined) continue;
    // Built in FieldStamp's own key order, so a decoded state stringifies as the merge's do.
    fields[key] = { value: field.value, hlc: field.hlc ?? stored.hlc };
  }
  return { kind: 'fields', fields };
}
