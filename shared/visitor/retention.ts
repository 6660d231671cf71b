/**
 * The GDPR retention rule, shared by the kiosk's purge and the hub's (docs/decisions/0005).
 *
 * A visitor's personal data is kept for the space's `retentionDays` (DEFAULT_RETENTION_DAYS when
 * the space sets none) after their last activity: the end of their latest visit (its check-out, or
 * its check-in when it was never checked out) or their consent, whichever is later. Past that, the
 * visitor record and every local detail go, and their visits stay as anonymous counts: the same
 * visit with `personId` ANONYMOUS_PERSON_ID and no card. Pure functions; nothing here throws.
 */

import { DEFAULT_RETENTION_DAYS } from './walk-in-form';

/** The person id of an anonymised visit: a valid record id that no person ever has. */
export const ANONYMOUS_PERSON_ID = 'anonymous';

export const DAY_MS = 86_400_000;

/** The retention of a space: its own value when it sets a positive one, else the default. */
export function retentionDaysOf(space: { retentionDays?: number } | undefined | null): number {
  const days = space?.retentionDays;
  return typeof days === 'number' && Number.isFinite(days) && days > 0
    ? days
    : DEFAULT_RETENTION_DAYS;
}

/** The instant the visitor was last seen: their consent or the end of their latest visit. */
export function lastActivityAt(
  consentAt: number,
  visits: readonly { checkInAt: number; checkOutAt?: number | undefined }[],
): number {
  let last = consentAt;
  for (const v of visits) last = Math.max(last, v.checkOutAt ?? v.checkInAt);
  return last;
}

/** True when more than `retentionDays` have passed since `lastActivity` at `now`. */
export function isExpired(lastActivity: number, retentionDays: number, now: number): boolean {
  return now - lastActivity > retentionDays * DAY_MS;
}

/** A visit's fields without the person: ANONYMOUS_PERSON_ID and no card (input unchanged). */
export function anonymised<V extends { personId: string; cardId?: string | undefined }>(
  visit: V,
): V {
  const copy = { ...visit, personId: ANONYMOUS_PERSON_ID };
  Reflect.deleteProperty(copy, 'cardId');
  return copy;
}

/**
 * The evacuation roster's exception to an erasure (protocol rule 7, decision 0019): a visit still
 * open when its person is erased is kept, anonymised, so whoever is in the building is still
 * counted until they are checked out (by the host, a closing time or the stale-visit window); a
 * closed visit goes with the person. The hub decides with its merged visit, a kiosk with its own
 * copy, and the hub's puts and deletes then make every kiosk agree.
 */
export function isKeptAtErasure(visit: { checkOutAt?: number | undefined }): boolean {
  return visit.checkOutAt === undefined;
}
