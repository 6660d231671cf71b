import { decideBadge } from '#shared/badge/badge-rules';
import { normalizeCardInput, readKeys } from '#shared/card/card-id';
import type { KioskConfig } from '#shared/config/kiosk-config';
import type { AgendaEvent, CardRead, Member, Space, Visit } from '#shared/domain/types';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import { newRecordId } from '#shared/sync/record-ids';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import { latestVisitOf } from '../db/queries';
import type { BadgeIndex } from './badge-index';
import { eventStep, type AskEvent } from './event-question';
import { isSameData } from './same-data';

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
      /** The event the check-in records (decision 0025); absent when none. */
      event?: AgendaEvent;
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
  /** The in-memory index the decision is made from, loaded (badge-index.ts). */
  index: BadgeIndex;
  /** This space's events on at an instant (SpaceEvents); without it no tap records an event. */
  events?: { onNow(now: number): AgendaEvent[] };
}

/** An outcome and the visits to store for it (none for a refusal or a repeat). */
interface Plan {
  outcome: BadgeOutcome;
  writes: Visit[];
}

/** The facts one decision is made from, and what the tap brings. */
interface Facts {
  read: CardRead;
  member: Member | null;
  latest: Visit | null;
  now: number;
  /** The id a check-in's visit gets: the same whichever facts decide it. */
  newVisitId: string;
  /** The events on at `now` at this space. */
  events: readonly AgendaEvent[];
  /**
   * The event the tap counts for, once known: a check-in records it; a check-out becomes a
   * check-out and a new check-in recording it (rule 3 keeps the open visit's check-in as is).
   */
  eventId?: string;
}

const HOUR_MS = 3_600_000;

