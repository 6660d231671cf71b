import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Member, Visit } from '../../../../shared/domain/types';
import { HybridLogicalClock } from '../../../../shared/sync/hlc';
import { recordChange } from '../db/mutations';
import { aMember, aVisit, freshDb } from '../db/test-factories';
import { SyncEngine } from './sync-engine';
import { readPullPosition } from './sync-records';
import { MemoryHub } from './testing/memory-hub';

/** One step of a history: local writes, hub writes, syncs under faults, clock jumps. */
type Step =
  | { kind: 'checkIn'; person: number }
  | { kind: 'checkOut' }
  | { kind: 'editMember'; person: number; name: string }
  | { kind: 'hubEdit'; person: number; name: string }
  | { kind: 'sync'; fault: 'none' | 'fail' | 'lose-push' | 'fail-push' }
  | { kind: 'clock'; deltaMs: number };

const PEOPLE = 3;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('checkIn' as const), person: fc.nat(PEOPLE - 1) }),
  fc.record({ kind: fc.constant('checkOut' as const) }),
  fc.record({
    kind: fc.constant('editMember' as const),
    person: fc.nat(PEOPLE - 1),
    name: fc.constantFrom('Ada', 'Bea', 'Cy'),
  }),
  fc.record({
    kind: fc.constant('hubEdit' as const),
    person: fc.nat(PEOPLE - 1),
    name: fc.constantFrom('Dee', 'Eve'),
  }),
  fc.record({
    kind: fc.constant('sync' as const),
    fault: fc.constantFrom(
      'none' as const,
      'fail' as const,
      'lose-push' as const,
      'fail-push' as const,
    ),
  }),
  // A kiosk clock two days ahead, or jumping back an hour.
  fc.record({
    kind: fc.constant('clock' as const),
    deltaMs: fc.constantFrom(-3600_000, 2 * 86_400_000, 1000),
  }),
);

describe('SyncEngine model', () => {
  test('after any history and a final sync: no loss, no duplicate, convergence, empty outbox', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const db = freshDb('model');
        let skew = 0;
        const kioskNow = () => Date.now() + skew;
        const hub = new MemoryHub(() => Date.now());
        const hubClock = new HybridLogicalClock('hub', () => Date.now());
        const hlc = new HybridLogicalClock('kiosk-1', kioskNow);
        const engine = new SyncEngine({
          db,
          hub,
          clock: kioskNow,
          sleep: () => Promise.resolve(),
          pushBatch: 4,
          pullLimit: 3,
          maxAttempts: 2,
        });
        const members: Member[] = Array.from({ length: PEOPLE }, (_, i) =>
          aMember({ id: `p${i}` }),
        );
        hub.write(
          members.map((m) => ({
            mutationId: crypto.randomUUID(),
            table: 'members' as const,
            op: 'put' as const,
            recordId: m.id,
            record: m,
            hlc: hubClock.tick(),
          })),
        );
        const localVisitIds = new Set<string>();
        let open: Visit | null = null;
        try {
          for (const step of steps) {
            if (step.kind === 'checkIn') {
              const v = aVisit({ personId: `p${step.person}`, checkInAt: kioskNow() });
              await recordChange(db, {
                table: 'visits',
                op: 'put',
                record: v,
                hlc: hlc.tick(),
                now: kioskNow(),
              });
              localVisitIds.add(v.id);
              open = v;
            } else if (step.kind === 'checkOut' && open !== null) {
              const closed = {
                ...open,
                checkOutAt: open.checkInAt + 1000,
                checkOutMethod: 'host' as const,
              };
              await recordChange(db, {
                table: 'visits',
                op: 'put',
                record: closed,
                hlc: hlc.tick(),
                now: kioskNow(),
              });
              open = null;
            } else if (step.kind === 'editMember') {
              const m = (await db.members.get(`p${step.person}`)) ?? members[step.person];
              if (m) {
                await recordChange(db, {
                  table: 'members',
                  op: 'put',
                  record: { ...m, displayName: step.name },
                  hlc: hlc.tick(),
                  now: kioskNow(),
                });
              }
            } else if (step.kind === 'hubEdit') {
              hub.write([
                {
                  mutationId: crypto.randomUUID(),
                  table: 'members',
                  op: 'put',
                  recordId: `p${step.person}`,
                  record: { id: `p${step.person}`, displayName: step.name },
                  hlc: hubClock.tick(),
                },
              ]);
            } else if (step.kind === 'sync') {
              if (step.fault === 'fail') hub.failNext(2, 'hub-timeout', 'pull');
              if (step.fault === 'fail-push') hub.failNext(2, 'hub-unavailable', 'push');
              if (step.fault === 'lose-push') hub.loseNextReply('push');
              await engine.sync('manual');
              hub.clearFaults();
            } else if (step.kind === 'clock') {
              skew += step.deltaMs;
            }
          }
          const final = await engine.sync('manual');
          expect(final.ok).toBe(true);

          // Empty outbox at rest; every mutation got exactly one verdict, all accepted.
          expect(await db.outbox.count()).toBe(0);
          expect([...hub.verdicts.values()].every((v) => v.accepted)).toBe(true);
          // No loss, no duplicate: the hub holds each local visit once, and nothing else.
          const hubVisits = hub.all('visits') as Visit[];
          expect(hubVisits.map((v) => v.id).sort()).toEqual([...localVisitIds].sort());
          // Convergence: the kiosk equals the hub, visits and members alike.
          const byId = <T extends { id: string }>(xs: T[]) =>
            [...xs].sort((a, b) => a.id.localeCompare(b.id));
          expect(byId(await db.visits.toArray())).toEqual(byId(hubVisits));
          expect(byId(await db.members.toArray())).toEqual(byId(hub.all('members') as Member[]));
          // No cursor gap: the kiosk's cursor is the hub's head.
          const head = Math.max(0, ...[...hub.log.values()].map((c) => c.seq));
          expect((await readPullPosition(db)).cursor).toBeGreaterThanOrEqual(head);
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
