import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '#shared/sync/hlc';
import type { RecordState } from '#shared/sync/protocol-merge';
import { hubBulkWrite } from '../sync/hub-bulk-write';
import { agendaEvent } from '../test-support/hub-writes';
import { withRawDb } from '../test-support/raw-db';
import { useStoreFixture } from '../test-support/store-fixture';
import { storeCases } from '../test-support/stores';
import type { HubStore } from './store';

/**
 * Records' states as the stores write them (decision 0054, stored-state.ts), on both databases:
 * one stamp per hub-written record, values where SQL reads them, rows of the earlier form still
 * read and merged, and on SQLite an agenda event kept inside its B-tree page.
 */

const NOW = Date.UTC(2026, 2, 1, 9);
const SPACE = 'co-nnexion-mons';

/** `count` events in three languages with descriptions (≈ 1 100 bytes of state before). */
function events(count: number, title = 'Atelier') {
  return Array.from({ length: count }, (_, i) =>
    agendaEvent({
      id: `evt_${String(i).padStart(32, '0')}`,
      spaceId: SPACE,
      startsAt: NOW + i * 3_600_000,
      title: { fr: `${title} ${i}`, nl: `Workshop ${i}`, en: `Workshop ${i}` },
      description: {
        fr: 'Une matinée pour apprendre à présenter son projet. ',
        nl: 'Een ochtend om je project te leren voorstellen. ',
        en: 'A morning to learn how to present your project. ',
      },
      location: 'Rue de Nimy, 7000 Mons',
      url: 'https://example.org/agenda/atelier',
    }),
  );
}

async function write(store: HubStore, list: ReturnType<typeof events>, now: number) {
  const outcome = await hubBulkWrite(
    store,
    'events',
    list.map((record) => ({ op: 'put' as const, record })),
    now,
    new HybridLogicalClock('hub', () => now),
  );
  expect(outcome.rejected).toEqual([]);
}

describe.each(storeCases())('stored states on $name', (storeCase) => {
  const f = useStoreFixture(storeCase);

  it('stores an event with its stamp once and its values at their paths', async () => {
    await write(f.store, events(1), NOW);
    const id = events(1)[0]?.id ?? '';
    const [row] = await withRawDb(f.db.url, (raw) =>
      raw.query(`SELECT state FROM records WHERE tbl = 'events' AND record_id = '${id}'`),
    );
    const stored = JSON.parse(String(row?.['state'])) as {
      hlc: string;
      fields: Record<string, { value: unknown; hlc?: string }>;
    };
    expect(stored.hlc).toMatch(/-hub$/);
    expect(Object.values(stored.fields).filter((f) => f.hlc !== undefined)).toEqual([]);
    expect(stored.fields['title']?.value).toEqual({
      fr: 'Atelier 0',
      nl: 'Workshop 0',
      en: 'Workshop 0',
    });
    const state = (await f.store.readRecord('events', id))?.state;
    expect(state?.kind === 'fields' && state.fields['title']?.hlc).toBe(stored.hlc);
  });

  it('reads a row of the earlier form, and merges a later put onto it', async () => {
    await write(f.store, events(1), NOW);
    const id = events(1)[0]?.id ?? '';
    const written = (await f.store.readRecord('events', id))?.state as RecordState;
    // The form before decision 0054: every field with its own stamp, none at the state's level.
    const before = JSON.stringify(written).replaceAll("'", "''");
    await withRawDb(
      f.db.url,
      (raw) =>
        raw.exec(
          `UPDATE records SET state = '${before}' WHERE tbl = 'events' AND record_id = '${id}'`,
        ),
      { write: true },
    );
    expect((await f.store.readRecord('events', id))?.state).toEqual(written);

    await write(f.store, events(1, 'Atelier déplacé'), NOW + 60_000);
    const after = (await f.store.readRecord('events', id))?.state;
    if (after?.kind !== 'fields') throw new Error('no live event');
    expect(after.fields['title']?.value).toEqual({
      fr: 'Atelier déplacé 0',
      nl: 'Workshop 0',
      en: 'Workshop 0',
    });
    // Every field now carries the later put's stamp; the old one is gone.
    const stamps = new Set(Object.values(after.fields).map((f) => f.hlc));
    expect(stamps.size).toBe(1);
    expect([...stamps][0]).not.toBe(
      Object.values(written.kind === 'fields' ? written.fields : {})[0]?.hlc,
    );
  });
});

it('keeps each event in its B-tree page of 4 KB on SQLite (no overflow page)', async () => {
  const sqlite = storeCases().find((c) => c.name === 'sqlite');
  if (!sqlite) throw new Error('SQLite is always a store case');
  const db = await sqlite.create();
  // A database made before decision 0060 (4 KiB pages) keeps its page size.
  const made = new Database(db.url.slice('sqlite:'.length));
  made.pragma('page_size = 4096');
  made.pragma('journal_mode = WAL');
  made.close();
  const store = await db.open();
  try {
    await write(store, events(200), NOW);
    const [pages] = await withRawDb(db.url, (raw) =>
      raw.query(
        `SELECT (SELECT page_size FROM pragma_page_size) AS size,
             (SELECT count(*) FROM dbstat WHERE name = 'records' AND pagetype = 'overflow') AS overflow,
             (SELECT max(length(CAST(state AS BLOB))) FROM records WHERE tbl = 'events') AS bytes`,
      ),
    );
    expect(pages).toMatchObject({ size: 4096, overflow: 0 });
    // In the earlier form (a stamp on every field) the same state is over what a 4 KB page
    // keeps in place (≈ 1 000 bytes): each took an overflow page of its own.
    const state = (await store.readRecord('events', events(1)[0]?.id ?? ''))?.state;
    expect(Buffer.byteLength(JSON.stringify(state))).toBeGreaterThan(1_050);
    expect(Number(pages?.['bytes'])).toBeLessThan(800);
  } finally {
    await store.close();
    await db.drop();
  }
});

it('makes a new SQLite database with 8 KiB pages', async () => {
  const sqlite = storeCases().find((c) => c.name === 'sqlite');
  if (!sqlite) throw new Error('SQLite is always a store case');
  const db = await sqlite.create();
  const store = await db.open();
  try {
    await write(store, events(50), NOW);
    const file = new Database(db.url.slice('sqlite:'.length), { readonly: true });
    try {
      expect(file.pragma('page_size', { simple: true })).toBe(8192);
      expect(file.prepare("SELECT count(*) AS n FROM records WHERE tbl = 'events'").get()).toEqual({
        n: 50,
      });
    } finally {
      file.close();
    }
  } finally {
    await store.close();
    await db.drop();
  }
});