/**
 * The badge flow: turns a card read into a check-in, a check-out, a repeat greeting or a refusal,
 * by the rules of shared/badge/badge-rules.ts, and stores what it decides.
 *
 * The decision is made from memory (BadgeIndex: the member by card, their latest visit here), so
 * the greeting does not wait for IndexedDB. The writes then go in ONE Dexie transaction that
 * first reads the same facts from IndexedDB and decides again: a pull or a host's check-out that
 * committed after the decision cannot be overwritten, and a stale visit older than the index's
 * horizon is still closed. When that second decision differs, it is the one stored and returned
 * (the screen then shows it instead). Every visit change is written with its outbox entry
 * (`recordChange`). Reads are handled one at a time in arrival order, so two quick reads cannot
 * both check in.
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
   * `onDecided`, when given, receives the outcome as soon as it is decided from memory, before
   * anything is written: the screen can greet without waiting for the disk. The caller must then
   * show the resolved outcome when it is another object (the database decided otherwise), and
   * treat a rejection as "not recorded after all" and say so on screen.
   *
   * When an event is on and the tap needs the member's choice (event-question.ts), `ask` is
   * called first and awaited, with nothing decided shown or stored yet; later reads wait. Without
   * `ask`, the answer is null ("just the space", or the usual check-out).
   */
  handleRead(
    read: CardRead,
    onDecided?: (outcome: BadgeOutcome) => void,
    ask?: AskEvent,
  ): Promise<BadgeOutcome> {
    const run = this.#queue.then(() => this.#process(read, onDecided, ask));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #process(
    read: CardRead,
    onDecided?: (outcome: BadgeOutcome) => void,
    ask?: AskEvent,
  ): Promise<BadgeOutcome> {
    const { db, index, config } = this.#deps;
    const lookup = index.findMember(readKeys(read.cardId));
    const member = lookup.kind === 'match' ? lookup.member : null;
    let latest: Visit | null = null;
    if (member !== null) {
      // While the index reloads this member's visits (one was deleted), ask IndexedDB directly.
      const held = index.latestVisit(member.id);
      latest = held !== undefined ? held : await latestVisitOf(db, member.id, config.spaceId);
    }
    const now = this.#deps.clock();
    // A kiosk whose taps are for the workspace only (agenda.tapCheckIn false) never asks.
    const events = config.agenda.tapCheckIn ? (this.#deps.events?.onNow(now) ?? []) : [];
    let facts: Facts = { read, member, latest, now, newVisitId: newRecordId(), events };
    let planned = this.#plan(facts);
    const step = eventStep(planned.outcome, events);
    const eventId =
      step.kind === 'auto' ? step.eventId : step.kind === 'ask' ? await ask?.(step.question) : null;
    if (eventId !== null && eventId !== undefined) {
      facts = { ...facts, eventId };
      planned = this.#plan(facts);
    }
    // The transaction starts before the screen reacts, so IndexedDB works while the greeting
    // renders; the greeting itself waits for nothing.
    const committed =
      member === null || planned.writes.length === 0
        ? Promise.resolve(planned.outcome)
        : this.#commit(facts, member.id, planned.outcome);
    onDecided?.(planned.outcome);
    return committed;
  }

  async #commit(facts: Facts, memberId: string, shown: BadgeOutcome): Promise<BadgeOutcome> {
    const { db, config } = this.#deps;
    return db.transaction('rw', [db.members, db.visits, db.outbox], async () => {
      const [stored, latest] = await Promise.all([
        db.members.get(memberId),
        latestVisitOf(db, memberId, config.spaceId),
      ]);
      const member = stored ?? null;
      const checked = this.#plan({ ...facts, member, latest: member === null ? null : latest });
      for (const visit of checked.writes) {
        await recordChange(db, {
          table: 'visits',
          op: 'put',
          record: visit,
          hlc: this.#deps.hlc.tick(),
          now: facts.now,
        });
      }
      return isSameData(checked.outcome, shown) ? shown : checked.outcome;
    });
  }

  #plan(f: Facts): Plan {
    const { member, latest, now, read } = f;
    const { config, index } = this.#deps;
    const refused = (outcome: BadgeOutcome): Plan => ({ outcome, writes: [] });
    if (member === null) return refused({ kind: 'unknown', cardId: read.cardId });
    const decision = decideBadge({
      now,
      spaceId: config.spaceId,
      holdOffMs: config.badge.holdOffMs,
      staleVisitHours: config.badge.staleVisitHours,
      member,
      openVisit: latest !== null && latest.checkOutAt === undefined ? latest : null,
      lastVisitEventAt: latest === null ? null : (latest.checkOutAt ?? latest.checkInAt),
    });
    const event = f.events.find((e) => e.id === f.eventId);
    const greet = (
      kind: 'checked-in' | 'checked-out' | 'repeat',
      visit: Visit,
      writes: Visit[],
    ) => ({
      outcome: {
        kind,
        member,
        homeSpace: index.space(member.homeSpaceId),
        isGuest: member.homeSpaceId !== config.spaceId,
        visit,
        at: now,
        ...(kind === 'checked-in' && event ? { event } : {}),
      },
      writes,
    });
    const checkIn = (): Visit => {
      const normalized = normalizeCardInput(read.cardId);
      return {
        id: f.newVisitId,
        spaceId: config.spaceId,
        personKind: 'member',
        personId: member.id,
        cardId: normalized.ok ? normalized.value.canonical : read.cardId.trim(),
        method: read.source,
        checkInAt: now,
        kioskId: config.kioskId,
        ...(event ? { eventId: event.id } : {}),
      };
    };
    switch (decision.kind) {
      case 'unknown':
        return refused({ kind: 'unknown', cardId: read.cardId });
      case 'inactive':
        return refused({ kind: 'inactive', member });
      case 'repeat': {
        const visit = decision.visit ?? latest;
        // A repeat is only decided from a last visit event, which only exists with a visit.
        if (visit === null) throw new Error('badge: a repeat decision without a visit');
        return greet('repeat', visit, []);
      }
      case 'check-out': {
        // The open visit decided on is the latest one: the rules are given no other.
        if (latest?.id !== decision.visitId) throw new Error('badge: check-out of another visit');
        const closed: Visit = { ...latest, checkOutAt: now, checkOutMethod: read.source };
        if (event) {
          // At the event: the space visit ends and one recording the event begins, at the tap.
          const visit = checkIn();
          return greet('checked-in', visit, [closed, visit]);
        }
        return greet('checked-out', closed, [closed]);
      }
      case 'check-in': {
        const stale =
          decision.closesStaleVisitId !== undefined && latest?.id === decision.closesStaleVisitId
            ? [this.#autoClosed(latest, now)]
            : [];
        const visit = checkIn();
        return greet('checked-in', visit, [...stale, visit]);
      }
    }
  }

  // A forgotten visit ends when it became stale, not at the next tap: reports would otherwise
  // count a night in the building.
  #autoClosed(stale: Visit, now: number): Visit {
    const staleAt = stale.checkInAt + this.#deps.config.badge.staleVisitHours * HOUR_MS;
    return { ...stale, checkOutAt: Math.min(staleAt, now), checkOutMethod: 'auto' };
  }
}
