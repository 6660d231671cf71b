import type { AgendaEvent, Space } from '#shared/domain/types';
import type { Clock } from '../lib/clock';
import type { KioskDb } from '../lib/db/kiosk-db';
import { upcomingEvents } from '../lib/agenda/agenda-queries';
import type { Timers } from '../platform/timers';

/** How long each upcoming event stays on the home screen. */
export const UPCOMING_ROTATE_MS = 8000;
/** How many of this space's next events, and of the network's, take turns. */
export const UPCOMING_EACH = 3;

/** One event the home screen shows, and whether it is at this kiosk's own space. */
export interface Upcoming {
  readonly event: AgendaEvent;
  readonly space: Space | null;
  readonly isHere: boolean;
}

/**
 * The home screen's rotation of what comes next (docs/decisions/0024-agenda-screen.md): this
 * space's next UPCOMING_EACH events, then the network's next ones held elsewhere, one at a time,
 * each for UPCOMING_ROTATE_MS. The list is read again from the store each time the turn comes
 * back to the first, so a sync or the clock changes it within one round. Cancelled events are
 * left out. A failed read keeps the last list (logged).
 */
export class UpcomingState {
  items = $state.raw<readonly Upcoming[]>([]);
  index = $state(0);
  readonly current: Upcoming | null = $derived(this.items[this.index] ?? null);

  readonly #deps: { db: KioskDb; clock: Clock; timers: Timers; spaceId: string };
  #cancel: () => void = () => undefined;
  #isRunning = false;

  constructor(deps: { db: KioskDb; clock: Clock; timers: Timers; spaceId: string }) {
    this.#deps = deps;
  }

  /** Reads the list and starts the turns; starting again restarts them from the first. */
  start(): void {
    this.stop();
    this.#isRunning = true;
    this.index = 0;
    void this.#reload().then(() => {
      this.#schedule();
    });
  }

  /** Stops the turns (the home screen left). */
  stop(): void {
    this.#isRunning = false;
    this.#cancel();
  }

  #schedule(): void {
    if (!this.#isRunning) return;
    this.#cancel = this.#deps.timers.set(() => {
      void this.#turn();
    }, UPCOMING_ROTATE_MS);
  }

  async #turn(): Promise<void> {
    const next = this.index + 1;
    if (next >= this.items.length) {
      await this.#reload();
      this.index = 0;
    } else {
      this.index = next;
    }
    this.#schedule();
  }

  /** Reads the list again. Never rejects. */
  async #reload(): Promise<void> {
    const { db, clock, spaceId } = this.#deps;
    try {
      const now = clock();
      const [here, network, spaces] = await Promise.all([
        upcomingEvents(db, { now, limit: UPCOMING_EACH, spaceId }),
        upcomingEvents(db, { now, limit: UPCOMING_EACH + UPCOMING_EACH, spaceId: null }),
        db.spaces.toArray(),
      ]);
      const byId: Partial<Record<string, Space>> = Object.fromEntries(spaces.map((s) => [s.id, s]));
      const elsewhere = network.filter((e) => e.spaceId !== spaceId).slice(0, UPCOMING_EACH);
      this.items = [...here, ...elsewhere].map((event) => ({
        event,
        space: byId[event.spaceId] ?? null,
        isHere: event.spaceId === spaceId,
      }));
    } catch (e) {
      console.error('upcoming events unavailable', e);
    }
  }
}
