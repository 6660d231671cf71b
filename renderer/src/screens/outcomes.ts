import type { BadgeOutcome } from '../lib/badge';

/** A badge outcome that greets a member (checked in, checked out, or a repeat within hold-off). */
export type Greeting = Extract<BadgeOutcome, { kind: 'checked-in' | 'checked-out' | 'repeat' }>;

/** Narrows an outcome to a greeting; false for unknown and inactive cards. */
export function isGreeting(outcome: BadgeOutcome | null): outcome is Greeting {
  return (
    outcome !== null &&
    (outcome.kind === 'checked-in' || outcome.kind === 'checked-out' || outcome.kind === 'repeat')
  );
}
