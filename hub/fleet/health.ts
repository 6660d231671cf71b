import type { OpeningHours } from '#shared/domain/types';
import type { HeartbeatRow } from '../store/fleet-rows';
import type { KioskRow } from '../store/store';
import { openTimeBetween } from './open-time';

/**
 * A kiosk's state by stated rules (decision 0029), pure: the caller passes the clock. In order,
 * the first that holds decides the state; every attention reason that holds is listed.
 * 1. **revoked**: its credential was revoked.
 * 2. **never-seen**: enrolled, no heartbeat yet.
 * 3. **down**: no heartbeat for 30 minutes of its space's opening hours (`Space.openingHours` in
 *    `Space.timezone`; absent hours = always open). A kiosk silent all night is not down before
 *    the space has been open 30 minutes; one that went silent during the day stays down after
 *    closing, until it is heard again.
 * 4. **attention**: its outbox's oldest entry is more than a day old, its clock is more than 2
 *    minutes off the hub's, a reader is disconnected (or in error), or its version is behind the
 *    newest any kiosk of the network reported.
 * 5. **ok**.
 */

export type KioskState = 'ok' | 'attention' | 'down' | 'revoked' | 'never-seen';

/** The thresholds of the rules. */
export const FLEET_RULES = {
  silentMs: 30 * 60_000,
  backlogMs: 24 * 3600_000,
  clockOffsetMs: 2 * 60_000,
} as const;

/** Why a kiosk is in its state: a code and the figures the words need (never a person). */
export type HealthReason =
  | { readonly code: 'revoked'; readonly at: number }
  | { readonly code: 'never-seen' }
  | { readonly code: 'silent'; readonly since: number }
  | { readonly code: 'backlog'; readonly entries: number; readonly oldestAt: number }
  | { readonly code: 'clock-offset'; readonly offsetMs: number }
  | { readonly code: 'reader-disconnected'; readonly reader: string }
  | { readonly code: 'version-behind'; readonly version: string; readonly newest: string };

/** What the health rules read of a space. */
export interface SpaceHours {
  readonly timezone: string;
  readonly openingHours?: OpeningHours;
}

/** One kiosk's health. */
export interface KioskHealth {
  readonly kioskId: string;
  readonly spaceId: string;
  readonly state: KioskState;
  readonly reasons: readonly HealthReason[];
  readonly lastSeenAt: number | null;
  readonly latest: HeartbeatRow | null;
}

/** `x.y.z[-pre]` as numbers, or null for a version that is not semver (never compared). */
function semver(v: string): { parts: number[]; isPre: boolean } | null {
  const m = /^(\d+)\.(\d+)\.(\d+)(-[^+]*)?(?:\+.*)?$/.exec(v);
  if (!m) return null;
  return { parts: [Number(m[1]), Number(m[2]), Number(m[3])], isPre: m[4] !== undefined };
}

/** Negative when `a` is older than `b`; 0 when equal or when either is not semver. */
export function compareVersions(a: string, b: string): number {
  const x = semver(a);
  const y = semver(b);
  if (!x || !y) return 0;
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  // A pre-release comes before its release (1.2.0-rc.1 < 1.2.0).
  return (x.isPre ? 0 : 1) - (y.isPre ? 0 : 1);
}

/** The newest semver version among `versions`, or null. */
export function newestVersion(versions: readonly string[]): string | null {
  let newest: string | null = null;
  for (const v of versions) {
    if (semver(v) && (newest === null || compareVersions(v, newest) > 0)) newest = v;
  }
  return newest;
}

/**
 * The health of `kiosk` at `now`, from its `latest` heartbeat, its space's hours (undefined:
 * unknown space, read as always open in UTC) and the network's newest version. Never throws for
 * data the hub stored (zones and hours are validated when written).
 */
export function kioskHealth(
  kiosk: KioskRow,
  latest: HeartbeatRow | undefined,
  space: SpaceHours | undefined,
  newest: string | null,
  now: number,
): KioskHealth {
  const base = { kioskId: kiosk.kioskId, spaceId: kiosk.spaceId, latest: latest ?? null };
  const lastSeenAt = latest?.receivedAt ?? null;
  if (kiosk.revokedAt !== null) {
    return {
      ...base,
      lastSeenAt,
      state: 'revoked',
      reasons: [{ code: 'revoked', at: kiosk.revokedAt }],
    };
  }
  if (latest === undefined) {
    return { ...base, lastSeenAt, state: 'never-seen', reasons: [{ code: 'never-seen' }] };
  }
  const { silentMs } = FLEET_RULES;
  const zone = space?.timezone ?? 'UTC';
  if (openTimeBetween(latest.receivedAt, now, space?.openingHours, zone, silentMs) >= silentMs) {
    return {
      ...base,
      lastSeenAt,
      state: 'down',
      reasons: [{ code: 'silent', since: latest.receivedAt }],
    };
  }
  const hb = latest.heartbeat;
  const reasons: HealthReason[] = [];
  if (hb.outboxOldestAt !== null && hb.sentAt - hb.outboxOldestAt > FLEET_RULES.backlogMs) {
    reasons.push({ code: 'backlog', entries: hb.outboxSize, oldestAt: hb.outboxOldestAt });
  }
  if (Math.abs(latest.clockOffsetMs) > FLEET_RULES.clockOffsetMs) {
    reasons.push({ code: 'clock-offset', offsetMs: latest.clockOffsetMs });
  }
  for (const r of hb.readers) {
    if (r.state === 'disconnected' || r.state === 'error') {
      reasons.push({ code: 'reader-disconnected', reader: r.name });
    }
  }
  if (newest !== null && compareVersions(hb.appVersion, newest) < 0) {
    reasons.push({ code: 'version-behind', version: hb.appVersion, newest });
  }
  return { ...base, lastSeenAt, state: reasons.length > 0 ? 'attention' : 'ok', reasons };
}

/**
 * The health of every kiosk in `kiosks` (in their order) at `now`: `latest` is every kiosk's
 * latest heartbeat (FleetStore.latest), `spaces` the hours by space id. The newest version is
 * taken over the latest heartbeats of kiosks that are not revoked.
 */
export function fleetHealth(
  kiosks: readonly KioskRow[],
  latest: readonly HeartbeatRow[],
  spaces: ReadonlyMap<string, SpaceHours>,
  now: number,
): KioskHealth[] {
  const byKiosk = new Map(latest.map((h) => [h.kioskId, h]));
  const live = new Set(kiosks.filter((k) => k.revokedAt === null).map((k) => k.kioskId));
  const newest = newestVersion(
    latest.filter((h) => live.has(h.kioskId)).map((h) => h.heartbeat.appVersion),
  );
  return kiosks.map((k) =>
    kioskHealth(k, byKiosk.get(k.kioskId), spaces.get(k.spaceId), newest, now),
  );
}
