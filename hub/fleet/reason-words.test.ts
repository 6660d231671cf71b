import { describe, expect, it } from 'vitest';
import { LANGS } from '#shared/domain/types';
import { CATALOGUES } from '#hub/console/src/i18n/catalogues';
import { FLEET_MESSAGES } from './reason-words';

/**
 * The console draws states and reasons from its own catalogues (it may not import the hub's
 * tree); they must say exactly what FLEET_MESSAGES says, so the CLI's rules and the screen agree.
 */
describe('the console catalogues and FLEET_MESSAGES', () => {
  it.each(LANGS)('%s: every state and reason reads the same', (lang) => {
    const fleet = CATALOGUES[lang].fleet;
    const fromCatalogue = {
      ...Object.fromEntries(Object.entries(fleet.states).map(([k, v]) => [`fleet.state.${k}`, v])),
      ...Object.fromEntries(Object.entries(fleet.reason).map(([k, v]) => [`fleet.reason.${k}`, v])),
    };
    expect(fromCatalogue).toEqual(FLEET_MESSAGES[lang]);
  });
});
