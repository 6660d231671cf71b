import { enrolmentKeys, normalizeCardInput, readKeys } from '#shared/card/card-id';
import type { Member } from '#shared/domain/types';
import { err, ok, type Result } from '#shared/result';

/**
 * A member's cards as the console changes them: a card typed in any form is normalised as at the
 * kiosk (shared/card) and indexed under every derived form; removing one drops the keys only it
 * gave. Pure; errors are the card parser's (`card-empty`, `card-malformed`, …) or
 * `card-not-held` / `card-held`.
 */

/** Cards a member may hold (MemberSchema's bound). */
export const MAX_CARDS = 16;

/** The member's cards and keys with `raw` added; an error when malformed or already held. */
export function withCard(
  member: Member,
  raw: string,
): Result<Pick<Member, 'cardIds' | 'cardKeys'>> {
  const card = normalizeCardInput(raw);
  if (!card.ok) return card;
  const keys = enrolmentKeys(card.value.canonical, card.value.kind);
  // The most specific key is the card itself; partial keys may be shared by chance.
  const exact = keys[0];
  if (
    member.cardIds.includes(card.value.canonical) ||
    (exact !== undefined && member.cardKeys.includes(exact))
  ) {
    return err({ code: 'card-held', message: `Member ${member.id} already holds this card.` });
  }
  if (member.cardIds.length >= MAX_CARDS) {
    return err({ code: 'card-limit', message: `A member holds at most ${MAX_CARDS} cards.` });
  }
  return ok({
    cardIds: [...member.cardIds, card.value.canonical],
    cardKeys: [...new Set([...member.cardKeys, ...keys])],
  });
}

/** Every key a stored canonical id may have been indexed under (its kind is not stored). */
function possibleKeys(canonical: string): string[] {
  return [...enrolmentKeys(canonical), ...enrolmentKeys(canonical, 'em4100')];
}

/**
 * The member's cards and keys without the card `raw` names (any form of it: the id as stored,
 * its 10-digit number, …); `card-not-held` when no card of the member answers it.
 */
export function withoutCard(
  member: Member,
  raw: string,
): Result<Pick<Member, 'cardIds' | 'cardKeys'>> {
  const asked = new Set([...readKeys(raw), ...possibleKeys(raw.trim())]);
  const gone =
    member.cardIds.find((id) => id === raw.trim()) ??
    member.cardIds.find((id) => possibleKeys(id).some((k) => asked.has(k)));
  if (gone === undefined) {
    return err({ code: 'card-not-held', message: `Member ${member.id} holds no such card.` });
  }
  const cardIds = member.cardIds.filter((id) => id !== gone);
  const kept = new Set(cardIds.flatMap(possibleKeys));
  const dropped = new Set(possibleKeys(gone));
  return ok({ cardIds, cardKeys: member.cardKeys.filter((k) => kept.has(k) || !dropped.has(k)) });
}
