import type { KioskHealth } from '../fleet/health';
import { reasonInEnglish } from '../fleet/reason-words';
import type { KioskRow } from '../store/store';
import { textTable } from './table';

/**
 * `kiosk list`'s lines: a header row and one row per kiosk, in columns padded to line up, or one
 * sentence when no kiosk is enrolled (an empty output reads as a failure). The state and its
 * reasons are the console's (hub/fleet/health.ts), in plain English.
 */

const HEADERS = ['KIOSK', 'SPACE', 'STATE', 'LAST SEEN (UTC)', 'PULLED THROUGH', 'WHY'] as const;

const STATE_WORDS: Record<KioskHealth['state'], string> = {
  ok: 'ok',
  attention: 'attention',
  down: 'down',
  revoked: 'revoked',
  'never-seen': 'never seen',
};

/** The lines `kiosk list` prints for `kiosks` (in the order given), with each one's `health`. */
export function kioskTable(kiosks: readonly KioskRow[], health: readonly KioskHealth[]): string[] {
  if (kiosks.length === 0) {
    return ['No kiosk enrolled yet: make an enrolment code with kiosk add --space <spaceId>.'];
  }
  const byId = new Map(health.map((h) => [h.kioskId, h]));
  const rows = kiosks.map((k) => {
    const h = byId.get(k.kioskId);
    return [
      k.kioskId,
      k.spaceId,
      h ? STATE_WORDS[h.state] : '?',
      h?.lastSeenAt == null
        ? '-'
        : new Date(h.lastSeenAt).toISOString().slice(0, 16).replace('T', ' '),
      String(k.pulledThrough),
      (h?.reasons ?? []).map(reasonInEnglish).join('; ') || '-',
    ];
  });
  return textTable(HEADERS, rows);
}
