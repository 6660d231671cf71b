import type { Member, Visit } from '../domain/types';

/**
 * The badge flow's rules: what one tap of a card means. Pure; the caller gathers the facts (the
 * member found by shared/card, their open visit and last visit event here) and carries out the
 * decision (greet, store, write the outbox).
 *
 * 1. A card that matches no member is unknown: the kiosk sends the person to the host.
 * 2. A card of an inactive member is refused as inactive, whatever their visits.
 * 3. A tap within `holdOffMs` of the member's last check-in or check-out at this space repeats
 *    the greeting and records nothing, so a card held on the reader or tapped twice counts once.
 *    At exactly `holdOffMs` the hold-off is over. A last event up to `holdOffMs` in the future
 *    (the clock stepped back a little) is also a repeat; one further ahead is ignored, so a clock
 *    set back by hours cannot lock a member out.
 * 4. An open visit younger than `staleVisitHours` is closed: the tap checks out.
 * 5. An open visit as old as `staleVisitHours` or older was forgotten (nobody checks out at
 *    night): the tap checks in anew and names the stale visit, which is left for auto-close.
 * 6. Otherwise the tap checks in.
 * 7. A member whose home space is not this space is greeted as a guest from their home space.
 *
 * An `openVisit` that is not open (has `checkOutAt`) or belongs to another space is not an open
 * visit here and is ignored.
 */
export interface BadgeFacts {
  now: number;
  spaceId: string;
  holdOffMs: number;
  staleVisitHours: number;
  /** null → unknown card. */
  member: Member | null;
  /** The member's latest visit at this space without checkOutAt, if any. */
  openVisit: Visit | null;
  /** Last check-in or check-out time of this member at this space. */
  lastVisitEventAt: number | null;
}

export type BadgeDecision =
  | { kind: 'unknown' }
  | { kind: 'inactive' }
  /** Within hold-off: greet again, record nothing. */
  | { kind: 'repeat'; visit: Visit | null }
  | { kind: 'check-in'; isGuest: boolean; closesStaleVisitId?: string }
  | { kind: 'check-out'; visitId: string; isGuest: boolean };

const HOUR_MS = 3_600_000;

function isWithinHoldOff(now: number, lastEventAt: number | null, holdOffMs: number): boolean {
  if (lastEventAt === null) return false;
  const elapsed = now - lastEventAt;
  return elapsed < holdOffMs && elapsed > -holdOffMs;
}

/**
 * Decides what a tap means, by the numbered rules above. Total: every combination of facts gets
 * a decision; it never throws.
 */
export function decideBadge(f: BadgeFacts): BadgeDecision {
  const { member } = f;
  if (member === null) return { kind: 'unknown' };
  if (!member.isActive) return { kind: 'inactive' };
  const openVisit =
    f.openVisit !== null &&
    f.openVisit.spaceId === f.spaceId &&
    f.openVisit.checkOutAt === undefined
      ? f.openVisit
      : null;
  if (isWithinHoldOff(f.now, f.lastVisitEventAt, f.holdOffMs)) {
    return { kind: 'repeat', visit: openVisit };
  }
  const isGuest = member.homeSpaceId !== f.spaceId;
  if (openVisit === null) return { kind: 'check-in', isGuest };
  if (f.now - openVisit.checkInAt < f.staleVisitHours * HOUR_MS) {
    return { kind: 'check-out', visitId: openVisit.id, isGuest };
  }
  return { kind: 'check-in', isGuest, closesStaleVisitId: openVisit.id };
}
