import type { Localised } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';
import type { WallDate } from '#shared/time/wall';
import { addDays, startOfDay, wallDateOf } from '#shared/time/zoned';
import type { AttendanceRow } from '../store/attendance';
import type { HubStore } from '../store/store';

/**
 * `events attendance`: attendance per event over a range of dates, as rows a CLI prints or the
 * web console (issue 12) shows. The counting itself is SQL (hub/store/attendance.ts); this file
 * reads the dates, picks the words and lays the table out.
 */

/**
 * The zone report dates are read in. Every space of the network (Belgium, northern France) keeps
 * Central European time with the same daylight-saving changes, so this is each event's local date.
 */
export const REPORT_ZONE = 'Europe/Brussels';

/** Without `--from`, the report starts this many days before today. */
export const DEFAULT_REPORT_DAYS = 30;

/** One event of the report, in the shape `--json` prints (one object per line). */
export interface AttendanceLine {
  eventId: string;
  spaceId: string;
  /** The event's local start date, YYYY-MM-DD (REPORT_ZONE). */
  date: string;
  /** Its start, ISO 8601 UTC. */
  startsAt: string;
  title: string;
  status: string;
  attendees: number;
  firstTime: number;
  crossBorder: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD`, or an error naming the option. */
function readDate(option: string, text: string): Result<WallDate> {
  const m = DATE.exec(text);
  if (m) {
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    try {
      startOfDay(date, REPORT_ZONE);
      return ok(date);
    } catch {
      // Not a day of the calendar (2026-02-30): reported below.
    }
  }
  return err({ code: 'date-invalid', message: `${option} must be a date YYYY-MM-DD, got ${text}` });
}

function isoDate(d: WallDate): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** The title a report shows: English, French or Dutch, whichever the event has first. */
function reportTitle(title: Localised): string {
  return title.en ?? title.fr ?? title.nl ?? '';
}

/**
 * The attendance of every event (not deleted; cancelled ones marked) starting from `from` to `to`
 * inclusive, local dates in REPORT_ZONE; `from` defaults to DEFAULT_REPORT_DAYS before today and
 * `to` to today (at `now`). Resolves `date-invalid` for a date that is not one, or a `from` after
 * `to`; rejects on database errors.
 */
export async function eventAttendance(
  store: HubStore,
  range: { from?: string | undefined; to?: string | undefined },
  now: number,
): Promise<Result<AttendanceLine[]>> {
  const today = wallDateOf(now, REPORT_ZONE);
  const from =
    range.from === undefined
      ? ok(addDays(today, -DEFAULT_REPORT_DAYS))
      : readDate('--from', range.from);
  if (!from.ok) return from;
  const to = range.to === undefined ? ok(today) : readDate('--to', range.to);
  if (!to.ok) return to;
  const fromMs = startOfDay(from.value, REPORT_ZONE);
  const toMs = startOfDay(addDays(to.value, 1), REPORT_ZONE);
  if (fromMs >= toMs) {
    return err({
      code: 'date-invalid',
      message: `--from ${isoDate(from.value)} is after --to ${isoDate(to.value)}`,
    });
  }
  const rows = await store.attendance({ fromMs, toMs });
  return ok(rows.map(toLine));
}

function toLine(r: AttendanceRow): AttendanceLine {
  return {
    eventId: r.eventId,
    spaceId: r.spaceId,
    date: isoDate(wallDateOf(r.startsAt, REPORT_ZONE)),
    startsAt: new Date(r.startsAt).toISOString(),
    title: reportTitle(r.title),
    status: r.status,
    attendees: r.attendees,
    firstTime: r.firstTime,
    crossBorder: r.crossBorder,
  };
}

const HEADERS = ['EVENT', 'SPACE', 'DATE', 'ATTENDEES', 'FIRST-TIME', 'CROSS-BORDER'] as const;

/** Titles longer than this are cut with an ellipsis, so the table stays readable. */
const TITLE_WIDTH = 40;

/**
 * The lines `events attendance` prints: a header and one aligned row per event (numbers right
 * aligned), or one sentence when no event starts in the range.
 */
export function attendanceTable(lines: readonly AttendanceLine[]): string[] {
  if (lines.length === 0) return ['No event in these dates.'];
  const rows = lines.map((l) => {
    const shown = l.status === 'cancelled' ? `${l.title} (cancelled)` : l.title;
    const title = shown.length > TITLE_WIDTH ? `${shown.slice(0, TITLE_WIDTH - 1)}…` : shown;
    return [
      title,
      l.spaceId,
      l.date,
      String(l.attendees),
      String(l.firstTime),
      String(l.crossBorder),
    ];
  });
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), ...rows.map(line)];
}
