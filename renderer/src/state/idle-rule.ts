import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Lang } from '#shared/domain/types';
import { isResultScreen, type Screen } from './screen';

/**
 * How long `screen` may stay up without input before the kiosk goes home, clearing every field:
 * result screens `idle.resultScreenMs`; host screens (and a home screen left in a non-default
 * language) `idle.screenMs`. Null (no timeout) before a config, while loading, on a config error
 * and on home in the default language.
 */
export function idleMsFor(screen: Screen, lang: Lang, config: KioskConfig | null): number | null {
  if (!config || screen === 'loading' || screen === 'config-error') return null;
  if (isResultScreen(screen)) return config.idle.resultScreenMs;
  if (screen !== 'home' || lang !== config.defaultLang) return config.idle.screenMs;
  return null;
}
