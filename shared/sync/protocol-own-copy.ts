import type { ValidMutation } from './protocol-validate';

/**
 * Protocol rule 12, the one decision the hub (hub/sync/push.ts) and the renderer's in-memory hub
 * (renderer/src/lib/sync/testing/memory-hub.ts) share: may the log entry a kiosk's put leaves be
 * skipped in that kiosk database's pulls?
 */

/** Equality of two JSON values (what records are), whatever the order of their keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameJson(x, b[i]))
    );
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  return (
    keys.length === Object.keys(bo).filter((k) => bo[k] !== undefined).length &&
    keys.every((k) => sameJson(ao[k], bo[k]))
  );
}

/**
 * True when the kiosk that pushed the put `m` now holds exactly `record`, the hub's merge after
 * it: the merge equals, field for field, the record the kiosk sent, and the kiosk's copy is that
 * record, because the put created it (`existed` false: no row before it, at the hub or earlier in
 * the batch) or it is a visit, which kiosks always write whole. A profile put carries only the
 * fields its edit wrote (rule 5) while the kiosk may hold more (a field another kiosk cleared
 * meanwhile, say), so a profile edit is always pulled back. Never throws.
 */
export function isOwnCopy(m: ValidMutation, existed: boolean, record: unknown): boolean {
  if (m.op !== 'put') return false;
  if (existed && m.table !== 'visits') return false;
  return sameJson(record, m.record);
}
