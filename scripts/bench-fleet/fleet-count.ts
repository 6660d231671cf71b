import type { FleetPlan } from './fleet-data';
import { keyOf, type FleetKiosk } from './fleet-kiosk';
import { hubHoldings } from './hub-count';
import { sumTallies, tally, type Tally } from './tally';

/** Every record of the night counted at the hub and at each kiosk. */
export interface NightCount extends Tally {
  readonly kiosks: number;
  /** Records written in the night (by every kiosk). */
  readonly records: number;
  readonly hub: Tally;
  readonly atKiosks: Tally;
  /** One line for the report. */
  readonly summary: string;
}

/**
 * Counts, after the night: at the hub, every change-log entry of visits and visitors against
 * what the kiosks wrote (a record written but without a live row counts as lost too); at each
 * kiosk, every copy its pulls delivered against what its space's other kiosks wrote, a copy of
 * its own writes being a duplicate. Rejects when the hub database cannot be read, or when a
 * kiosk was left with unsent writes, saw a delete, erasure or reset, or misses part of the
 * snapshot (a space or a member): the night makes none of those.
 */
export async function countNight(
  plan: FleetPlan,
  kiosks: readonly FleetKiosk[],
  dbUrl: string,
): Promise<NightCount> {
  const written = new Map<string, unknown>();
  const byKiosk = new Map<string, Map<string, unknown>>();
  for (const k of plan.kiosks) {
    const own = new Map(k.records.map((r) => [keyOf(r.table, r.record.id), r.record as unknown]));
    byKiosk.set(k.kioskId, own);
    for (const [key, record] of own) written.set(key, record);
  }
  const snapshot = [
    ...plan.spaceIds.map((id) => keyOf('spaces', id)),
    ...plan.memberIds.map((id) => keyOf('members', id)),
  ];
  const atKiosks: Tally[] = [];
  for (const kiosk of kiosks) {
    const { kioskId, peers } = kiosk.plan;
    const problems = [
      ...kiosk.surprises,
      ...(kiosk.pending > 0 ? [`${kiosk.pending} writes never acknowledged`] : []),
      ...snapshot.filter((key) => !kiosk.held.has(key)).map((key) => `${key} missing`),
    ];
    if (problems.length > 0) throw new Error(`${kioskId}: ${problems.slice(0, 5).join('; ')}`);
    const expected = new Map(peers.flatMap((p) => [...(byKiosk.get(p) ?? [])]));
    atKiosks.push(tally(expected, kiosk.deliveries, kiosk.own));
  }
  const holdings = await hubHoldings(dbUrl);
  // A log entry of a written record whose row is gone does not count as holding it.
  const held = holdings.entries.filter(([key]) => holdings.rows.has(key) || !written.has(key));
  const hub = tally(written, held);
  const rowless = [...written.keys()].filter((key) => !holdings.rows.has(key)).length;
  const kiosksTally = sumTallies(atKiosks);
  const total = sumTallies([hub, kiosksTally]);
  const line = (t: Tally): string =>
    `${t.lost} lost (${t.altered} altered), ${t.duplicated} duplicated, ${t.unexpected} unexpected`;
  return {
    ...total,
    kiosks: kiosks.length,
    records: written.size,
    hub,
    atKiosks: kiosksTally,
    summary: `at the hub ${line(hub)} (${holdings.entries.length} log entries, ${rowless} rows missing); at the kiosks ${line(kiosksTally)}`,
  };
}
