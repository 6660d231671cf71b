/** A card lying on a reader repeats its frame several times a second; this long a gap ends it. */
export const DEFAULT_DEBOUNCE_MS = 250;

/**
 * One read per card presentation. A card counts as still present until no frame of it came for
 * `debounceMs`; a different card is a new read at once (and becomes the card present). Pure: time
 * is passed in. A clock stepping backwards counts as no gap, so it never doubles a read.
 */
export class Debouncer {
  readonly debounceMs: number;
  #cardId: string | null = null;
  #lastAt = Number.NEGATIVE_INFINITY;

  /** Throws a RangeError when debounceMs is negative or not finite (a programming error). */
  constructor(debounceMs: number = DEFAULT_DEBOUNCE_MS) {
    if (!Number.isFinite(debounceMs) || debounceMs < 0) {
      throw new RangeError(`debounceMs must be ≥ 0, got ${debounceMs}`);
    }
    this.debounceMs = debounceMs;
  }

  /** Records a frame of `cardId` seen at `at` (ms); true when it starts a new presentation. */
  accept(cardId: string, at: number): boolean {
    const isPresent = cardId === this.#cardId && at - this.#lastAt < this.debounceMs;
    this.#cardId = cardId;
    this.#lastAt = at;
    return !isPresent;
  }

  /** Forgets the card present, so its next frame is a new read (e.g. after a reconnect). */
  reset(): void {
    this.#cardId = null;
    this.#lastAt = Number.NEGATIVE_INFINITY;
  }
}
