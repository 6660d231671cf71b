import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import type { KioskDb } from '../db/kiosk-db';
import { applyPullPage } from '../sync/apply-pull';
import { readPullPosition, toMutation } from '../sync/sync-records';
import { aWalkIn, dumpAll, gdprSetUp } from './testing';
import {
  VISITOR_EXPORT_VERSION,
  eraseVisitor,
  exportFileName,
  exportVisitor,
} from './visitor-record';

const T0 = Date.UTC(2025, 2, 4, 9, 0);
const opened: KioskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function registered() {
  const s = await gdprSetUp('visitor-record', T0);
  opened.push(s.db);
  const r = await s.desk.register({
    walkIn: aWalkIn({ purpose: { kind: 'meeting', memberId: 'm-ada' } }),
    submissionId: 'sub-1',
  });
  if (!r.ok) throw new Error(r.error.message);
  return { ...s, visitor: r.value.visitor, visit: r.value.visit };
}

const at = { now: T0 + 1000, kioskId: 'k-1', spaceId: 'co-nnexion-mons' };

describe('exportVisitor', () => {
  it('holds the visitor, their visits with purpose, and the consent', async () => {
    const { db, visitor, visit } = await registered();
    const out = await exportVisitor(db, visitor.id, at);
    expect(out).toMatchObject({
      kind: 'coffee-kiosk.visitor-export',
      version: VISITOR_EXPORT_VERSION,
      exportedAt: at.now,
      visitor: { id: visitor.id, email: 'griselda.vdk@example.org', consentVersion: 'v1' },
      visits: [{ ...visit, details: { purpose: { kind: 'meeting', memberId: 'm-ada' } } }],
      pendingChanges: 1,
    });
    // Round-trips through JSON unchanged: it is what the file holds.
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('answers null for an unknown visitor', async () => {
    const { db } = await registered();
    expect(await exportVisitor(db, 'nobody', at)).toBeNull();
  });

  it('names the file without personal data', () => {
    expect(exportFileName('0123456789abcdef', Date.UTC(2025, 0, 2))).toBe(
      'visitor-01234567-2025-01-02.json',
    );
  });
});

describe('eraseVisitor', () => {
  it('removes every trace of a visitor who has left and queues only the erase', async () => {
    const { db, desk, visitor, visit, hlc, time } = await registered();
    await desk.checkOut(visit.id);
    // The check-in and check-out reached the hub.
    await db.outbox.clear();
    expect(await eraseVisitor(db, visitor.id, { hlc: hlc.tick(), now: time.now })).toBe(true);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => toMutation(e, 'testinstallid000'))).toEqual([
      expect.objectContaining({ table: 'visitors', op: 'erase', recordId: visitor.id }),
    ]);
    expect(outbox.map((e) => toMutation(e, 'testinstallid000').record)).toEqual([undefined]);
    // The erase entry names the visitor's id until the hub has it; nothing else does.
    await db.outbox.clear();
    const dump = await dumpAll(db);
    const traces = [
      visitor.id,
      visit.id,
      'Griselda',
      'Vanderkerckhove',
      'griselda.vdk',
      '470123456',
    ];
    for (const trace of traces) expect(dump, trace).not.toContain(trace);
  });

  it('keeps a visitor who is in as an anonymous line, their queued check-in anonymised', async () => {
    const { db, visitor, visit, hlc, time } = await registered();
    expect(await eraseVisitor(db, visitor.id, { hlc: hlc.tick(), now: time.now })).toBe(true);
    const line = { ...visit, personId: ANONYMOUS_PERSON_ID };
    expect(await db.visits.toArray()).toEqual([expect.objectContaining(line)]);
    expect((await db.visits.get(visit.id))?.cardId).toBeUndefined();
    expect(await db.visitDetails.count()).toBe(0);
    // The hub learns of the visit, anonymised, before the erasure.
    const queued = (await db.outbox.orderBy('seq').toArray()).map((e) =>
      toMutation(e, 'testinstallid000'),
    );
    expect(queued).toEqual([
      expect.objectContaining({ table: 'visits', op: 'put', record: line }),
      expect.objectContaining({ table: 'visitors', op: 'erase', recordId: visitor.id }),
    ]);
    await db.outbox.clear();
    const dump = await dumpAll(db);
    for (const trace of [visitor.id, 'Griselda', 'Vanderkerckhove', 'griselda.vdk', '470123456'])
      expect(dump, trace).not.toContain(trace);
  });

  it('keeps its erase entry when the same erasure comes back in a pull', async () => {
    const { db, visitor, hlc, time } = await registered();
    await eraseVisitor(db, visitor.id, { hlc: hlc.tick(), now: time.now });
    const { cursor } = await readPullPosition(db);
    await applyPullPage(db, {
      type: 'pull-result',
      protocolVersion: 1,
      changes: [{ seq: cursor + 1, table: 'visitors', op: 'erase', recordId: visitor.id }],
      cursor: cursor + 1,
      hasMore: false,
      hubEpoch: 'e1',
      reset: false,
    });
    const queued = await db.outbox.orderBy('seq').toArray();
    expect(queued.map((e) => [e.table, e.op])).toEqual([
      ['visits', 'put'],
      ['visitors', 'erase'],
    ]);
    expect(queued[0]?.record).toMatchObject({ personId: ANONYMOUS_PERSON_ID });
  });

  it("keeps another kiosk's pulled erasure from dropping a pending check-out: it goes anonymised", async () => {
    const { db, desk, visitor, visit } = await registered();
    await db.outbox.clear();
    await desk.checkOut(visit.id);
    const { cursor } = await readPullPosition(db);
    const anonymousLine = { ...visit, personId: ANONYMOUS_PERSON_ID };
    Reflect.deleteProperty(anonymousLine, 'cardId');
    await applyPullPage(db, {
      type: 'pull-result',
      protocolVersion: 1,
      changes: [
        { seq: cursor + 1, table: 'visits', op: 'put', recordId: visit.id, record: anonymousLine },
        { seq: cursor + 2, table: 'visitors', op: 'erase', recordId: visitor.id },
      ],
      cursor: cursor + 2,
      hasMore: false,
      hubEpoch: 'e1',
      reset: false,
    });
    expect(await db.visitors.count()).toBe(0);
    expect(await db.visits.get(visit.id)).toMatchObject({
      personId: ANONYMOUS_PERSON_ID,
      checkOutMethod: 'host',
    });
    const [entry, ...rest] = await db.outbox.toArray();
    expect(rest).toEqual([]);
    expect(entry?.record).toMatchObject({ personId: ANONYMOUS_PERSON_ID, checkOutMethod: 'host' });
    expect(await dumpAll(db)).not.toContain(visitor.id);
  });

  it('answers false and writes nothing for an unknown visitor', async () => {
    const { db, hlc } = await registered();
    const before = await dumpAll(db);
    expect(await eraseVisitor(db, 'nobody', { hlc: hlc.tick(), now: T0 })).toBe(false);
    expect(await dumpAll(db)).toBe(before);
  });
});
