import Dexie from 'dexie';
import { decideBadge, type BadgeDecision } from '#shared/badge/badge-rules';
import { normalizeCardInput, readKeys } from '#shared/card/card-id';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { CardRead, Member, Space, Visit } from '#shared/domain/types';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { findMembersByReadKeys, latestVisitOf } from '../db/queries';

/** What one card read did, for the screen that follows it. */
export type BadgeOutcome =
  | {
      kind: 'checked-in' | 'checked-out' | 'repeat';
      member: Member;
      /** The member's home space; null when it is not (yet) in the local store. */
      homeSpace: Space | null;
      /** The member's home is another space of the network. */
      isGuest: boolean;
      /** The visit as stored now (for a repeat: the visit the earlier tap opened or closed). */
      visit: Visit;
      at: number;
    }
  /** No member, or several members, hold this card: send the person to the host. */
  | { kind: 'unknown'; cardId: string }
  | { kind: 'inactive'; member: Member };

/** What the badge flow needs, injected so tests use a fresh database and their own clock. */
export interface BadgeServiceDeps {
  db: KioskDb;
  config: KioskConfig;
  clock: Clock;
  hlc: HybridLogicalClock;
}

const HOUR_MS = 3_600_000;

/**
 * The badge flow: turns a card read into a check-in, a check-out, a repeat greeting or a refusal,
 * by the rules of shared/badge/badge-rules.ts, and stores what it decides.
 *
 * Every visit change is written with its outbox entry through `recordChange`, and the whole read
 * (lookup, facts, decision, writes) runs in one Dexie transaction, so a sync pull cannot slip
 * between the facts and the write. Reads are handled one at a time in arrival order, so two
 * quick reads cannot both check in.
 */
export class BadgeService {
  readonly #deps: BadgeServiceDeps;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: BadgeServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Handles one read after every earlier one has settled. Resolves with the outcome once it is
   * committed; rejects when the database fails, in which case nothing of this read was stored and
   * later reads are still handled.
   *
   * `onDecided`, when given, receives the same outcome as soon as it is decided and its writes are
   * queued, before the commit: the screen can greet without waiting for the disk. The caller must
   * then treat a rejection as "not recorded after all" and say so on screen.
   */
  handleRead(read: CardRead, onDecided?: (outcome: BadgeOutcome) => void): Promise<BadgeOutcome> {
    const run = this.#queue.then(() => this.#process(read, onDecided));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #process(
    read: CardRead,
    onDecided?: (outcome: BadgeOutcome) => void,
  ): Promise<BadgeOutcome> {
    const { db, config } = this.#deps;
    return db.transaction('rw', [db.members, db.spaces, db.visits, db.outbox], async () => {
      const lookup = await findMembersByReadKeys(db, readKeys(read.cardId));
      if (lookup.kind !== 'match') {
        return { kind: 'unknown', cardId: read.cardId };
      }
      const { member } = lookup;
      const now = this.#deps.clock();
      const latest = await latestVisitOf(db, member.id, config.spaceId);
      const decision = decideBadge({
        now,
        spaceId: config.spaceId,
        holdOffMs: config.badge.holdOffMs,
        staleVisitHours: config.badge.staleVisitHours,
        member,
        openVisit: latest !== null && latest.checkOutAt === undefined ? latest : null,
        lastVisitEventAt: latest === null ? null : (latest.checkOutAt ?? latest.checkInAt),
      });
      const outcome = await this.#carryOut(decision, { read, member, latest, now });
      // Outside the transaction's zone: the screen's reactions must not run as part of it.
      if (onDecided)
        Dexie.ignoreTransaction(() => {
          onDecided(outcome);
        });
      return outcome;
    });
  }

  async #carryOut(
    decision: BadgeDecision,
    ctx: { read: CardRead; member: Member; latest: Visit | null; now: number },
  ): Promise<BadgeOutcome> {
    const { read, member, latest, now } = ctx;
    const { db, config } = this.#deps;
    const isGuest = member.homeSpaceId !== config.spaceId;
    const greet = async (kind: 'checked-in' | 'checked-out' | 'repeat', visit: Visit) => ({
      kind,
      member,
      homeSpace: (await db.spaces.get(member.homeSpaceId)) ?? null,
      isGuest,
      visit,
      at: now,
    });
    switch (decision.kind) {
      case 'unknown':
        return { kind: 'unknown', cardId: read.cardId };
      case 'inactive':
        return { kind: 'inactive', member };
      case 'repeat': {
        const visit = decision.visit ?? latest;
        // A repeat is only decided from a last visit event, which only exists with a visit.
        if (visit === null) throw new Error('badge: a repeat decision without a visit');
        return greet('repeat', visit);
      }
      case 'check-out': {
        const open =
          latest?.id === decision.visitId ? latest : await db.visits.get(decision.visitId);
        if (open === undefined) {
          throw new Error(`badge: open visit ${decision.visitId} vanished`);
        }
        const closed: Visit = { ...open, checkOutAt: now, checkOutMethod: read.source };
        await this.#store(closed, now);
        return greet('checked-out', closed);
      }
      case 'check-in': {
        if (
          decision.closesStaleVisitId !== undefined &&
          latest?.id === decision.closesStaleVisitId
        ) {
          await this.#store(this.#autoClosed(latest, now), now);
        }
        const normalized = normalizeCardInput(read.cardId);
        const visit: Visit = {
          id: crypto.randomUUID(),
          spaceId: config.spaceId,
          personKind: 'member',
          personId: member.id,
          cardId: normalized.ok ? normalized.value.canonical : read.cardId.trim(),
          method: read.source,
          checkInAt: now,
          kioskId: config.kioskId,
        };
        await this.#store(visit, now);
        return greet('checked-in', visit);
      }
    }
  }

  // A forgotten visit ends when it became stale, not at the next tap: reports would otherwise
  // count a night in the building.
  #autoClosed(stale: Visit, now: number): Visit {
    const staleAt = stale.checkInAt + this.#deps.config.badge.staleVisitHours * HOUR_MS;
    return { ...stale, checkOutAt: Math.min(staleAt, now), checkOutMethod: 'auto' };
  }

  async #store(visit: Visit, now: number): Promise<void> {
    await recordChange(this.#deps.db, {
      table: 'visits',
      op: 'put',
      record: visit,
      hlc: this.#deps.hlc.tick(),
      now,
    });
  }
}
