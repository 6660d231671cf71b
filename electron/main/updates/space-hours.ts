import type { PullResponse } from '#shared/sync/protocol';
import { SpaceSchema } from '#shared/sync/protocol-records';
import type { QuietHours } from './quiet-hours';

/**
 * The kiosk's space's hours as a pull page brings them (main relays every pull page between the
 * hub and the renderer, so it sees the space's record go by): the last valid `put` of
 * `spaceId` in `page`, read with the protocol's own schema, as QuietHours. Undefined when the
 * page does not carry that space (keep the hours known before). Pure.
 */
export function quietHoursFromPull(
  page: PullResponse,
  spaceId: string,
  fallbackWindow: string,
): QuietHours | undefined {
  let found: QuietHours | undefined;
  for (const change of page.changes) {
    if (change.table !== 'spaces' || change.recordId !== spaceId || change.op !== 'put') continue;
    const space = SpaceSchema.safeParse(change.record);
    if (!space.success) continue;
    found = { hours: space.data.openingHours, zone: space.data.timezone, fallbackWindow };
  }
  return found;
}
