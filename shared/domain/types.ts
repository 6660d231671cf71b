/**
 * The records of docs/architecture.md, "Data",, defined once for the kiosk (Dexie) and the hub.
 * Times are epoch milliseconds (UTC); ids are strings (UUIDs for locally made records).
 */

export const LANGS = ['fr', 'nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface Space {
  id: string;
  name: string;
  city: string;
  /** ISO 3166-1 alpha-2: BE, FR. */
  country: string;
  /** IANA time zone, e.g. Europe/Brussels. */
  timezone: string;
  languages: Lang[];
  /** Days a visitor's personal data is kept after their last visit ends; absent = 30. */
  retentionDays?: number;
  /**
   * Daily closing, wall time "HH:MM" in `timezone`: open visitor visits are checked out then. When
   * absent, the kiosk's own configuration (if any) decides.
   */
  closingTime?: string;
  /** Weekly opening hours in `timezone`; absent = not stated (treated as always open). */
  openingHours?: OpeningHours;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening span of a day, wall times "HH:MM" (`to` after `from`; "24:00" ends the day). */
export interface OpeningSpan {
  from: string;
  to: string;
}

/** Per weekday, the day's opening spans (none listed, or an empty list: closed that day). */
export type OpeningHours = Partial<Record<Weekday, OpeningSpan[]>>;

export interface Member {
  id: string;
  displayName: string;
  homeSpaceId: string;
  /** Canonical card ids as enrolled (see shared/card). */
  cardIds: string[];
  /** Every derived form of every card, for lookup whatever form a reader yields (indexed). */
  cardKeys: string[];
  preferredLang?: Lang;
  isActive: boolean;
  updatedAt: number;
}

export interface Visitor {
  id: string;
  firstName: string;
  lastName: string;
  company?: string;
  email?: string;
  phone?: string;
  country?: string;
  preferredLang: Lang;
  consentAt: number;
  consentVersion: string;
  /**
   * Set at registration (consent + the default retention); informational. The purge follows
   * shared/visitor/retention.ts: the last visit's end plus the space's retention.
   */
  retainUntil: number;
  updatedAt: number;
}

export type PersonKind = 'member' | 'visitor';
export type CheckMethod = 'wedge' | 'serial' | 'hid' | 'host';

export interface Visit {
  id: string;
  spaceId: string;
  personKind: PersonKind;
  personId: string;
  /** Canonical card id used for the check-in, when a card was used. */
  cardId?: string;
  method: CheckMethod;
  checkInAt: number;
  checkOutAt?: number;
  checkOutMethod?: CheckMethod | 'auto';
  eventId?: string;
  kioskId: string;
}

/** Words in the languages a feed or an editor gave (at least one of them). */
export type Localised = Partial<Record<Lang, string>>;

/** An occurrence's state, as iCalendar's STATUS says it. */
export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/**
 * One occurrence of an agenda event (a single event, or one instance of a recurring series),
 * made by the hub from a space's iCalendar feed or by an editor, and pulled by every kiosk
 * (hub-owned, never pushed). A kiosk shows the visitor's language from `title`/`description`
 * and falls back visibly to another one.
 */
export interface AgendaEvent {
  /** Stable per occurrence: derived by the hub from the feed, the series UID and recurrenceId. */
  id: string;
  /** The space that holds it. */
  spaceId: string;
  /** The iCalendar UID of the series: the same in every language of the published agenda. */
  uid: string;
  /** The occurrence's original start (RECURRENCE-ID): ISO 8601 UTC, or YYYY-MM-DD when all-day. */
  recurrenceId?: string;
  /** Epoch ms; for an all-day event, the start of `startDate` in the space's zone. */
  startsAt: number;
  /** Epoch ms, after `startsAt`; for an all-day event, the start of `endDate` in the space's zone. */
  endsAt: number;
  allDay: boolean;
  /** All-day only: the first local date, YYYY-MM-DD. */
  startDate?: string;
  /** All-day only: the local date after the last one (exclusive, as DTEND), YYYY-MM-DD. */
  endDate?: string;
  /** The IANA zone the event's times are given in; absent for floating times (the space's zone). */
  timeZone?: string;
  /** The language the event is held in, when known. */
  lang?: Lang;
  title: Localised;
  /** Plain text (HTML is stripped at the hub). */
  description?: Localised;
  location?: string;
  /** The event's page: http or https only. */
  url?: string;
  status: EventStatus;
  updatedAt: number;
}

export type SyncedTable = 'spaces' | 'members' | 'visitors' | 'visits' | 'events';
/** `erase` (people only): the host erased the person here; the hub carries it to every kiosk. */
export type MutationOp = 'put' | 'delete' | 'erase';

/** One local change waiting for the hub; written in the same transaction as the change itself. */
export interface OutboxEntry {
  /** Local insertion order (auto-increment). */
  seq?: number;
  mutationId: string;
  table: SyncedTable;
  op: MutationOp;
  recordId: string;
  record?: unknown;
  /** Hybrid logical clock stamp of the change (shared/sync/hlc). */
  hlc: string;
  createdAt: number;
}

export interface SyncStateRow {
  key: string;
  value: unknown;
}

/** What every reader (serial, HID, wedge) yields; the badge flow knows no more. */
export type CardSource = 'wedge' | 'serial' | 'hid';
export interface CardRead {
  cardId: string;
  /** The frame or input format that carried the id (e.g. 'wedge-dec10', 'rdm6300'). */
  format: string;
  source: CardSource;
  /** Epoch ms at which the read completed. */
  at: number;
}
