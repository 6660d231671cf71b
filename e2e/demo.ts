import type { Lang, Member, Space } from '#shared/domain/types';
import { DEMO_CARDS, DEMO_KIOSK_CONFIG, DEMO_MEMBERS, DEMO_SPACES } from '#shared/demo/demo-data';

/** A demo card with the member who holds it and their home space. */
export interface DemoCardHolder {
  dec10: string;
  canonical: string;
  member: Member;
  home: Space;
}

const holders: DemoCardHolder[] = DEMO_CARDS.flatMap((card) => {
  const member = DEMO_MEMBERS.find((m) => m.displayName === card.memberName);
  const home = DEMO_SPACES.find((s) => s.id === member?.homeSpaceId);
  return member && home ? [{ dec10: card.dec10, canonical: card.canonical, member, home }] : [];
});

/** Every demo card whose holder is a member of the network (active or not). */
export const demoCardHolders: readonly DemoCardHolder[] = holders;

function pick(what: string, test: (h: DemoCardHolder) => boolean): DemoCardHolder {
  const found = holders.find(test);
  if (!found) throw new Error(`the demo data has no ${what}`);
  return found;
}

/** The space the demo kiosk serves. */
export const kioskSpace: Space = (() => {
  const space = DEMO_SPACES.find((s) => s.id === DEMO_KIOSK_CONFIG.spaceId);
  if (!space) throw new Error('the demo kiosk config names a space the demo data lacks');
  return space;
})();

/** The kiosk's default language. */
export const defaultLang: Lang = DEMO_KIOSK_CONFIG.defaultLang;

/** An active member of the kiosk's own space. */
export const localCard = pick(
  'active local member',
  (h) => h.member.isActive && h.home.id === kioskSpace.id,
);

/** An active member whose home is Mutualab in Lille: greeted as a guest. */
export const lilleGuestCard = pick(
  'active Mutualab member',
  (h) => h.member.isActive && h.home.name.includes('Mutualab') && h.home.city === 'Lille',
);

/**
 * An active card whose greeting stays in `lang`: the holder prefers `lang`, or has no preference
 * and `lang` is the language on screen.
 */
export function cardGreetingIn(lang: Lang): DemoCardHolder {
  return (
    holders.find((h) => h.member.isActive && h.member.preferredLang === lang) ??
    pick(
      `active member without a language preference`,
      (h) => h.member.isActive && h.member.preferredLang === undefined,
    )
  );
}

/** Ten digits that are no demo card in any form. */
export const UNKNOWN_DIGITS = (() => {
  const taken = new Set(DEMO_CARDS.flatMap((c) => [c.dec10, c.canonical]));
  for (let n = 123_456_789; ; n += 7919) {
    const digits = String(n).padStart(10, '0');
    if (!taken.has(digits)) return digits;
  }
})();
