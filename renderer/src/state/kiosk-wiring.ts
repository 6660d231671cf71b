import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Lang, Space } from '#shared/domain/types';
import { HostState } from './host-state.svelte';
import type { KioskStateDeps } from './kiosk-deps';
import { ReadRouter } from './read-router.svelte';
import type { HostNavigation, ResultNavigation } from './screen';
import { UpcomingState } from './upcoming-state.svelte';

/** The flows KioskState holds once its config is known. */
export interface WiredFlows {
  host: HostState;
  upcoming: UpcomingState;
  reads: ReadRouter;
}

/** What the flows reach of KioskState: its space, its language and its two navigation ports. */
export interface WiringPorts {
  space: Space | null;
  lang: () => Lang;
  hostNav: HostNavigation;
  resultNav: ResultNavigation;
}

/**
 * Builds the badge flow (loading what it decides from), the host screens, the home screen's
 * upcoming events and the read router for `config`. The host screens and the router reach the
 * screen routing through their own port only, so neither can open a screen of the other (nor the
 * host screen without the PIN).
 */
export async function wireFlows(
  config: KioskConfig,
  deps: KioskStateDeps,
  ports: WiringPorts,
): Promise<WiredFlows> {
  const badge = await deps.createBadge(config);
  const desk = deps.createVisitorDesk?.(config) ?? null;
  const create = deps.createVisitorData;
  const host = new HostState({
    db: deps.db,
    config,
    space: ports.space,
    clock: deps.clock,
    nav: ports.hostNav,
    lang: ports.lang,
    desk,
    ...(create ? { createVisitorData: () => create(config) } : {}),
  });
  const upcoming = new UpcomingState({
    db: deps.db,
    clock: deps.clock,
    timers: deps.timers,
    spaceId: config.spaceId,
  });
  const reads = new ReadRouter({
    badge,
    visitorCards: desk,
    cardToBind: () => host.cardToBind,
    nav: ports.resultNav,
  });
  return { host, upcoming, reads };
}
