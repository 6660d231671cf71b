import { isDeepStrictEqual } from 'node:util';
import type { ValidMutation } from '#shared/sync/protocol';
import type { RecordRow } from '../store/store';
import type { Principal } from './push';

/**
 * Protocol rule 12: the origin a change-log entry is tagged with, so the pushing kiosk database's
 * own pulls skip it — or undefined, and everyone receives it.
 *
 * Tagged only when that database now holds exactly `record`, the hub's merge after the put `m`:
 * the push carried an origin, the merge equals field for field the record the kiosk sent, and the
 * kiosk's copy is that record — a creation (`row`, the hub's row before the put, is absent), or a
 * visit, which kiosks always write whole. A profile put carries only the fields its edit wrote
 * (rule 5) while the kiosk may hold more (a field another kiosk cleared meanwhile, say), so a
 * profile edit is always pulled back. Hazard: a client that sends `origin` must store what it
 * pushes; docs/sync-protocol.md says so.
 */
export function ownCopyOrigin(
  principal: Principal,
  origin: string | undefined,
  m: ValidMutation,
  row: RecordRow | undefined,
  record: unknown,
): string | undefined {
  if (origin === undefined || principal.kind !== 'kiosk' || m.op !== 'put') return undefined;
  if (row !== undefined && m.table !== 'visits') return undefined;
  return isDeepStrictEqual(record, m.record) ? origin : undefined;
}
