/**
 * Learns a keyboard-wedge reader's prefix and suffix from one tap (docs/decisions/0042): the
 * characters of one burst (keys less than `maxGapMs` apart, ended by Enter or a pause), split
 * around the card number — the longest run of hex digits (or a Wiegand-26 `NNN,NNNNN`). What
 * comes before is the prefix, what comes after (Enter excluded) the suffix, each at most 8
 * characters as the config allows. Pure; the screen feeds it key events.
 */

export interface WedgeLearnt {
  cardId: string;
  prefix: string;
  suffix: string;
}

const CARD_RUN = /\d{3},\d{5}|[0-9A-Fa-f]{6,32}/g;

/** Splits one burst's text; null when it holds no card number or a prefix/suffix over 8. */
export function splitWedgeBurst(text: string): WedgeLearnt | null {
  let best: RegExpExecArray | null = null;
  for (const match of text.matchAll(CARD_RUN)) {
    if (best === null || match[0].length > best[0].length) best = match;
  }
  if (best === null) return null;
  const prefix = text.slice(0, best.index);
  const suffix = text.slice(best.index + best[0].length);
  if (prefix.length > 8 || suffix.length > 8) return null;
  return { cardId: best[0].toUpperCase(), prefix, suffix };
}

/**
 * Collects one burst from keydown events: `key(ev.key, ev.timeStamp)` for each; resolves through
 * `onBurst` with the burst's text when Enter ends it, or drops it when a gap is too long (a
 * person typing).
 */
export class WedgeBurstCollector {
  readonly #maxGapMs: number;
  readonly #onBurst: (text: string) => void;
  #text = '';
  #last = -Infinity;

  constructor(onBurst: (text: string) => void, maxGapMs = 40) {
    this.#onBurst = onBurst;
    this.#maxGapMs = maxGapMs;
  }

  key(key: string, at: number): void {
    if (at - this.#last > this.#maxGapMs) this.#text = '';
    this.#last = at;
    if (key === 'Enter') {
      const text = this.#text;
      this.#text = '';
      if (text.length > 0) this.#onBurst(text);
      return;
    }
    if (key.length === 1) this.#text += key;
  }
}
