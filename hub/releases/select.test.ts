import { describe, expect, it } from 'vitest';
import type { PinRow, ReleaseRow, Rollout } from '../store/releases';
import { kioskBucket, reaches, releaseFor, rolloutText } from './select';

const release = (version: string, rollout: Rollout): ReleaseRow => ({
  channel: 'stable',
  version,
  fileName: `coffee-kiosk-${version}.AppImage`,
  sha512: 'x',
  size: 1,
  addedAt: 0,
  rollout,
});
const all: Rollout = { kind: 'percent', percent: 100 };
const pin = (spaceId: string, version: string): PinRow => ({
  spaceId,
  channel: 'stable',
  version,
  pinnedAt: 0,
});
/** The first kiosk ids `kiosk-0`, `kiosk-1`, … whose bucket passes `test`. */
const kioskWhere = (test: (bucket: number) => boolean) => {
  for (let i = 0; ; i++) if (test(kioskBucket(`kiosk-${i}`))) return `kiosk-${i}`;
};

describe('releaseFor', () => {
  const mons = { kioskId: 'kiosk-a', spaceId: 'mons' };

  it('gives the newest release by semver, not by the order added', () => {
    const releases = [release('1.10.0', all), release('1.9.0', all), release('1.2.0', all)];
    expect(releaseFor(releases, [], mons)?.version).toBe('1.10.0');
  });

  it('gives the previous release to a space outside the newest one’s list', () => {
    const releases = [
      release('1.0.0', all),
      release('1.1.0', { kind: 'spaces', spaces: ['lille'] }),
    ];
    expect(releaseFor(releases, [], mons)?.version).toBe('1.0.0');
    expect(releaseFor(releases, [], { kioskId: 'k', spaceId: 'lille' })?.version).toBe('1.1.0');
  });

  it('gives a space its pinned version, older or newer, and ignores other spaces’ pins', () => {
    const releases = [
      release('1.0.0', all),
      release('1.1.0', all),
      release('2.0.0', { kind: 'percent', percent: 0 }),
    ];
    expect(releaseFor(releases, [pin('mons', '1.0.0')], mons)?.version).toBe('1.0.0');
    expect(releaseFor(releases, [pin('mons', '2.0.0')], mons)?.version).toBe('2.0.0');
    expect(releaseFor(releases, [pin('lille', '1.0.0')], mons)?.version).toBe('1.1.0');
  });

  it('gives nothing when no release reaches the kiosk', () => {
    expect(releaseFor([], [], mons)).toBeUndefined();
    expect(
      releaseFor([release('1.0.0', { kind: 'spaces', spaces: [] })], [], mons),
    ).toBeUndefined();
  });

  it('reaches a percentage of kiosks by a stable hash of their id', () => {
    const low = kioskWhere((b) => b < 20);
    const high = kioskWhere((b) => b >= 80);
    const twenty: Rollout = { kind: 'percent', percent: 20 };
    expect(reaches(twenty, { kioskId: low, spaceId: 'mons' })).toBe(true);
    expect(reaches(twenty, { kioskId: high, spaceId: 'mons' })).toBe(false);
    expect(reaches({ kind: 'percent', percent: 100 }, { kioskId: high, spaceId: 'mons' })).toBe(
      true,
    );
    expect(reaches({ kind: 'percent', percent: 0 }, { kioskId: low, spaceId: 'mons' })).toBe(false);
    expect(kioskBucket(low)).toBe(kioskBucket(low));
  });

  it('spreads kiosks over the buckets: a 30 % rollout reaches about 30 % of 2000 kiosks', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `mons-desk-${i}`);
    const reached = ids.filter((id) => kioskBucket(id) < 30).length;
    expect(reached).toBeGreaterThan(2000 * 0.26);
    expect(reached).toBeLessThan(2000 * 0.34);
    for (const id of ids) expect(kioskBucket(id)).toBeGreaterThanOrEqual(0);
    for (const id of ids) expect(kioskBucket(id)).toBeLessThan(100);
  });

  it('reads rollouts for the list', () => {
    expect(rolloutText({ kind: 'spaces', spaces: ['a', 'b'] })).toBe('spaces a,b');
    expect(rolloutText({ kind: 'percent', percent: 25 })).toBe('25 %');
  });
});
