import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Visitor } from '#shared/domain/types';
import { ANONYMOUS_PERSON_ID, DAY_MS } from '#shared/visitor/retention';
import type { HubStore } from '../store/store';
import { dumpHubTables } from '../test-support/dump-tables';
import { MONS, NOW, put, stamp, visit } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { addKiosk, importSpacesCsv } from '../admin/admin';
import { hashEnrolmentCode, hashToken } from '../auth/credentials';
import { runCli, type CliIo } from '../cli';
import { memoryLog } from '../log';
import { startTestHub } from '../test-support/http';
import { ForbiddenError, applyPush, type Principal } from './push';
import { purgeExpiredVisitors } from './retention';

const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };
const admin: Principal = { kind: 'admin' };
const CHECK_IN = NOW - 4 * 3600_000;
const LEFT = NOW - 3600_000;
const CARD = '0004340999';

const guest: Visitor = {
  id: 'visitor-7f3a9c',
  firstName: 'Griselda',
  lastName: 'Vanderkerckhove',
  email: 'griselda.vdk@example.org',
  phone: '+32470123456',
  country: 'BE',
  preferredLang: 'fr',
  consentAt: CHECK_IN,
  consentVersion: 'v1',
  retainUntil: CHECK_IN + 30 * DAY_MS,
  updatedAt: CHECK_IN,
};
const TRACES = ['Griselda', 'Vanderkerckhove', 'griselda.vdk', '470123456', CARD];

const space = (retentionDays?: number) => ({
  id: MONS,
  name: 'Co-nnexion',
  city: 'Mons',
  country: 'BE',
  timezone: 'Europe/Brussels',
  languages: ['fr'],
  ...(retentionDays === undefined ? {} : { retentionDays }),
});

