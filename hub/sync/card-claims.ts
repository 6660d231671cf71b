import type { SyncTx } from '../store/store';

/**
 * One push's view of who holds which card key (decision 0021): the card-key index as committed,
 * overlaid with the members this batch has already written (their keys replace what the index
 * says of them), so a batch may move a card from one member to another but never give one form
 * of a card to two members: a tap on it would be ambiguous.
 */

/** A card key of `memberId` that `holderId` already holds. */
export interface CardClash {
  readonly memberId: string;
  readonly holderId: string;
  readonly cardKey: string;
}

const FORMS: Readonly<Record<string, string>> = {
  hex: 'the same id',
  uid: 'the same UID, in one byte order or the other',
  u32: 'the same 10-digit number',
  w24: 'the same Wiegand-26 view',
};

/**
 * How two cards sharing `cardKey` (a `shared/card` key, `prefix:value`) are the same, in words
 * for an operator: "the same 10-digit number". Never quotes the value.
 */
export function sameFormOf(cardKey: string): string {
  return FORMS[cardKey.slice(0, cardKey.indexOf(':'))] ?? 'the same card number';
}

/** The sentence a refused write or import gives for `clash`. */
export function clashMessage(clash: CardClash): string {
  return `member ${clash.holderId} already holds this card (${sameFormOf(clash.cardKey)}): a tap would be ambiguous`;
}

/** Card claims within one sync transaction; see the file's header. */
export class CardClaims {
  private readonly written = new Map<string, ReadonlySet<string>>();

  constructor(private readonly tx: SyncTx) {}

  /**
   * The first of `keys` (in their order: the most specific form first) that another member
   * holds, or undefined. Rejects on database errors.
   */
  async clashOf(memberId: string, keys: readonly string[]): Promise<CardClash | undefined> {
    if (keys.length === 0) return undefined;
    const stored = await this.tx.loadCardHolders(keys);
    for (const cardKey of keys) {
      for (const [holderId, held] of this.written) {
        if (holderId !== memberId && held.has(cardKey)) return { memberId, holderId, cardKey };
      }
      const holderId = stored.get(cardKey);
      // A member this batch rewrote holds what its new state says, checked just above.
      if (holderId !== undefined && holderId !== memberId && !this.written.has(holderId)) {
        return { memberId, holderId, cardKey };
      }
    }
    return undefined;
  }

  /** Records that `memberId` now holds exactly `keys` (none once deleted or erased). */
  claim(memberId: string, keys: readonly string[]): void {
    this.written.set(memberId, new Set(keys));
  }
}
