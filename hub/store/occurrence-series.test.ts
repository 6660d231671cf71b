import { describe, expect, it } from 'vitest';
import { withRawDb, type RawDb } from '../test-support/raw-db';
import { storeCases } from '../test-support/stores';
import { seriesKey } from './agenda-series';
import type { OccurrenceRow } from './agenda-rows';

/**
 * Migration 19 (decision 0060): `agenda_occurrences` is indexed by series key (a hash of the
 * UID) instead of by UID; the rows already there get their key; lookups by UID still find every
 * occurrence of a series, whatever the form of its record ids.
 */

const T = Date.UTC(2026, 3, 1, 9);

function occurrence(eventId: string, uid: string, i: number): OccurrenceRow {
  return {
    eventId,
    feedId: 'feed-1',
    uid,
    recurrenceId: i === 0 ? '' : `2026-04-0${i}T09:00:00Z`,
    spaceId: 'co-nnexion-mons',
    startsAt: T + i * 86_400_000,
    endsAt: T + i * 86_400_000 + 3_600_000,
    digest: `digest-${eventId}`,
    hlc: `00${T}-000000-hub`,
  };
}

/** The names of the indexes on agenda_occurrences. */
async function indexesOf(raw: RawDb): Promise<string[]> {
  const rows =
    raw.kind === 'sqlite'
      ? await raw.query(`SELECT name FROM sqlite_master
          WHERE type = 'index' AND tbl_name = 'agenda_occurrences' AND sql IS NOT NULL`)
      : await raw.query(`SELECT indexname AS name FROM pg_indexes
          WHERE tablename = 'agenda_occurrences' AND indexname <> 'agenda_occurrences_pkey'`);
  return rows.map((r) => String(r['name'])).sort();
}

describe.each(storeCases())('occurrences by series key on $name', (storeCase) => {
  it('are indexed by series key, not by UID, in a new database', async () => {
    const db = await storeCase.create();
    try {
      await (await db.open()).close();
      expect(await withRawDb(db.url, indexesOf)).toEqual([
        'agenda_occurrences_feed',
        'agenda_occurrences_series',
      ]);
    } finally {
      await db.drop();
    }
  });

  it('gives the rows of a database at version 18 their keys, and finds them by UID', async () => {
    const db = await storeCase.create();
    try {
      // A database as version 18 left it, with occurrences of two series in it.
      await (await db.open()).close();
      await withRawDb(
        db.url,
        async (raw) => {
          await raw.exec(`DROP INDEX agenda_occurrences_series;
            ALTER TABLE agenda_occurrences DROP COLUMN series;
            CREATE INDEX agenda_occurrences_uid ON agenda_occurrences (uid);
            DELETE FROM hub_migrations WHERE version = 19`);
          const rows = [
            occurrence('evt_old0', 'weekly@t', 0),
            occurrence('evt_old1', 'weekly@t', 1),
            occurrence('evt_old2', 'weekly@t', 2),
            occurrence('evt_one', 'once@t', 0),
          ];
          for (const r of rows) {
            await raw.exec(`INSERT INTO agenda_occurrences (event_id, feed_id, uid, recurrence_id,
                space_id, starts_at, ends_at, digest, hlc)
              VALUES ('${r.eventId}', '${r.feedId}', '${r.uid}', '${r.recurrenceId}',
                '${r.spaceId}', ${r.startsAt}, ${r.endsAt}, '${r.digest}', '${r.hlc}')`);
          }
        },
        { write: true },
      );
      const store = await db.open();
      try {
        const weekly = await store.agenda.occurrencesOfUid('weekly@t');
        expect(weekly.map((o) => o.eventId)).toEqual(['evt_old0', 'evt_old1', 'evt_old2']);
        expect((await store.agenda.occurrencesOfUid('once@t')).map((o) => o.eventId)).toEqual([
          'evt_one',
        ]);
        // A new occurrence of a series beside the old ones, written as an import writes it.
        await store.agenda.saveOccurrences([occurrence('evt_new3', 'weekly@t', 3)], []);
        expect((await store.agenda.occurrencesOfUid('weekly@t')).map((o) => o.eventId)).toEqual([
          'evt_old0',
          'evt_old1',
          'evt_old2',
          'evt_new3',
        ]);
        expect(await store.agenda.occurrencesOfUid('nobody@t')).toEqual([]);
      } finally {
        await store.close();
      }
      await withRawDb(db.url, async (raw) => {
        const keys = await raw.query(
          'SELECT uid, series FROM agenda_occurrences ORDER BY event_id',
        );
        for (const k of keys) expect(k['series']).toBe(seriesKey(String(k['uid'])));
        expect(keys).toHaveLength(5);
        expect(await indexesOf(raw)).toEqual([
          'agenda_occurrences_feed',
          'agenda_occurrences_series',
        ]);
      });
    } finally {
      await db.drop();
    }
  });
});
