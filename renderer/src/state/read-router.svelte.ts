import { readKeys } from '#shared/card/card-id';
import type { CardRead } from '#shared/domain/types';
import type { AskEvent, BadgeOutcome, EventChoice, EventQuestion } from '../lib/badge';
import type { VisitorTap } from '../lib/visitors/visitor-desk';
import type { ResultNavigation } from './screen';

/** What the badge flow must offer; BadgeService (renderer/src/lib/badge) is the real one. */
export interface BadgeHandler {
  /**
   * `onDecided` may show the outcome before it is committed; a rejection then revokes it. `ask`
   * is awaited first when the tap needs the member's choice of event.
   */
  handleRead(
    read: CardRead,
    onDecided?: (outcome: BadgeOutcome) => void,
    ask?: AskEvent,
  ): Promise<BadgeOutcome>;
}

/** What the router needs from the walk-in desk: a bound visitor card's tap (VisitorDesk). */
export interface VisitorCardTaps {
  /** Null when no open visitor visit holds the card (the read goes on to the badge flow). */
  tap(read: CardRead): Promise<VisitorTap | null>;
}

/** A walk-in waiting for its spare card (WalkInState). */
export interface CardBinding {
  /** Binds the card of `read`; never rejects (a refusal shows on the bind-card screen). */
  bind(read: CardRead): Promise<void>;
  /** A reader read that was no whole card: asks for the card again. */
  unreadable(): void;
}

/** The flows a card read can go to, and where its result is shown. */
export interface ReadRouterDeps {
  badge: BadgeHandler;
  /** Bound visitor cards; null when this kiosk has no walk-in desk. */
  visitorCards: VisitorCardTaps | null;
  /** The walk-in whose spare card the next read binds, while that step shows; else null. */
  cardToBind: () => CardBinding | null;
  nav: ResultNavigation;
}

/** The visitor a bound card just checked out, for the visitor-out screen. */
export interface VisitorOut {
  name: string | null;
  at: number;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * The one place a card read is routed, from any screen, one read at a time in arrival order:
 * 1. while the "tap a spare card" step shows, the read is the card to bind;
 * 2. a card bound to an open visitor visit checks that visitor out;
 * 3. otherwise the badge flow greets, checks in or out, or refuses the card; when an event is on
 *    and the member must choose (decision 0025), the event picker shows first and the read waits
 *    for their choice (`choose`) or the picker's timeout (`expireQuestion`): later reads queue
 *    behind it, and the same card tapped again meanwhile is ignored, so it counts once.
 * Holds what the last read did for
 * the result screens. The badge outcome shows as soon as it is decided, before its commit; when
 * the database then fails, the store-error screen replaces it (the person is sent to the host)
 * and the error is logged.
 */
export class ReadRouter {
  /** The last badge outcome (welcome, unknown and inactive screens). */
  outcome = $state<BadgeOutcome | null>(null);
  /** The visitor a bound card just checked out (visitor-out screen). */
  visitorOut = $state<VisitorOut | null>(null);
  /** Why the last card read could not be stored (store-error screen). */
  storeError = $state<string | null>(null);
  /** The event question on screen (event-picker screen); null when none is open. */
  question = $state<EventQuestion | null>(null);

  readonly #deps: ReadRouterDeps;
  #queue: Promise<void> = Promise.resolve();
  #answer: ((choice: EventChoice) => void) | null = null;

  constructor(deps: ReadRouterDeps) {
    this.#deps = deps;
  }

  /**
   * Routes one read after every earlier one has been handled. The promise never rejects. A read of
   * the card whose owner the event picker is asking is ignored at once (a second tap, not a vote).
   */
  handle(read: CardRead): Promise<void> {
    const asked = this.question?.member.cardKeys;
    if (asked && readKeys(read.cardId).some((key) => asked.includes(key))) {
      return Promise.resolve();
    }
    this.#queue = this.#queue.then(() => this.#route(read));
    return this.#queue;
  }

  /** The member's answer to the open event question (an event id, or null); else ignored. */
  choose(choice: EventChoice): void {
    const answer = this.#answer;
    this.#answer = null;
    answer?.(choice);
  }

  /**
   * The event picker timed out: the open question is answered null (checked in without an event,
   * or checked out), and the outcome then shows. False when no question was open.
   */
  expireQuestion(): boolean {
    if (this.#answer === null) return false;
    this.choose(null);
    return true;
  }

  /**
   * A reader burst that was no whole card (the wedge detector dropped it): the screen waiting for
   * a card asks for it again; elsewhere nothing happens (the person sees no greeting and taps
   * again). After every earlier read, like handle(); never rejects.
   */
  unreadable(): Promise<void> {
    this.#queue = this.#queue.then(() => {
      this.#deps.cardToBind()?.unreadable();
    });
    return this.#queue;
  }

  /** Forgets the last result (the kiosk went home); an open event question is answered null. */
  clear(): void {
    this.expireQuestion();
    this.question = null;
    this.outcome = null;
    this.visitorOut = null;
    this.storeError = null;
  }

  async #route(read: CardRead): Promise<void> {
    const binding = this.#deps.cardToBind();
    if (binding) {
      await binding.bind(read);
      this.#deps.nav.noteActivity();
      return;
    }
    if (await this.#visitorTap(read)) return;
    await this.#badge(read);
  }

  // True when the read was a bound visitor card's (checked out, or ignored just after binding).
  async #visitorTap(read: CardRead): Promise<boolean> {
    const cards = this.#deps.visitorCards;
    if (!cards) return false;
    try {
      const tap = await cards.tap(read);
      if (tap === null) return false;
      if (tap.kind === 'checked-out') {
        const v = tap.visitor;
        this.clear();
        this.visitorOut = {
          name: v ? `${v.firstName} ${v.lastName}` : null,
          at: tap.visit.checkOutAt ?? 0,
        };
        this.#deps.nav.showResult('visitor-out');
      }
      return true;
    } catch (e) {
      console.error('visitor card check failed', e);
      this.#fail(e);
      return true;
    }
  }

  async #badge(read: CardRead): Promise<void> {
    const shown: { outcome: BadgeOutcome | null; asked: boolean } = { outcome: null, asked: false };
    const ask: AskEvent = (question) => {
      shown.asked = true;
      this.clear();
      this.question = question;
      this.#deps.nav.showResult('event-picker', question.member.preferredLang);
      return new Promise<EventChoice>((resolve) => {
        this.#answer = resolve;
      });
    };
    try {
      const outcome = await this.#deps.badge.handleRead(
        read,
        (decided) => {
          shown.outcome = decided;
          this.#present(decided, shown.asked);
        },
        ask,
      );
      if (shown.outcome !== outcome) this.#present(outcome, shown.asked);
    } catch (e) {
      // The database refused the read (disk full, storage wiped…): say so loudly, even over a
      // greeting already shown, and send the person to the host. Nothing half-written remains.
      console.error('badge flow failed', e);
      this.#fail(e);
    }
  }

  // After the event picker the page is already in the language the member read it in.
  #present(outcome: BadgeOutcome, asked = false): void {
    this.clear();
    this.outcome = outcome;
    if (outcome.kind === 'unknown' || outcome.kind === 'inactive') {
      this.#deps.nav.showResult(outcome.kind);
      return;
    }
    this.#deps.nav.showResult('welcome', asked ? undefined : outcome.member.preferredLang);
  }

  #fail(e: unknown): void {
    this.clear();
    this.storeError = describe(e);
    this.#deps.nav.showResult('store-error');
  }
}
