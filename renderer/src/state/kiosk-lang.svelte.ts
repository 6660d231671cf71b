import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Lang } from '#shared/domain/types';

/**
 * The kiosk's language, applied to the page at each change. A greeting is in the member's stored
 * language, unless a language was pressed within `badge.chosenLangMs` before the tap: then in that
 * one (docs: README, Languages). Going home with a reset forgets the press.
 */
export class KioskLang {
  lang = $state<Lang>('en');

  readonly #clock: () => number;
  readonly #apply: (lang: Lang) => void;
  readonly #config: () => KioskConfig | null;
  // When a language was last pressed (clock ms); null once used by a greeting or gone home.
  #chosenAt: number | null = null;

  /** `apply` shows a language on the page; `config` reads the kiosk's (null before start). */
  constructor(
    initial: Lang,
    clock: () => number,
    apply: (lang: Lang) => void,
    config: () => KioskConfig | null,
  ) {
    this.#clock = clock;
    this.#apply = apply;
    this.#config = config;
    this.lang = initial;
  }

  /** A language pressed: shown now, and it wins over a greeting's within `badge.chosenLangMs`. */
  choose(lang: Lang): void {
    this.#set(lang);
    this.#chosenAt = this.#clock();
  }

  /**
   * A result screen for a member who reads `lang` (if any): that language, if this kiosk offers it,
   * unless one was just pressed. Either way the press is used up.
   */
  greet(lang?: Lang): void {
    // The person at the kiosk just said which language they read: that wins for this greeting.
    const offered = this.#config()?.languages ?? [];
    if (!this.#isJustChosen() && lang !== undefined && offered.includes(lang)) this.#set(lang);
    this.#chosenAt = null;
  }

  /** Back to the kiosk's default language, the press forgotten; ignored before a config. */
  reset(): void {
    const config = this.#config();
    if (!config) return;
    this.#set(config.defaultLang);
    this.#chosenAt = null;
  }

  #isJustChosen(): boolean {
    const at = this.#chosenAt;
    const windowMs = this.#config()?.badge.chosenLangMs ?? 0;
    return at !== null && this.#clock() - at <= windowMs;
  }

  #set(lang: Lang): void {
    this.lang = lang;
    this.#apply(lang);
  }
}
