/** One VEVENT for `icsFeed`: local times in Europe/Brussels as `YYYYMMDDTHHMMSS`. */
export interface IcsEvent {
  readonly uid: string;
  readonly start: string;
  readonly end: string;
  readonly summary: string;
  readonly lang?: string;
  readonly rrule?: string;
  readonly recurrenceId?: string;
  readonly status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  readonly description?: string;
}

/**
 * An iCalendar feed of `events` with CRLF line ends, times in Europe/Brussels (a known TZID, no
 * VTIMEZONE, as many exports write them). For tests; values are written as given (no escaping).
 */
export function icsFeed(events: readonly IcsEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//COFFEE Kiosk tests//feeds//EN'];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      'DTSTAMP:20260101T000000Z',
      ...(e.recurrenceId ? [`RECURRENCE-ID;TZID=Europe/Brussels:${e.recurrenceId}`] : []),
      `DTSTART;TZID=Europe/Brussels:${e.start}`,
      `DTEND;TZID=Europe/Brussels:${e.end}`,
      ...(e.rrule ? [`RRULE:${e.rrule}`] : []),
      `SUMMARY${e.lang ? `;LANGUAGE=${e.lang}` : ''}:${e.summary}`,
      ...(e.description ? [`DESCRIPTION:${e.description}`] : []),
      ...(e.status ? [`STATUS:${e.status}`] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
