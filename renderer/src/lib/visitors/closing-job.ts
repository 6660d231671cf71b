import type { Visit } from '#shared/domain/types';
import type { HybridLogicalClock } from '#shared/sync/hlc';
import { closingAfter, closingAtOrBefore, closingTimeOf } from '#shared/visitor/closing-time';
import type { Clock } from '../clock';
import type { KioskDb } from '../db/kiosk-db';
import { recordChange } from '../db/mutations';
import type { Timers } from '../../platform/timers';

/**
 * The space's closing time (issue 5): at the closing time in force (wall time of the space's time
 * zone: the space's own `closingTime`, synced from the hub, else the kiosk's configured
 * `visitors.closingTime`; read at each run, so a change at the hub counts from the next run; with
 * neither, the job looks again every RECHECK_MS) every open VISITOR visit at this space is checked out with method `auto`,
 * which frees its bound card (derived-index.ts indexes a card only while its visit is open). At
 * start it catches up: a visitor visit left open past a closing while the kiosk was off is
 * closed AT the first closing after its check-in, not at the time the kiosk noticed.
 *
 * Members' visits are left alone: a member's forgotten visit is closed by the badge flow's
 * stale-visit rule (badge.staleVisitHours) and members may work past closing with their card.
 * A visit that began after the latest closing (an evening event) stays open until the next one.
 *
 * Every check-out goes through recordChange (visit and outbox entry in one transaction), so it
 * syncs; at the hub a host's or a card's check-out beats an automatic one (protocol rule 3).
 * Hazards: the scan starts a week before the last closing processed (kept in syncState under
 * CLOSED_THROUGH_KEY; the first run reads the space's whole history once), so a visitor visit
 * pulled from another kiosk more than a week late is left to that kiosk's own job. A failed run
 * is logged and retried a minute later; the job never throws into its timer.
 */

/** syncState key: the latest closing instant whose visits were all checked out. */
export const CLOSED_THROUGH_KEY = 'visitors.closedThrough';

const LOOKBACK_MS = 7 * 86_400_000;
const RETRY_MS = 60_000;
/** How often a job with no closing time in force looks for one (the hub may set it). */
export const RECHECK_MS = 3_600_000;

export interface ClosingJobDeps {
  db: KioskDb;
  spaceId: string;
  /** The configured "HH:MM" (validated by the kiosk config schema), used when the space has none. */
  closingTime?: string;
  /** The space's IANA time zone, read at each run. */
  timeZone: () => string;
  clock: Clock;
  timers: Timers;
  /** The kiosk's one clock for local writes (shared with the badge flow and the desk). */
  hlc: HybridLogicalClock;
  /** Told after a run that checked visits out (e.g. to refresh "who is in"). */
  onClosed?: (visits: Visit[]) => void;
}

/** The automatic check-out at closing time; inert until start(). */
export class ClosingJob {
  readonly #deps: ClosingJobDeps;
  #cancel: () => void = () => undefined;
  #isRunning = false;

  constructor(deps: ClosingJobDeps) {
    this.#deps = deps;
  }

  /**
   * Closes what earlier closings left open, then arms the next closing. Resolves with the
   * visits the catch-up closed; a failing catch-up is logged and retried, never rejected.
   */
  async start(): Promise<Visit[]> {
    if (this.#isRunning) return [];
    this.#isRunning = true;
    return this.#run();
  }

  /** Disarms the job; a run in progress finishes. */
  stop(): void {
    this.#isRunning = false;
    this.#cancel();
  }

  /**
   * Checks out every open visitor visit at this space that began before the latest closing at or
   * before now, each at the first closing after its check-in. Resolves with the closed visits
   * (none when no closing time is in force); rejects with the Dexie error, having written nothing.
   */
  async closeOverdue(): Promise<Visit[]> {
    const { db, spaceId, hlc } = this.#deps;
    const closingTime = await this.#closingTime();
    if (closingTime === undefined) return [];
    const zone = this.#deps.timeZone();
    const now = this.#deps.clock();
    const cutoff = closingAtOrBefore(now, closingTime, zone);
    return db.transaction('rw', [db.visits, db.outbox, db.syncState], async () => {
      const mark = (await db.syncState.get(CLOSED_THROUGH_KEY))?.value;
      const since = typeof mark === 'number' ? Math.max(0, mark - LOOKBACK_MS) : 0;
      const open = await db.visits
        .where('[spaceId+checkInAt]')
        .between([spaceId, since], [spaceId, cutoff], true, false)
        .filter((v) => v.personKind === 'visitor' && v.checkOutAt === undefined)
        .toArray();
      const closed: Visit[] = [];
      for (const visit of open) {
        const at = closingAfter(visit.checkInAt, closingTime, zone);
        const record: Visit = { ...visit, checkOutAt: at, checkOutMethod: 'auto' };
        await recordChange(db, { table: 'visits', op: 'put', record, hlc: hlc.tick(), now });
        closed.push(record);
      }
      if (typeof mark !== 'number' || mark < cutoff) {
        await db.syncState.put({ key: CLOSED_THROUGH_KEY, value: cutoff });
      }
      return closed;
    });
  }

  /** The closing time in force: the space's own, else the configured one, else none. */
  async #closingTime(): Promise<string | undefined> {
    const space = await this.#deps.db.spaces.get(this.#deps.spaceId);
    return closingTimeOf(space, this.#deps.closingTime);
  }

  async #run(): Promise<Visit[]> {
    let closed: Visit[] = [];
    let delay: number;
    try {
      closed = await this.closeOverdue();
      if (closed.length > 0) this.#deps.onClosed?.(closed);
      const now = this.#deps.clock();
      const closingTime = await this.#closingTime();
      delay =
        closingTime === undefined
          ? RECHECK_MS
          : closingAfter(now, closingTime, this.#deps.timeZone()) - now;
    } catch (e) {
      console.error('closing-time check-out failed; retrying', e);
      delay = RETRY_MS;
    }
    if (this.#isRunning) {
      this.#cancel();
      this.#cancel = this.#deps.timers.set(() => {
        void this.#run();
      }, delay);
    }
    return closed;
  }
}
