/**
 * The indicators' tables (schema.ts assembles them into `HubDatabase`): visits tallied per hour
 * and origin, and presence per person ordinal, space and local day / month.
 */

/**
 * Live visits per visited space and UTC hour of check-in (migration 13, visit-tallies.ts): what
 * visits per week, busiest hours and stays are summed from.
 */
export interface VisitHoursTable {
  /** The hour's first instant, epoch ms. */
  hour_at: number;
  space: string;
  visits: number;
  /** Visits checked out, not before their check-in, and the sum of their stays (ms). */
  closed: number;
  stay_ms: number;
}

/**
 * Live visits per visited space, UTC hour of check-in and origin of the person (migration 13):
 * `origin` is a member's home space id or `country:XX`; `member` 1 for a member, 0 a visitor.
 */
export interface VisitOriginsTable {
  hour_at: number;
  space: string;
  origin: string;
  member: number;
  visits: number;
}

/** A person key's dense ordinal in its kind (migration 16, presence.ts; decision 0048). */
export interface PersonOrdinalsTable {
  person_key: string;
  /** 1 for a member, 0 for a visitor: each kind has its own ordinals. */
  member: number;
  ordinal: number;
}

/** Each kind's next ordinal (migration 16): ordinals are never reused. */
export interface PersonOrdinalNextTable {
  member: number;
  next_ordinal: number;
}

/**
 * Who had a live visit at a space on a local day (migration 16): bit `ordinal % 32` of block
 * `ordinal / 32`; `day` is the local date's day number since 1970-01-01.
 */
export interface PresenceDaysTable {
  space: string;
  day: number;
  member: number;
  block: number;
  bits: number;
}

/** The same per local month (`month`: the day number of its 1st). */
export interface PresenceMonthsTable {
  space: string;
  month: number;
  member: number;
  block: number;
  bits: number;
}

/**
 * A visitor's first live check-in anywhere (migration 16): its instant, that visit's space, and
 * `tied` 1 when several visits share the instant (their spaces are then read from `records`).
 */
export interface PersonFirstTable {
  person_key: string;
  first_at: number;
  first_space: string | null;
  tied: number;
}
