import type { Space } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import type { HubStore, KioskRow } from '../store/store';
import { fleetHealth, type KioskHealth, type SpaceHours } from './health';

/** The hours of each of `spaceIds` the hub holds (a space it does not hold is left out). */
async function spaceHours(
  store: HubStore,
  spaceIds: Iterable<string>,
): Promise<Map<string, SpaceHours>> {
  const hours = new Map<string, SpaceHours>();
  for (const id of new Set(spaceIds)) {
    const row = await store.readRecord('spaces', id);
    const space = row ? (materialize('spaces', row.state) as Space | undefined) : undefined;
    if (space) {
      hours.set(id, {
        timezone: space.timezone,
        ...(space.openingHours ? { openingHours: space.openingHours } : {}),
      });
    }
  }
  return hours;
}

/**
 * The health of the hub's kiosks at `now` (hub/fleet/health.ts), of the spaces in `spaces` only
 * when given (a space manager's view), in kiosk id order. The newest version is always the
 * network's. Rejects on store errors.
 */
export async function readFleet(
  store: HubStore,
  now: number,
  spaces?: readonly string[],
): Promise<KioskHealth[]> {
  const [kiosks, latest] = await Promise.all([store.listKiosks(), store.fleet.latest()]);
  const hours = await spaceHours(
    store,
    kiosks.map((k) => k.spaceId),
  );
  const all = fleetHealth(kiosks, latest, hours, now);
  return spaces === undefined ? all : all.filter((k) => spaces.includes(k.spaceId));
}

/** One kiosk's health at `now`, or undefined when the hub has no such kiosk. */
export async function readKioskHealth(
  store: HubStore,
  kiosk: KioskRow,
  now: number,
): Promise<KioskHealth | undefined> {
  return (await readFleet(store, now, [kiosk.spaceId])).find((k) => k.kioskId === kiosk.kioskId);
}
