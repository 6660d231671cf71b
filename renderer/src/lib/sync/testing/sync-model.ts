import fc from 'fast-check';
import { expect } from 'vitest';
import type { Member, Visit } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import type { Mutation } from '#shared/sync/protocol';
import { aMember, aSpace, aVisit } from '../../db/test-factories';
import { readPullPosition } from '../sync-records';
import type { HubLabFault } from './hub-lab-types';
import type { ModelHub } from './model-hubs';
import { ModelKiosk } from './model-kiosk';

/**
 * The sync model: random histories of two kiosks of one space and a hub, with local writes,
 * hub-side edits, syncs under faults (hub down, reply lost after commit, request delivered twice,
 * kiosk killed mid-push after the hub committed, pull reply lost or failed), clock jumps (two
 * days ahead, one hour back) and wiped kiosk databases (a new database with a new sync origin
 * resyncs from cursor 0 under the same kiosk id, and must get back the kiosk's own earlier writes,
 * which protocol rule 12 skips only for the database that made them). After every history and a
 * final round of syncs `runHistory` checks:
 * no loss and no duplicate effect (the hub holds every visit written, once, as last written),
 * convergence (both kiosks equal the hub), no cursor gap (each cursor is the hub's head), no
 * rejection and empty outboxes. The hub (model-hubs.ts) is the real one
 * (sync-engine.hub-model.test.ts, through test/hub-lab), the in-memory stand-in
 * (sync-engine.model.test.ts, more histories per second) or both side by side
 * (sync-engine.conformance.test.ts, which holds the stand-in to the real hub).
 */

type Kiosk = 0 | 1;
export type Step =
  | { kind: 'checkIn'; k: Kiosk; person: number }
  | { kind: 'checkOut'; k: Kiosk }
  | { kind: 'editMember'; k: Kiosk; person: number; name: string }
  | { kind: 'hubEdit'; person: number; name: string }
  | { kind: 'hubErase'; person: number }
  | { kind: 'sync'; k: Kiosk; push: HubLabFault; pull: 'none' | 'lose' | 'fail' }
  | { kind: 'clock'; k: Kiosk; deltaMs: number }
  | { kind: 'wipe'; k: Kiosk }
  | { kind: 'hubCompact' };

const PEOPLE = 3;
/** The one space of every history. */
export const MODEL_SPACE = 'lab-space';

const kioskArb = fc.constantFrom<Kiosk>(0, 1);
export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('checkIn' as const),
      k: kioskArb,
      person: fc.nat(PEOPLE - 1),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkOut' as const), k: kioskArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('editMember' as const),
      k: kioskArb,
      person: fc.nat(PEOPLE - 1),
      name: fc.constantFrom('Ada', 'Bea', 'Cy'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('hubEdit' as const),
      person: fc.nat(PEOPLE - 1),
      name: fc.constantFrom('Dee', 'Eve'),
    }),
  },
  // A GDPR erasure at the hub, while kiosks may hold pending writes about the person.
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('hubErase' as const), person: fc.nat(PEOPLE - 1) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      k: kioskArb,
      push: fc.constantFrom<HubLabFault>('none', 'none', 'fail', 'lose', 'dup', 'crash'),
      pull: fc.constantFrom('none' as const, 'none' as const, 'lose' as const, 'fail' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('clock' as const),
      k: kioskArb,
      deltaMs: fc.constantFrom(-3600_000, 2 * 86_400_000, 1000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wipe' as const), k: kioskArb }) },
);

/**
 * The steps against the real hub: also the hub's erasure compaction at random moments, which must
 * never let a kiosk's late write bring an erased person back.
 */
export const hubStepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 13, arbitrary: stepArb },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'hubCompact' }) },
);

