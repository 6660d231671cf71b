import type { AgendaEvent, Space } from '#shared/domain/types';
import type { Result } from '#shared/result';
import { toWall } from '#shared/time/zoned';
import { textTable } from '../admin/table';
import type { FeedRow } from '../store/agenda-rows';
import type { FeedImport } from './feed-import';

/**
 * What the agenda's CLI commands print: tables with aligned columns, one sentence when there is
 * nothing to list, and one line per feed import. A feed's words are untrusted: control
 * characters are removed before they reach a terminal.
 */

/** `text` without control characters (a feed could carry terminal escape sequences). */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** An instant as `YYYY-MM-DD HH:MM` UTC, or `-` for none. */
function utc(at: number | null): string {
  return at === null ? '-' : new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** `feeds list`: id, space, URL (or the upload), last success, last error (with its time). */
export function feedTable(feeds: readonly FeedRow[]): string[] {
  if (feeds.length === 0) {
    return ['No feed yet: add one with feeds add --space <spaceId> <url>, or feeds upload.'];
  }
  return textTable(
    ['FEED', 'SPACE', 'URL', 'LAST OK (UTC)', 'LAST ERROR'],
    feeds.map((f) => [
      f.id,
      f.spaceId,
      f.url ?? '(uploaded file)',
      utc(f.lastOkAt),
      f.lastError === null ? '-' : `${utc(f.lastErrorAt)}: ${f.lastError}`,
    ]),
  );
}

/** One feed's import as `feeds import-now` prints it. */
export function importLine(feed: FeedRow, result: Result<FeedImport>): string {
  const name = `${feed.id} (${feed.spaceId})`;
  if (!result.ok) return `${name}: failed: ${result.error.message}`;
  const r = result.value;
  const skipped = r.skipped.length > 0 ? `, ${r.skipped.length} skipped` : '';
  const fresh = r.isNotModified ? ' (not modified)' : '';
  return `${name}: ${r.imported} imported, ${r.changed} changed, ${r.removed} removed, ${r.unchanged} unchanged${skipped}${fresh}`;
}

/** When an event starts, on the wall clock of its zone (or its space's), with the zone. */
function startOf(event: AgendaEvent, spaces: ReadonlyMap<string, Space>): string {
  if (event.allDay) return `${event.startDate ?? utc(event.startsAt).slice(0, 10)} (all day)`;
  const zone = event.timeZone ?? spaces.get(event.spaceId)?.timezone ?? 'UTC';
  const w = toWall(event.startsAt, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)} ${zone}`;
}

/** `events list`: start, space, status, UID (with its occurrence), the title in each language. */
export function eventTable(
  events: readonly AgendaEvent[],
  spaces: ReadonlyMap<string, Space>,
): string[] {
  if (events.length === 0) return ['No event in that period.'];
  return textTable(
    ['START', 'SPACE', 'STATUS', 'UID', 'TITLE'],
    events.map((e) => [
      startOf(e, spaces),
      e.spaceId,
      e.status,
      printable(e.recurrenceId ? `${e.uid} ${e.recurrenceId}` : e.uid),
      printable(
        Object.entries(e.title)
          .map(([lang, text]) => `${lang}: ${text}`)
          .join(' | '),
      ),
    ]),
  );
}
