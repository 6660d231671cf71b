import type { Lang } from '#shared/domain/types';

/** Every screen the kiosk can show. */
export type Screen =
  | 'loading'
  | 'config-error'
  | 'home'
  | 'welcome'
  | 'event-picker'
  | 'unknown'
  | 'inactive'
  | 'store-error'
  | 'host-pin'
  | 'host'
  | 'walk-in'
  | 'bind-card'
  | 'visitor-out'
  | 'visitor-data'
  | 'agenda';

/**
 * The screens that show what a card read did; they go home after `idle.resultScreenMs` (the event
 * picker instead answers "no event" then: KioskState).
 */
export type ResultScreen =
  'welcome' | 'event-picker' | 'unknown' | 'inactive' | 'store-error' | 'visitor-out';

const RESULT_SCREENS: ReadonlySet<Screen> = new Set<ResultScreen>([
  'welcome',
  'event-picker',
  'unknown',
  'inactive',
  'store-error',
  'visitor-out',
]);

/** True for the screens that show a card read's result (ResultScreen). */
export function isResultScreen(screen: Screen): screen is ResultScreen {
  return RESULT_SCREENS.has(screen);
}

/**
 * What the host screens may ask of the kiosk's screen routing (KioskState implements it): which
 * screen is up, and showing one of theirs. `show` re-arms the idle timeout; it never throws.
 */
export interface HostNavigation {
  screen(): Screen;
  show(screen: 'host' | 'walk-in' | 'bind-card' | 'visitor-data'): void;
}

/**
 * What the read router may ask of the kiosk's screen routing (KioskState implements it).
 * `showResult` leaves any form or host screen (forgetting what was typed) and shows the result,
 * first switching to `lang` when this kiosk offers it. `noteActivity` is any input. Never throw.
 */
export interface ResultNavigation {
  showResult(screen: ResultScreen, lang?: Lang): void;
  noteActivity(): void;
}