function byId<T extends { id: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Names this page's kiosk databases apart from those of other test files, which Vitest may run at
 * the same time in the same browser (one origin, one IndexedDB namespace).
 */
const PAGE_TAG = crypto.randomUUID().slice(0, 8);

/** Runs one history against a fresh hub from `openHub` and checks the invariants; throws on a breach. */
export async function runHistory(
  openHub: (kiosks: readonly string[], seed: Mutation[]) => Promise<ModelHub>,
  steps: readonly Step[],
): Promise<void> {
  const members: Member[] = Array.from({ length: PEOPLE }, (_, i) =>
    aMember({ id: `p${i}`, homeSpaceId: MODEL_SPACE, cardIds: [`C${i}`], cardKeys: [`C${i}`] }),
  );
  const hubClock = new HybridLogicalClock('hub', () => Date.now());
  const hubPut = (table: 'spaces' | 'members', record: { id: string }): Mutation => ({
    mutationId: crypto.randomUUID(),
    table,
    op: 'put',
    recordId: record.id,
    record,
    hlc: hubClock.tick(),
  });
  // The space first: the kiosks enrol into it.
  const seed: Mutation[] = [
    hubPut('spaces', aSpace({ id: MODEL_SPACE })),
    ...members.map((m) => hubPut('members', m)),
  ];
  const tag = crypto.randomUUID().slice(0, 8);
  const ids = [`ka-${tag}`, `kb-${tag}`];
  const hub = await openHub(ids, seed);
  let kiosks: ModelKiosk[] = [];
  /** Every visit written by a kiosk, as last written there. */
  const written = new Map<string, Visit>();
  /** Who each written visit was of when it was checked in. */
  const personOf = new Map<string, string>();
  /**
   * Members erased at the hub: nothing of them may remain anywhere; of their visits, only those
   * kept as anonymous lines of who is in (decision 0019).
   */
  const erased = new Set<string>();
  try {
    // Each kiosk slot reuses its database, emptied (ModelKiosk.open).
    kiosks = await Promise.all(
      ids.map((id, slot) => ModelKiosk.open(hub, id, `model-${PAGE_TAG}-${String(slot)}`)),
    );
    for (const step of steps) {
      if (step.kind === 'hubCompact') {
        if (!hub.compact) throw new Error('this hub has no erasure compaction');
        await hub.compact();
        continue;
      }
      if (step.kind === 'hubErase' || step.kind === 'hubEdit') {
        const recordId = `p${step.person}`;
        // The hub's admin does not edit a person they erased: once the erasure is compacted the
        // hub has forgotten them, and a write under that id is a new person (docs/sync-protocol.md).
        if (step.kind === 'hubEdit' && erased.has(recordId)) continue;
        await hub.admin([
          step.kind === 'hubErase'
            ? {
                mutationId: crypto.randomUUID(),
                table: 'members',
                op: 'erase',
                recordId,
                hlc: hubClock.tick(),
              }
            : {
                mutationId: crypto.randomUUID(),
                table: 'members',
                op: 'put',
                recordId,
                record: { id: recordId, displayName: step.name },
                hlc: hubClock.tick(),
              },
        ]);
        if (step.kind === 'hubErase') erased.add(recordId);
        continue;
      }
      const kiosk = kiosks[step.k];
      if (!kiosk) throw new Error('no such kiosk');
      if (step.kind === 'checkIn') {
        // As the badge flow: only a person this kiosk holds can be checked in. (Once a kiosk has
        // applied an erasure it cannot write about the person again, which is what lets the hub
        // compact the erasure away.)
        if ((await kiosk.db.members.get(`p${String(step.person)}`)) === undefined) continue;
        const v = aVisit({
          spaceId: MODEL_SPACE,
          kioskId: kiosk.id,
          personId: `p${step.person}`,
          checkInAt: kiosk.now(),
        });
        await kiosk.put('visits', v);
        written.set(v.id, v);
        personOf.set(v.id, v.personId);
        kiosk.open = v;
      } else if (step.kind === 'checkOut' && kiosk.open !== null) {
        // As the host screen: the line this kiosk shows now, anonymised if its person was erased
        // meanwhile (decision 0019), or gone.
        const current = await kiosk.db.visits.get(kiosk.open.id);
        kiosk.open = null;
        if (current === undefined || current.checkOutAt !== undefined) continue;
        const closed: Visit = {
          ...current,
          checkOutAt: current.checkInAt + 1000,
          checkOutMethod: 'host',
        };
        await kiosk.put('visits', closed);
        written.set(closed.id, closed);
      } else if (step.kind === 'editMember') {
        const m = await kiosk.db.members.get(`p${step.person}`);
        if (m) {
          await kiosk.put('members', { ...m, displayName: step.name });
        }
      } else if (step.kind === 'sync') {
        kiosk.faults = { push: step.push, pull: step.pull };
        await kiosk.sync();
        kiosk.faults = { push: 'none', pull: 'none' };
      } else if (step.kind === 'clock') {
        kiosk.skew += step.deltaMs;
      } else if (step.kind === 'wipe') {
        // As an operator would: sync first, and wipe only when everything the kiosk wrote reached
        // the hub (a wipe loses what is still queued).
        await kiosk.sync();
        if ((await kiosk.db.outbox.count()) === 0) await kiosk.wipe();
      }
    }
    // At rest, faults over: A, B, then A again (to fetch what B pushed).
    for (const k of [0, 1, 0] as const) expect(await kiosks[k]?.sync()).toBe(true);

    const state = await hub.state();
    const hubVisits = byId((state.tables['visits'] ?? []) as Visit[]);
    const hubMembers = byId((state.tables['members'] ?? []) as Member[]);
    // No loss, no duplicate effect: every visit once, as last written, unless its person was
    // erased (rule 7: then none, even those written after the erasure, apart from a visit open
    // at the erasure, kept anonymised: decision 0019).
    const isErasedVisit = (id: string): boolean => erased.has(personOf.get(id) ?? '');
    const named = hubVisits.filter((v) => v.personId !== ANONYMOUS_PERSON_ID);
    const anonymous = hubVisits.filter((v) => v.personId === ANONYMOUS_PERSON_ID);
    expect(named).toEqual(byId([...written.values()].filter((v) => !isErasedVisit(v.id))));
    for (const v of anonymous) {
      expect(isErasedVisit(v.id), `anonymous visit ${v.id} of no erased person`).toBe(true);
      expect(v.cardId).toBeUndefined();
      expect(v.checkInAt).toBe(written.get(v.id)?.checkInAt);
    }
    expect(hubMembers.map((m) => m.id)).toEqual(
      members.map((m) => m.id).filter((id) => !erased.has(id)),
    );
    for (const kiosk of kiosks) {
      expect(await kiosk.db.outbox.count()).toBe(0);
      // Convergence.
      expect(byId(await kiosk.db.visits.toArray())).toEqual(hubVisits);
      expect(byId(await kiosk.db.members.toArray())).toEqual(hubMembers);
      // No cursor gap.
      expect((await readPullPosition(kiosk.db)).cursor).toBe(state.head);
      expect(kiosk.engine.status.rejectedTotal).toBe(0);
    }
    if (hub.compact) {
      // Each kiosk's next pull request tells the hub it holds the head: every erasure is then
      // delivered and compacts, leaving no tombstone, and the hub's live records do not change.
      for (const k of [0, 1] as const) expect(await kiosks[k]?.sync()).toBe(true);
      expect(await hub.compact()).toMatchObject({ waiting: 0, tombstones: 0 });
      expect((await hub.state()).tables).toEqual(state.tables);
    }
  } finally {
    for (const kiosk of kiosks) kiosk.db.close();
    await hub.stop();
  }
}
