import { AgendaEventSchema } from '#shared/sync/protocol-records';

/**
 * A put of a record that has no row yet, handed to hubBulkWrite as the two texts its rows hold
 * (decision 0061): the record as the change log keeps it, and its fields as `records.state`
 * keeps them (stored-state.ts), the stamp left out. A feed import's worker thread makes them
 * beside the record's checks (hub/agenda/feed-worker.ts), so main, which writes, neither clones
 * a record object across threads nor builds and encodes a state per occurrence: on a first
 * import that was most of main's work besides SQLite. hubBulkWrite writes the texts as they are
 * when the store has no row of the record; otherwise it reads the record back from its text and
 * takes the usual path (merge, tombstones).
 */

/** The tables only the hub writes. */
export type HubOwnedTable = 'events';

/** A put as texts, made by encodePut alone. */
export interface EncodedPut {
  readonly op: 'put';
  readonly recordId: string;
  /** `JSON.stringify` of the checked record: the change log's `record`. */
  readonly recordText: string;
  /** The state's `fields` as stored-state.ts writes a state one put made: `{"<key>":{"value":…},…}`. */
  readonly fieldsText: string;
  readonly isEncoded: true;
}

/**
 * The fields a full record of each hub-owned table must carry (its schema refuses it without
 * them). Its schema has no check across fields, so a patch with all of them passes it.
 */
const REQUIRED: Readonly<Record<HubOwnedTable, readonly string[]>> = {
  events: Object.entries(AgendaEventSchema.shape).flatMap(([key, field]) =>
    field.safeParse(undefined).success ? [] : [key],
  ),
};

/**
 * Whether a validated put's record is a whole record: every required field there and none
 * cleared (it then passed the full schema's field checks already: a patch field is the full
 * field made optional). A put that finds no row then stands for exactly its record.
 */
export function isWholeRecord(
  table: HubOwnedTable,
  record: Readonly<Record<string, unknown>>,
): boolean {
  for (const key of REQUIRED[table]) if (record[key] === undefined) return false;
  for (const key in record) if (record[key] === null) return false;
  return true;
}

/** Keys as JSON texts: a checked record's keys are its schema's, so the map stays small. */
const keyTexts = new Map<string, string>();

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (keyTexts.size < 200) keyTexts.set(key, text);
  }
  return text;
}

/**
 * The put of `record` as texts, or undefined when it is not a whole record (hubBulkWrite then
 * needs the record itself). `record` must have passed `checkPutRecord` for `table` (JSON values
 * only, its id checked); never encode unchecked input. Both texts are made in one pass, each
 * value serialised once: the record's is `JSON.stringify(record)`, the fields' what
 * encodeState makes of a state one put stamped, minus the stamp (both pinned by
 * encoded-put.test.ts).
 */
export function encodePut(
  table: HubOwnedTable,
  record: Readonly<Record<string, unknown>> & { readonly id: string },
): EncodedPut | undefined {
  if (!isWholeRecord(table, record)) return undefined;
  // Pieces joined once: a text grown by `+=` is a rope, slow to copy to main thread.
  const recordText = ['{'];
  const fieldsText = ['{'];
  for (const key of Object.keys(record)) {
    const value = JSON.stringify(record[key]) as string | undefined;
    // What JSON.stringify leaves out of an object (undefined; a checked record has no other).
    if (value === undefined) continue;
    const name = keyText(key);
    recordText.push(name, ':', value, ',');
    fieldsText.push(name, ':{"value":', value, '}', ',');
  }
  // The last comma closes the object instead (a whole record has fields).
  recordText[recordText.length - 1] = '}';
  fieldsText[fieldsText.length - 1] = '}';
  return {
    op: 'put',
    recordId: record.id,
    recordText: recordText.join(''),
    fieldsText: fieldsText.join(''),
    isEncoded: true,
  };
}

/** The `records.state` text of an encoded put stamped `hlc`: a `fields` state of one stamp. */
export function stateTextOf(put: EncodedPut, hlc: string): string {
  return `{"kind":"fields","hlc":${JSON.stringify(hlc)},"fields":${put.fieldsText}}`;
}

/** The record an encoded put stands for, read back from its text. */
export function recordOf(put: EncodedPut): Readonly<Record<string, unknown>> & { id: string } {
  return JSON.parse(put.recordText) as Readonly<Record<string, unknown>> & { id: string };
}
