import { agendaWindow } from '../agenda/feed-import';
import type { PlanFeedJob } from '../agenda/plan-feed';

/** The instant plan jobs run at: 1 March 2026, 09:00 UTC. */
export const PLAN_NOW = Date.UTC(2026, 2, 1, 9, 0, 0);

/**
 * A first import's plan job for `text` (feed `feed-1` of Mons, nothing stored, the window around
 * PLAN_NOW, batches of 3), with `over` laid over it.
 */
export function planJob(text: string, over: Partial<PlanFeedJob> = {}): PlanFeedJob {
  return {
    text,
    window: agendaWindow(PLAN_NOW),
    options: { floatingZone: 'Europe/Brussels', defaultLang: 'fr' },
    source: 'feed-1',
    spaceId: 'co-nnexion-mons',
    now: PLAN_NOW,
    stored: new Map(),
    batchSize: 3,
    ...over,
  };
}
