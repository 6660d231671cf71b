import { LANGS } from '#shared/domain/types';
import type { FeedOccurrence } from './expand-feed';
import { utcText } from './feed-values';

/**
 * `feeds check`'s output: one JSON line per occurrence, in the order given (expandFeed's: by
 * start), keys in this order: `{"uid","recurrenceId","start","end","allDay","title","status"}`.
 * `recurrenceId` is null for a single event; `start`/`end` are ISO 8601 UTC to the second
 * (`2026-03-29T07:30:00Z`), or for an all-day event its local dates (end exclusive, as DTEND);
 * `title` is in the event's language, else the first it has (fr, nl, en). What an operator reads
 * to see why a feed looks wrong, and what a test can compare with another implementation.
 */
export function checkLines(occurrences: readonly FeedOccurrence[]): string[] {
  return occurrences.map((o) =>
    JSON.stringify({
      uid: o.uid,
      recurrenceId: o.recurrenceId ?? null,
      start: o.allDay && o.startDate !== undefined ? o.startDate : utcText(o.startsAt),
      end: o.allDay && o.endDate !== undefined ? o.endDate : utcText(o.endsAt),
      allDay: o.allDay,
      title: (o.lang ? o.title[o.lang] : undefined) ?? LANGS.map((l) => o.title[l]).find(Boolean),
      status: o.status,
    }),
  );
}
