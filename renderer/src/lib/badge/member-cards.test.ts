import { describe, expect, it } from 'vitest';
import { enrolmentKeys, readKeys } from '#shared/card/card-id';
import type { Member } from '#shared/domain/types';
import { aMember } from '../db/test-factories';
import { cardBucket, MemberCards } from './member-cards';

function withCards(id: string, cards: string[], over: Partial<Member> = {}): Member {
  return aMember({
    id,
    cardIds: cards,
    cardKeys: [...new Set(cards.flatMap((c) => enrolmentKeys(c)))],
    ...over,
  });
}

describe('cardBucket', () => {
  it('files every key of one EM4100 card under one bucket, a UID’s under two', () => {
    expect(new Set(enrolmentKeys('4B00423C15').map(cardBucket)).size).toBe(1);
    expect(new Set(enrolmentKeys('E43AC9D2').map(cardBucket)).size).toBe(2);
    expect(new Set(enrolmentKeys('04AABBCCDDEE11').map(cardBucket)).size).toBe(2);
  });

  it('gives any other key a bucket of its own kind, below every card number', () => {
    expect(cardBucket('CARD1')).toBeLessThan(0);
    expect(cardBucket('CARD1')).toBe(cardBucket('CARD1'));
    expect(cardBucket('hex:zz')).toBeLessThan(0);
  });
});

describe('MemberCards', () => {
  it('gives back each member as stored, with or without a language', () => {
    const cards = new MemberCards();
    const a = withCards('a', ['4B00423C15'], { preferredLang: 'nl' });
    const b = withCards('b', [], { cardKeys: ['x\u0000y', ''] });
    cards.put(a);
    cards.put(b);
    expect(cards.get('a')).toEqual(a);
    expect(cards.get('b')).toEqual(b);
    expect(cards.find(['x\u0000y'])).toMatchObject({ kind: 'match', member: { id: 'b' } });
    expect(cards.size).toBe(2);
  });

  it('finds a member stored again with the same card once, and not by a card taken away', () => {
    const cards = new MemberCards();
    cards.put(withCards('a', ['4B00423C15']));
    cards.put(withCards('a', ['4B00423C15', 'E43AC9D2']));
    expect(cards.find(readKeys('0004340757'))).toMatchObject({
      kind: 'match',
      member: { id: 'a' },
    });
    cards.put(withCards('a', ['E43AC9D2']));
    expect(cards.find(readKeys('0004340757'))).toEqual({ kind: 'none' });
    expect(cards.bucketCount).toBe(2);
    cards.delete('a');
    expect(cards.find(readKeys('E43AC9D2'))).toEqual({ kind: 'none' });
    expect(cards.bucketCount).toBe(0);
    expect(cards.size).toBe(0);
  });

  it('names every holder of the first key several members hold, and reuses freed places', () => {
    const cards = new MemberCards();
    cards.put(withCards('b', ['14008EC793']));
    cards.put(withCards('a', ['99008EC793']));
    expect(cards.find(readKeys('0009357203'))).toEqual({
      kind: 'ambiguous',
      key: 'u32:9357203',
      memberIds: ['a', 'b'],
    });
    expect(cards.find(readKeys('14008EC793'))).toMatchObject({
      kind: 'match',
      member: { id: 'b' },
    });
    cards.delete('b');
    cards.put(withCards('c', ['14008EC793']));
    expect(cards.find(readKeys('0009357203'))).toEqual({
      kind: 'ambiguous',
      key: 'u32:9357203',
      memberIds: ['a', 'c'],
    });
  });
});
