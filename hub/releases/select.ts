import { createHash } from 'node:crypto';
import { rcompare } from 'semver';
import type { PinRow, ReleaseRow, Rollout } from '../store/releases';

/** The kiosk asking for its update. */
export interface UpdateAsker {
  readonly kioskId: string;
  readonly spaceId: string;
}

/**
 * The kiosk's bucket, 0–99: the first 32 bits of SHA-256 of its id, modulo 100. Stable across
 * releases and hubs, so raising a rollout's percentage only ever adds kiosks, and a kiosk is
 * never in a 20 % rollout without being in every wider one.
 */
export function kioskBucket(kioskId: string): number {
  return createHash('sha256').update(kioskId, 'utf8').digest().readUInt32BE(0) % 100;
}

/** Whether `rollout` reaches the kiosk. */
export function reaches(rollout: Rollout, asker: UpdateAsker): boolean {
  return rollout.kind === 'spaces'
    ? rollout.spaces.includes(asker.spaceId)
    : kioskBucket(asker.kioskId) < rollout.percent;
}

/**
 * The release of one channel that applies to the kiosk: its space's pinned version when the space
 * has one, else the newest (semver) release whose rollout reaches it — so a kiosk outside the
 * newest rollout keeps getting the previous one. Undefined when none applies. Pure.
 */
export function releaseFor(
  releases: readonly ReleaseRow[],
  pins: readonly PinRow[],
  asker: UpdateAsker,
): ReleaseRow | undefined {
  const pin = pins.find((p) => p.spaceId === asker.spaceId);
  if (pin !== undefined) {
    const pinned = releases.find((r) => r.version === pin.version);
    if (pinned !== undefined) return pinned;
  }
  return [...releases]
    .sort((a, b) => rcompare(a.version, b.version))
    .find((r) => reaches(r.rollout, asker));
}

/** How a rollout reads in `release list`: `spaces a,b` or `42 %`. */
export function rolloutText(rollout: Rollout): string {
  return rollout.kind === 'spaces'
    ? `spaces ${rollout.spaces.join(',') || '(none)'}`
    : `${rollout.percent} %`;
}