describe.each(storeCases())('retention purge on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  const theVisit = visit({
    id: 'visit-guest-1',
    personKind: 'visitor',
    personId: guest.id,
    checkInAt: CHECK_IN,
    method: 'host',
    cardId: CARD,
  });

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    await applyPush(store, admin, [put('spaces', space(), CHECK_IN - 1000, 'hub')], NOW);
    const out = await applyPush(
      store,
      kioskA,
      [
        put('visitors', guest, CHECK_IN),
        put('visits', theVisit, CHECK_IN + 1),
        put('visits', { ...theVisit, checkOutAt: LEFT, checkOutMethod: 'host' as const }, LEFT),
      ],
      NOW,
    );
    expect(out.rejected).toEqual([]);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('keeps the visitor 29 days after their last visit', async () => {
    expect(await purgeExpiredVisitors(store, LEFT + 29 * DAY_MS)).toEqual({
      purged: 0,
      anonymisedVisits: 0,
    });
    expect((await store.readRecord('visitors', guest.id))?.state.kind).toBe('fields');
  });

  it('purges at day 31: no personal data in any table or the change log, the visit counted', async () => {
    expect(await purgeExpiredVisitors(store, LEFT + 31 * DAY_MS)).toEqual({
      purged: 1,
      anonymisedVisits: 1,
    });
    const tables = await dumpHubTables(db.url);
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining(['records', 'changes', 'mutations']),
    );
    for (const [name, rows] of Object.entries(tables)) {
      for (const trace of TRACES) expect(rows, `${trace} in ${name}`).not.toContain(trace);
    }
    expect((await store.readRecord('visitors', guest.id))?.state).toEqual({ kind: 'erased' });
    const kept = await store.readRecord('visits', theVisit.id);
    expect(kept).toMatchObject({ personKey: null, state: { kind: 'visit' } });
    const page = await store.pull(0, 100, MONS);
    expect(page.changes.map((c) => [c.table, c.op, c.recordId])).toEqual([
      ['spaces', 'put', MONS],
      ['visits', 'put', theVisit.id],
      ['visitors', 'erase', guest.id],
    ]);
    expect(page.changes[1]?.record).toEqual({
      ...theVisit,
      personId: ANONYMOUS_PERSON_ID,
      cardId: undefined,
      checkOutAt: LEFT,
      checkOutMethod: 'host',
    });
    // The visitor's id survives only as the tombstone's key and its erase change (rule 7).
    expect(tables['changes']?.split(guest.id).length).toBe(2);
  });

  it('is idempotent and keeps a late push about the visit anonymous', async () => {
    const at = LEFT + 31 * DAY_MS;
    await purgeExpiredVisitors(store, at);
    const stats = await store.stats();
    expect(await purgeExpiredVisitors(store, at)).toEqual({ purged: 0, anonymisedVisits: 0 });
    expect(await store.stats()).toEqual(stats);
    const late = put('visits', { ...theVisit, checkOutAt: LEFT - 60_000 }, LEFT + 5);
    expect((await applyPush(store, kioskA, [late], at)).accepted).toEqual([late.mutationId]);
    for (const [name, rows] of Object.entries(await dumpHubTables(db.url))) {
      for (const trace of TRACES) expect(rows, `${trace} in ${name}`).not.toContain(trace);
      expect(rows.includes(`"personId\\":\\"${guest.id}`), name).toBe(false);
    }
    const row = await store.readRecord('visits', theVisit.id);
    expect(row?.state).toMatchObject({ checkIn: { personId: ANONYMOUS_PERSON_ID } });
  });

  it("accepts a kiosk's erasure of its space's visitor and refuses another space's kiosk", async () => {
    const lille: Principal = { kind: 'kiosk', kioskId: 'kiosk-l', spaceId: 'mutualab-lille' };
    const wipe = { ...put('visitors', guest), op: 'erase' as const, record: undefined };
    const fromLille = { ...wipe, hlc: stamp(NOW - 1000, 0, 'kiosk-l') };
    await expect(applyPush(store, lille, [fromLille], NOW)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await applyPush(store, kioskA, [wipe], NOW)).toEqual({
      accepted: [wipe.mutationId],
      rejected: [],
    });
    for (const [name, rows] of Object.entries(await dumpHubTables(db.url))) {
      for (const trace of TRACES) expect(rows, `${trace} in ${name}`).not.toContain(trace);
    }
    expect((await store.readRecord('visits', theVisit.id))?.state).toEqual({ kind: 'erased' });
  });

  it('runs from the CLI (`purge`) with its injected clock', async () => {
    await store.close();
    const out: string[] = [];
    const at = { now: LEFT + 29 * DAY_MS };
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: {},
      now: () => at.now,
    };
    expect(await runCli(['purge', '--db', db.url], io)).toBe(0);
    at.now = LEFT + 31 * DAY_MS;
    expect(await runCli(['purge', '--db', db.url], io)).toBe(0);
    // No kiosk is enrolled, so none can hold the visitor: the purge's tombstone compacts at once.
    expect(out).toEqual([
      'Purged 0 visitors; 0 visits of theirs kept anonymised.',
      'Compacted 0 erasures; 0 wait for a kiosk to pull them.',
      'Purged 1 visitor; 1 visit of theirs kept anonymised.',
      'Compacted 1 erasure; 0 wait for a kiosk to pull them.',
    ]);
    store = await db.open();
    expect(await store.readRecord('visitors', guest.id)).toBeUndefined();
    expect((await store.readRecord('visits', theVisit.id))?.state.kind).toBe('visit');
  });

  it('runs in a serving hub when it starts, on the hub clock, and stops with it', async () => {
    // An enrolled kiosk that has not pulled yet keeps the tombstone from compacting.
    await addKiosk(store, MONS, NOW).then(({ code }) =>
      store.redeemEnrolment(hashEnrolmentCode(code), 'kiosk-a', hashToken('t'), NOW),
    );
    const log = memoryLog();
    const at = { now: LEFT + 29 * DAY_MS };
    const { hub } = await startTestHub(store, { clock: () => at.now, log, purgeIntervalMs: 20 });
    await expect
      .poll(() => log.lines.filter((l) => l.includes('retention purge')).length)
      .toBeGreaterThan(0);
    expect((await store.readRecord('visitors', guest.id))?.state.kind).toBe('fields');
    at.now = LEFT + 31 * DAY_MS;
    await expect
      .poll(async () => (await store.readRecord('visitors', guest.id))?.state.kind)
      .toBe('erased');
    await hub.close();
    // Each run compacts after purging; the kiosk that has not pulled keeps the tombstone.
    expect(log.lines).toContain('info: erasure compaction');
    expect((await store.readRecord('visitors', guest.id))?.state.kind).toBe('erased');
    const runs = log.lines.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(log.lines.length).toBe(runs);
  });

  it('reads retentionDays from the spaces CSV, refusing a bad one with nothing imported', async () => {
    const head = 'id,name,city,country,timezone,languages,retentionDays\n';
    const bad = await importSpacesCsv(
      store,
      `${head}${MONS},Co,Mons,BE,Europe/Brussels,fr,soon\n`,
      NOW,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'import-invalid' } });
    const good = await importSpacesCsv(
      store,
      `${head}${MONS},Co,Mons,BE,Europe/Brussels,fr,7\n`,
      NOW,
    );
    expect(good).toEqual({ ok: true, value: { imported: 1, delimiter: ',' } });
    expect((await purgeExpiredVisitors(store, LEFT + 6 * DAY_MS)).purged).toBe(0);
    expect((await purgeExpiredVisitors(store, LEFT + 8 * DAY_MS)).purged).toBe(1);
  });

  it("follows the space's retentionDays", async () => {
    await applyPush(store, admin, [put('spaces', space(7), NOW - 10, 'hub')], NOW);
    expect((await purgeExpiredVisitors(store, LEFT + 6 * DAY_MS)).purged).toBe(0);
    expect((await purgeExpiredVisitors(store, LEFT + 8 * DAY_MS)).purged).toBe(1);
  });

  it('counts from the latest activity, an open visit by its check-in', async () => {
    const second = visit({
      personKind: 'visitor',
      personId: guest.id,
      checkInAt: NOW,
      method: 'host',
    });
    await applyPush(store, kioskA, [{ ...put('visits', second), hlc: stamp(NOW) }], NOW);
    expect((await purgeExpiredVisitors(store, LEFT + 30 * DAY_MS + 1800_000)).purged).toBe(0);
    expect(await purgeExpiredVisitors(store, NOW + 31 * DAY_MS)).toEqual({
      purged: 1,
      anonymisedVisits: 2,
    });
  });
});
