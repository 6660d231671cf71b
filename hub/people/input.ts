import { z } from 'zod';
import type { Member, Space, Visitor } from '#shared/domain/types';
import type { Result } from '#shared/result';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import { materialize } from '#shared/sync/protocol-merge';
import { HttpError } from '../http/errors';
import type { HubStore } from '../store/store';

/**
 * What every people-and-places route does with its input and its records: validate with zod
 * into a 400 that names the fields at fault (never their values), and read a live record or
 * answer 404.
 */

/** The `:id` of a route, a record id. */
export const IdParams = z.strictObject({ id: RecordIdSchema });

/** The console's one input reader (400 `malformed` naming the fields at fault). */
export { parseInput } from '../console-api/input';

/** The records the console reads whole, by table. */
export interface PeopleRecords {
  readonly spaces: Space;
  readonly members: Member;
  readonly visitors: Visitor;
}

/**
 * The live record `id` of `table` as kiosks would pull it, with its owner space. Throws
 * HttpError 404 `not-found` when the hub holds none (never held, deleted or erased).
 */
export async function liveRecord<K extends keyof PeopleRecords>(
  store: HubStore,
  table: K,
  id: string,
): Promise<{ record: PeopleRecords[K]; ownerSpace: string | null }> {
  const row = await store.readRecord(table, id);
  const record = row ? (materialize(table, row.state) as PeopleRecords[K] | undefined) : undefined;
  if (row === undefined || record === undefined) {
    throw new HttpError(404, 'not-found', `No ${table.replace(/s$/, '')} ${id} on this hub.`);
  }
  return { record, ownerSpace: row.ownerSpace };
}

/** The value of `result`, or HttpError 400 carrying its code, message and details. */
export function orRefuse<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new HttpError(400, result.error.code, result.error.message, result.error.details);
}
