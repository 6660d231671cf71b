import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { compactErasures } from '../sync/compaction';
import { applyPush } from '../sync/push';
import { MONS, NOW, member, put, visit } from '../test-support/factories';
import { post, startTestHub } from '../test-support/http';
import {
  LEGACY_ROWS,
  LEGACY_TOKEN,
  LEGACY_UNUSED_CODE,
  writeLegacyHub,
} from '../test-support/legacy-hub';
import { schemaOf, withRawDb } from '../test-support/raw-db';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { HUB_NODE_ARGS, REPO_ROOT } from '../test-support/hub-command';

const migrationsIn = (url: string) =>
  withRawDb(url, async (db) =>
    (await db.query('SELECT version FROM hub_migrations ORDER BY version')).map((r) =>
      Number(r['version']),
    ),
  );

it('numbers the migrations 1, 2, 3, … in order', () => {
  expect(MIGRATIONS.map((m) => m.version)).toEqual(
    Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
  );
});

describe.each(storeCases())('migrations on $name', (storeCase) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await storeCase.create();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('migrates a database of the previous schema in place, and kiosks sync against it', async () => {
    await writeLegacyHub(db.url);
    const store = await db.open();
    const { hub, url } = await startTestHub(store, { clock: () => NOW, pullMarkDelayMs: 0 });
    try {
      expect(await migrationsIn(db.url)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(store.epoch).toBe(LEGACY_ROWS['hub_meta']?.[0]?.['value']);
      // The erased flag is backfilled from the state text: visitor g1 and their visit only.
      const erased = await withRawDb(db.url, (raw) =>
        raw.query('SELECT tbl, record_id FROM records WHERE erased = 1 ORDER BY tbl, record_id'),
      );
      expect(erased).toEqual([
        { tbl: 'visitors', record_id: 'g1' },
        { tbl: 'visits', record_id: 'v-g1' },
      ]);
      expect(await store.stats()).toEqual({ records: 7, changes: 6, verdicts: 8, head: 8 });
      // Each record names its log entry (migration 6), or none: the hub replaces entries by it.
      const named = await withRawDb(db.url, (raw) =>
        raw.query(
          `SELECT r.record_id, r.change_seq AS named, c.seq AS actual FROM records r
             LEFT JOIN changes c ON c.tbl = r.tbl AND c.record_id = r.record_id`,
        ),
      );
      expect(named.filter((r) => r['actual'] !== null)).toHaveLength(6);
      for (const r of named) expect(Number(r['named'] ?? -1)).toBe(Number(r['actual'] ?? -1));
      // Member m1's card keys are indexed (migration 5).
      expect(
        await withRawDb(db.url, (raw) =>
          raw.query('SELECT card_key, member_id FROM card_keys ORDER BY card_key'),
        ),
      ).toEqual(
        ['hex:14008EC793', 'u32:9357203', 'w24:9357203'].map((k) => ({
          card_key: k,
          member_id: 'm1',
        })),
      );

      // kiosk-a's credential still works; a pull from 0 gets the log as the old code wrote it.
      const pull = (cursor: number) =>
        post(
          `${url}/v1/sync/pull`,
          { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor, limit: 100 },
          { token: LEGACY_TOKEN },
        );
      const first = await pull(0);
      expect(first.status).toBe(200);
      expect(first.body['changes']).toEqual(
        (LEGACY_ROWS['changes'] ?? []).map((c) => ({
          seq: c['seq'],
          table: c['tbl'],
          op: c['op'],
          recordId: c['record_id'],
          ...(c['record'] === null ? {} : { record: JSON.parse(String(c['record'])) as unknown }),
        })),
      );
      expect(first.body['cursor']).toBe(8);

      // A replayed legacy mutation keeps its verdict; a new visit and a late check-out of the
      // erased visitor's visit are accepted, the latter without effect.
      const fresh = visit({ id: 'v-new', kioskId: 'kiosk-a' });
      const replay = { ...put('visits', visit({ id: 'v-m1' })), mutationId: 'legacy_3' };
      const late = put('visits', {
        id: 'v-g1',
        spaceId: MONS,
        checkOutAt: NOW - 60_000,
        checkOutMethod: 'host',
      });
      const pushed = await post(
        `${url}/v1/sync/push`,
        {
          type: 'push',
          protocolVersion: PROTOCOL_VERSION,
          kioskId: 'kiosk-a',
          batch: [replay, put('visits', fresh), late],
        },
        { token: LEGACY_TOKEN },
      );
      expect(pushed.body).toMatchObject({
        accepted: ['legacy_3', expect.any(String), late.mutationId],
        rejected: [],
      });
      expect((await store.readRecord('visits', 'v-g1'))?.state).toEqual({ kind: 'erased' });
      const next = await pull(8);
      expect(next.body['changes']).toContainEqual(
        expect.objectContaining({ table: 'visits', recordId: 'v-new', record: fresh }),
      );

      // The unused legacy code enrols a second kiosk.
      const enrolled = await post(`${url}/v1/enrol`, {
        type: 'enrol',
        protocolVersion: PROTOCOL_VERSION,
        code: LEGACY_UNUSED_CODE,
        kioskId: 'kiosk-b',
      });
      expect(enrolled.status).toBe(200);

      // The legacy erasure compacts once both kiosks have pulled past it, through the flag.
      expect(await compactErasures(store)).toEqual({ compacted: 0, waiting: 1 });
      const head = (await store.stats()).head;
      await store.recordPull('kiosk-a', head);
      await store.recordPull('kiosk-b', head);
      expect(await compactErasures(store)).toEqual({ compacted: 1, waiting: 0 });
      expect(await store.readRecord('visitors', 'g1')).toBeUndefined();
      expect(await store.readRecord('visits', 'v-g1')).toBeUndefined();
    } finally {
      await hub.close();
      await store.close();
    }
  });

  it('keeps the first holder of a card two legacy members share; the other is refused until fixed', async () => {
    await writeLegacyHub(db.url);
    // A member m0 imported before the hub refused clashes, with m1's card (same state text).
    await withRawDb(
      db.url,
      async (raw) => {
        const [m1] = await raw.query("SELECT state FROM records WHERE record_id = 'm1'");
        const state = String(m1?.['state']).replaceAll('"m1"', '"m0"').replace("'", "''");
        await raw.exec(
          `INSERT INTO records (tbl, record_id, owner_space, person_key, state) VALUES ('members', 'm0', '${MONS}', NULL, '${state}')`,
        );
      },
      { write: true },
    );
    const store = await db.open();
    try {
      // In id order: m0 keeps the keys; m1, which every kiosk knows, is refused its next write.
      expect(new Set((await store.cardHolders(['hex:14008EC793'])).values())).toEqual(
        new Set(['m0']),
      );
      const rename = () =>
        put(
          'members',
          member({ displayName: 'Camille D.', cardKeys: ['hex:14008EC793'] }),
          NOW,
          'hub',
        );
      expect(await applyPush(store, { kind: 'admin' }, [rename()], NOW)).toMatchObject({
        rejected: [{ code: 'card-clash' }],
      });
      // Taking the card off m0 (or m1) ends it (a new write: the refused one keeps its verdict).
      const fix = put('members', member({ id: 'm0', cardIds: [], cardKeys: [] }), NOW, 'hub');
      expect(await applyPush(store, { kind: 'admin' }, [fix, rename()], NOW)).toMatchObject({
        rejected: [],
      });
    } finally {
      await store.close();
    }
  });

  it('builds a new database with the same tables, columns and indexes as a migrated one', async () => {
    const other = await storeCase.create();
    try {
      await writeLegacyHub(other.url);
      await (await other.open()).close();
      await (await db.open()).close();
      expect(await withRawDb(db.url, schemaOf)).toEqual(await withRawDb(other.url, schemaOf));
    } finally {
      await other.drop();
    }
  });

  it('refuses a database written by a newer hub, changing nothing', async () => {
    await (await db.open()).close();
    await withRawDb(
      db.url,
      (raw) =>
        raw.exec(`INSERT INTO hub_migrations (version, at) VALUES (${SCHEMA_VERSION + 1}, 0)`),
      { write: true },
    );
    await expect(db.open()).rejects.toThrow(/newer than this hub/);
    expect(await migrationsIn(db.url)).toHaveLength(SCHEMA_VERSION + 1);
  });

  it('migrates once when two hub processes open a new database at the same time', async () => {
    const run = () =>
      promisify(execFile)(process.execPath, [...HUB_NODE_ARGS, 'kiosk', 'list', '--db', db.url], {
        cwd: REPO_ROOT,
      });
    await Promise.all([run(), run()]);
    expect(await migrationsIn(db.url)).toEqual(MIGRATIONS.map((m) => m.version));
    const epochs = await withRawDb(db.url, (raw) =>
      raw.query("SELECT value FROM hub_meta WHERE key = 'epoch'"),
    );
    expect(epochs).toHaveLength(1);
  }, 60_000);
});
