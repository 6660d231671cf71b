import type { KioskRow } from '../store/store';
import { textTable } from './table';

/**
 * `kiosk list`'s lines: a header row and one row per kiosk, in columns padded to line up, or one
 * sentence when no kiosk is enrolled (an empty output reads as a failure).
 */

const HEADERS = ['KIOSK', 'SPACE', 'STATE', 'PULLED THROUGH'] as const;

/** The lines `kiosk list` prints for `kiosks` (in the order given). */
export function kioskTable(kiosks: readonly KioskRow[]): string[] {
  if (kiosks.length === 0) {
    return ['No kiosk enrolled yet: make an enrolment code with kiosk add --space <spaceId>.'];
  }
  const rows = kiosks.map((k) => [
    k.kioskId,
    k.spaceId,
    k.revokedAt === null ? 'active' : `revoked ${new Date(k.revokedAt).toISOString()}`,
    String(k.pulledThrough),
  ]);
  return textTable(HEADERS, rows);
}
