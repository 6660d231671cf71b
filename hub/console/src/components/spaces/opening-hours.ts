import { WEEKDAYS, type OpeningHours, type Weekday } from '#shared/domain/types';

/**
 * The opening-hours editor's model and its checks, pure. The form holds every weekday with its
 * spans ("HH:MM" strings, as `<input type="time">` gives them); no span is a closed day. The hub's
 * schema allows four spans a day; "24:00" ends a day (a time input cannot type it, so an end of
 * "00:00" is read as midnight at the end of the day).
 */

/** One span as the form holds it. */
export interface SpanForm {
  from: string;
  to: string;
}

/** Every weekday's spans, in WEEKDAYS order. */
export type HoursForm = Record<Weekday, SpanForm[]>;

/** Why the form cannot be sent, per day (a catalogue key under `spaces.`). */
export interface HoursProblem {
  readonly day: Weekday;
  readonly problem: 'badTime' | 'spanOrder' | 'spanOverlap' | 'tooManySpans';
}

export const MAX_SPANS = 4;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The form for `hours` (null: none stated; every day starts closed). */
export function hoursForm(hours: OpeningHours | null): HoursForm {
  const form = {} as HoursForm;
  for (const day of WEEKDAYS) {
    form[day] = (hours?.[day] ?? []).map((s) => ({
      from: s.from,
      to: s.to === '24:00' ? '00:00' : s.to,
    }));
  }
  return form;
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
/** An end of 00:00 is the end of the day. */
const endMinutes = (t: string) => (t === '00:00' ? 24 * 60 : minutes(t));

/**
 * The opening hours of `form`, spans sorted by start, or the problems that stop it: a time not
 * "HH:MM", a span that does not end after it starts, overlapping spans, more than four spans.
 */
export function readHours(
  form: HoursForm,
): { ok: true; hours: OpeningHours } | { ok: false; problems: HoursProblem[] } {
  const problems: HoursProblem[] = [];
  const hours: OpeningHours = {};
  for (const day of WEEKDAYS) {
    const spans = form[day];
    if (spans.length > MAX_SPANS) problems.push({ day, problem: 'tooManySpans' });
    if (spans.some((s) => !TIME.test(s.from) || !TIME.test(s.to))) {
      problems.push({ day, problem: 'badTime' });
      continue;
    }
    if (spans.some((s) => endMinutes(s.to) <= minutes(s.from))) {
      problems.push({ day, problem: 'spanOrder' });
      continue;
    }
    const sorted = [...spans].sort((a, b) => minutes(a.from) - minutes(b.from));
    if (
      sorted.some((s, i) => i > 0 && minutes(s.from) < endMinutes(sorted[i - 1]?.to ?? '00:01'))
    ) {
      problems.push({ day, problem: 'spanOverlap' });
      continue;
    }
    hours[day] = sorted.map((s) => ({ from: s.from, to: s.to === '00:00' ? '24:00' : s.to }));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, hours };
}
