import { expect } from 'vitest';
import { derivedForms, enrolmentKeys, readKeys } from '#shared/card/card-id';
import { DEMO_KIOSK_CONFIG } from '#shared/demo/demo-data';
import type { Visit } from '#shared/domain/types';
import { HybridLogicalClock } from '#shared/sync/hlc';
import { ANONYMOUS_PERSON_ID } from '#shared/visitor/retention';
import type { Change } from '#shared/sync/protocol';
import { ManualTimers } from '../../platform/manual-timers';
import type { KioskDb } from '../db/kiosk-db';
import { findMembersByReadKeys, latestVisitOf } from '../db/queries';
import { seedDemoData } from '../db/seed';
import { freshDb } from '../db/test-factories';
import { applyPullPage } from '../sync/apply-pull';
import { ClosingJob } from '../visitors/closing-job';
import { VisitorDesk } from '../visitors/visitor-desk';
import { BadgeIndex, presenceHorizon } from './badge-index';
import { BadgeService } from './badge-service';

/** Every form a reader may give for a card: the canonical id and its derived forms. */
export function formsOf(cardId: string): string[] {
  const forms = derivedForms(cardId);
  if (forms === null) return [cardId];
  const all = [
    cardId,
    forms.dec10,
    forms.w26,
    forms.dec40,
    forms.uidDec,
    forms.reversedHex,
    forms.reversedDec,
  ];
  return [...new Set(all.filter((f): f is string => f !== undefined))];
}

/** The open visitor visit at `spaceId` a card's keys name, as the walk-in desk asks IndexedDB. */
export async function boundVisitInDb(
  db: KioskDb,
  keys: readonly string[],
  spaceId: string,
): Promise<Visit | null> {
  for (const key of new Set(keys)) {
    const holders = await db.visits.where('boundCardKeys').equals(key).toArray();
    const open = holders.filter((v) => v.checkOutAt === undefined && v.spaceId === spaceId);
    if (open.length === 1) return open[0] ?? null;
    if (open.length > 1) return null;
  }
  return null;
}

/**
 * Asserts that the index says exactly what IndexedDB says: every member as stored and nobody
 * else; each member's latest visit here since the horizon (also for ids only member visits or
 * `people` name);
 * the member and the bound visitor visit every form of every card anyone holds or held resolves
 * to (`formsOf`, by default all of them; plus `extraReads`). Waits for the index's background
 * reloads first.
 */
export async function expectIndexMatchesDb(
  index: BadgeIndex,
  db: KioskDb,
  spaceId: string,
  options: {
    extraReads?: readonly string[];
    formsOf?: (cardId: string) => string[];
    /** More person ids to check, e.g. those of deleted records. */
    people?: readonly string[];
    /** False: members and visits only, no card lookups (a quicker check). */
    cards?: boolean;
  } = {},
): Promise<void> {
  const forms = options.formsOf ?? formsOf;
  await index.settled();
  const members = await db.members.toArray();
  const visits = await db.visits.toArray();
  expect(index.memberCount, 'members held').toBe(members.length);
  for (const m of members) expect(index.member(m.id), `member ${m.id}`).toEqual(m);
  const people = new Set([
    ...members.map((m) => m.id),
    ...visits.filter((v) => v.personKind === 'member').map((v) => v.personId),
    ...(options.people ?? []),
  ]);
  // An erased person's open visit stays as an anonymous line (decision 0019): several visits may
  // share that id, no card leads to it, and the index answers for members only.
  people.delete(ANONYMOUS_PERSON_ID);
  for (const id of people) {
    const expected = await latestVisitOf(db, id, spaceId, index.since);
    expect(index.latestVisit(id), `latest visit of ${id}`).toEqual(expected);
  }
  if (options.cards === false) return;
  const cards = new Set([
    ...members.flatMap((m) => m.cardIds),
    ...visits.flatMap((v) => (v.cardId === undefined ? [] : [v.cardId])),
  ]);
  const reads = new Set([...[...cards].flatMap(forms), ...(options.extraReads ?? [])]);
  for (const read of reads) {
    const keys = readKeys(read);
    expect(index.findMember(keys), `member of ${read}`).toEqual(
      await findMembersByReadKeys(db, keys),
    );
    expect(index.boundVisit(keys), `bound visit of ${read}`).toEqual(
      await boundVisitInDb(db, keys, spaceId),
    );
  }
  for (const card of cards) {
    const keys = enrolmentKeys(card);
    expect(index.boundVisit(keys), `bound visit of ${card}`).toEqual(
      await boundVisitInDb(db, keys, spaceId),
    );
  }
}

/** A kiosk's writers around one loaded index, on a fresh demo database and a hand-set clock. */
export interface BadgeWorld {
  db: KioskDb;
  index: BadgeIndex;
  badge: BadgeService;
  desk: VisitorDesk;
  /** Closing at 19:00 Brussels time. */
  closing: ClosingJob;
  hlc: HybridLogicalClock;
  time: { now: number };
  /** Applies one pull page of these changes (sequence numbers follow on). */
  pull(changes: Omit<Change, 'seq'>[]): Promise<void>;
  /** Stops following the database and closes it. */
  dispose(): void;
}

/** Builds a BadgeWorld whose index horizon is `start`'s (presenceHorizon). */
export async function badgeWorld(start: number): Promise<BadgeWorld> {
  const db = freshDb('badge-index');
  await seedDemoData(db);
  const time = { now: start };
  const clock = (): number => time.now;
  const config = DEMO_KIOSK_CONFIG;
  const hlc = new HybridLogicalClock(config.kioskId, clock);
  const index = new BadgeIndex({
    db,
    spaceId: config.spaceId,
    since: presenceHorizon(config, start),
  });
  await index.load();
  let seq = 0;
  return {
    db,
    index,
    hlc,
    time,
    badge: new BadgeService({ db, config, clock, hlc, index }),
    desk: new VisitorDesk({ db, config, clock, hlc, cards: index }),
    closing: new ClosingJob({
      db,
      spaceId: config.spaceId,
      closingTime: '19:00',
      timeZone: () => 'Europe/Brussels',
      clock,
      timers: new ManualTimers(start),
      hlc,
    }),
    async pull(changes) {
      const page = changes.map((c) => ({ ...c, seq: (seq += 1) }));
      await applyPullPage(db, {
        type: 'pull-result',
        protocolVersion: 1,
        changes: page,
        cursor: seq,
        hasMore: false,
        hubEpoch: 'e1',
        reset: false,
      });
    },
    dispose() {
      index.dispose();
      db.close();
    },
  };
}
