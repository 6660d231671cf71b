import { Dexie } from 'dexie';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Member, Space, Visit } from '#shared/domain/types';
import type { CommittedChange } from '../db/commit-feed';
import type { KioskDb } from '../db/kiosk-db';
import { latestVisitOf, type MemberLookup } from '../db/queries';
import { BoundCards } from './bound-cards';
import { LatestVisits } from './latest-visits';
import { MemberCards } from './member-cards';

const HOUR_MS = 3_600_000;
const MEMBER_CHUNK = 20_000;

/**
 * How far back "who is in" is held: the stale-visit window plus a day. An open visit that began
 * earlier is stale (a tap checks in anew), so memory needs nothing older to decide right.
 */
export function presenceHorizon(config: KioskConfig, now: number): number {
  return now - (config.badge.staleVisitHours + 24) * HOUR_MS;
}

interface Parts {
  spaces: Map<string, Space>;
  members: MemberCards;
  latest: LatestVisits;
  bound: BoundCards;
}

/**
 * What a card tap is decided from, in memory (docs/decisions/0010): every member by card (any
 * derived form, any space of the network), each member's latest visit here ("is this person in"),
 * the spare cards bound to open visitor visits, and the spaces. Loaded by load() in one read
 * transaction, then kept current by the database's commit feed (commit-feed.ts): every committed
 * write — the badge flow's, the desk's, closing time, sync pulls, erasures, retention purges —
 * reaches it before the writer's `await` resumes. A member whose latest visit was deleted is
 * reloaded from IndexedDB in the background (`latestVisit` says undefined meanwhile); a range
 * delete on a followed table reloads everything. Lookups are synchronous and never touch
 * IndexedDB.
 */
export class BadgeIndex {
  readonly #db: KioskDb;
  readonly #spaceId: string;
  readonly #since: number;
  #parts: Parts;
  #unsubscribe: () => void = () => undefined;
  #reloads: Promise<unknown> = Promise.resolve();

  constructor(options: { db: KioskDb; spaceId: string; since: number }) {
    this.#db = options.db;
    this.#spaceId = options.spaceId;
    this.#since = options.since;
    this.#parts = this.#empty();
  }

  /** Members held, for start-up logs and tests. */
  get memberCount(): number {
    return this.#parts.members.size;
  }

  /**
   * Subscribes to the commit feed and loads everything from IndexedDB. Rejects with the Dexie
   * error (the index then stays empty and is not followed).
   */
  async load(): Promise<void> {
    this.#unsubscribe();
    this.#unsubscribe = this.#db.commits.subscribe((changes) => {
      this.#apply(changes);
    });
    try {
      await this.#reload();
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Stops following the database (the index keeps its last state). */
  dispose(): void {
    this.#unsubscribe();
    this.#unsubscribe = () => undefined;
  }

  /** The member a read's keys (readKeys order) belong to, as findMembersByReadKeys decides. */
  findMember(keys: readonly string[]): MemberLookup {
    return this.#parts.members.find(keys);
  }

  /** The member as stored, or undefined. */
  member(id: string): Member | undefined {
    return this.#parts.members.get(id);
  }

  /**
   * The member's latest visit at this space since the horizon; null when none; undefined while
   * it is being reloaded (read IndexedDB instead).
   */
  latestVisit(memberId: string): Visit | null | undefined {
    return this.#parts.latest.get(memberId);
  }

  /** The horizon of latestVisit (presenceHorizon at construction). */
  get since(): number {
    return this.#since;
  }

  /** The open visitor visit here whose spare card a read's keys name, or null. */
  boundVisit(keys: readonly string[]): Visit | null {
    return this.#parts.bound.find(keys);
  }

  /** A space of the network, or null when not stored. */
  space(id: string): Space | null {
    return this.#parts.spaces.get(id) ?? null;
  }

  /** Resolves once the background reloads started so far are done (tests). */
  async settled(): Promise<void> {
    let last: Promise<unknown> | null = null;
    while (last !== this.#reloads) {
      last = this.#reloads;
      await last;
    }
  }

  #empty(): Parts {
    return {
      spaces: new Map(),
      members: new MemberCards(),
      latest: new LatestVisits(this.#spaceId, this.#since),
      bound: new BoundCards(this.#spaceId),
    };
  }

  // One read transaction: no write to these tables can commit while it runs, so what it reads
  // plus every change the feed reports after it is exactly the database. Swapped in inside the
  // transaction, before any later write's commit is reported.
  async #reload(): Promise<void> {
    const db = this.#db;
    await db.transaction('r', [db.spaces, db.members, db.visits], async () => {
      const parts = this.#empty();
      for (const s of await db.spaces.toArray()) parts.spaces.set(s.id, s);
      let last: string | null = null;
      for (;;) {
        const chunk: Member[] = await (
          last === null ? db.members.orderBy(':id') : db.members.where(':id').above(last)
        )
          .limit(MEMBER_CHUNK)
          .toArray();
        for (const m of chunk) parts.members.put(m);
        const tail = chunk.at(-1);
        if (tail === undefined || chunk.length < MEMBER_CHUNK) break;
        last = tail.id;
      }
      const recent = await db.visits
        .where('[spaceId+checkInAt]')
        .between([this.#spaceId, this.#since], [this.#spaceId, Dexie.maxKey])
        .toArray();
      for (const v of recent) parts.latest.put(v);
      for (const v of await db.visits.orderBy('boundCardKeys').toArray()) parts.bound.put(v);
      this.#parts = parts;
    });
  }

  #apply(changes: readonly CommittedChange[]): void {
    const { spaces, members, latest, bound } = this.#parts;
    const lost = new Set<string>();
    for (const c of changes) {
      if (c.op === 'delete-range') {
        if (c.table === 'spaces' || c.table === 'members' || c.table === 'visits') {
          this.#later(() => this.#reload());
          return;
        }
        continue;
      }
      for (const item of c.op === 'put' ? c.values : c.keys) {
        if (c.table === 'spaces') {
          if (c.op === 'put') spaces.set((item as Space).id, item as Space);
          else spaces.delete(String(item));
        } else if (c.table === 'members') {
          // A member's visits outlive the record (an erasure deletes them too, one by one).
          if (c.op === 'put') members.put(item as Member);
          else members.delete(String(item));
        } else if (c.table === 'visits') {
          const gone = c.op === 'put' ? latest.put(item as Visit) : latest.delete(String(item));
          if (gone !== undefined) lost.add(gone);
          if (c.op === 'put') bound.put(item as Visit);
          else bound.delete(String(item));
        }
      }
    }
    for (const memberId of lost) this.#later(() => this.#reloadMember(memberId));
  }

  async #reloadMember(memberId: string): Promise<void> {
    const db = this.#db;
    await db.transaction('r', db.visits, async () => {
      const visit = await latestVisitOf(db, memberId, this.#spaceId, this.#since);
      // Set inside the transaction: any later write's commit is reported after this.
      if (this.#parts.latest.get(memberId) === undefined) this.#parts.latest.set(memberId, visit);
    });
  }

  #later(job: () => Promise<void>): void {
    this.#reloads = this.#reloads.then(job).catch((e: unknown) => {
      console.error('badge index reload failed', e);
    });
  }
}
