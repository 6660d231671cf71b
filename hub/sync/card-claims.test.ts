import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrolmentKeys, normalizeCardInput } from '#shared/card/card-id';
import type { Member } from '#shared/domain/types';
import { CardClashError } from '../store/card-keys';
import type { HubStore } from '../store/store';
import { LILLE, MONS, NOW, erase, member, put } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { applyPush, type Principal } from './push';

const admin: Principal = { kind: 'admin' };
const kioskA: Principal = { kind: 'kiosk', kioskId: 'kiosk-a', spaceId: MONS };

/** A member holding `cards` (any accepted form), indexed as the import indexes them. */
function holder(id: string, cards: readonly string[], over: Partial<Member> = {}): Member {
  const normal = cards.map((raw) => {
    const n = normalizeCardInput(raw);
    if (!n.ok) throw new Error(`bad test card ${raw}`);
    return n.value;
  });
  return member({
    id,
    cardIds: normal.map((n) => n.canonical),
    cardKeys: [...new Set(normal.flatMap((n) => enrolmentKeys(n.canonical, n.kind)))],
    ...over,
  });
}

describe.each(storeCases())('card clashes on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('refuses a second member on any form of a card, in one batch or a later one', async () => {
    // Sarah Lambert's EM4100 card 4B00423C15: its 10-digit number, its Wiegand-26 view.
    const sarah = put('members', holder('m-sarah', ['4B00423C15']));
    const byNumber = put('members', holder('m-two', ['0004340757']));
    expect(await applyPush(store, admin, [sarah, byNumber], NOW)).toEqual({
      accepted: [sarah.mutationId],
      rejected: [
        {
          mutationId: byNumber.mutationId,
          code: 'card-clash',
          reason:
            'Member m-two: member m-sarah already holds this card (the same 10-digit number): a tap would be ambiguous.',
        },
      ],
    });
    const byWiegand = put('members', holder('m-three', ['066,15381'], { homeSpaceId: LILLE }));
    expect(await applyPush(store, admin, [byWiegand], NOW)).toMatchObject({
      rejected: [{ code: 'card-clash', reason: expect.stringContaining('Wiegand-26') as string }],
    });
    // A kiosk's write is held to the same rule.
    const fromKiosk = put('members', holder('m-four', ['4b:00:42:3c:15']));
    expect(await applyPush(store, kioskA, [fromKiosk], NOW)).toMatchObject({
      rejected: [{ code: 'card-clash', reason: expect.stringContaining('the same id') as string }],
    });
    expect(await store.readRecord('members', 'm-two')).toBeUndefined();
    expect((await store.pull(0, 100, null)).changes.map((c) => c.recordId)).toEqual(['m-sarah']);
    expect(await store.cardHolders(['u32:4340757', 'w24:4340757'])).toEqual(
      new Map([
        ['u32:4340757', 'm-sarah'],
        ['w24:4340757', 'm-sarah'],
      ]),
    );
  });

  it('lets a card move between members in one batch, and frees it when its holder is erased', async () => {
    const a = holder('m-a', ['14008EC793']);
    const b = holder('m-b', ['E43AC9D2']);
    await applyPush(store, admin, [put('members', a), put('members', b)], NOW - 5000);
    // Mutations are judged in batch order: b cannot take the card while a still holds it...
    const taken = put('members', holder('m-b', ['E43AC9D2', '14008EC793']), NOW - 200, 'hub');
    expect((await applyPush(store, admin, [taken], NOW)).rejected).toHaveLength(1);
    // ...but a may give it up and b take it, in one batch.
    const moved = [
      put('members', { ...a, cardIds: [], cardKeys: [] }, NOW - 100, 'hub'),
      put('members', holder('m-b', ['E43AC9D2', '14008EC793']), NOW - 100, 'hub'),
    ];
    expect((await applyPush(store, admin, moved, NOW)).rejected).toEqual([]);
    expect([...(await store.cardHolders(a.cardKeys)).values()]).toEqual(
      a.cardKeys.map(() => 'm-b'),
    );
    // b is erased: nobody holds its cards, and a may take one back.
    await applyPush(store, admin, [erase('members', 'm-b', NOW - 50)], NOW);
    expect((await store.cardHolders(b.cardKeys)).size).toBe(0);
    const back = put('members', a, NOW - 10, 'hub');
    expect(await applyPush(store, admin, [back], NOW)).toMatchObject({ rejected: [] });
  });

  it('refuses a clash in the store itself, with a readable error and nothing written', async () => {
    await applyPush(store, admin, [put('members', holder('m-a', ['14008EC793']))], NOW);
    const fields = (m: Member) =>
      Object.fromEntries(
        Object.entries(m).map(([k, value]: [string, unknown]) => [k, { value, hlc: 'h' }]),
      );
    const twin = holder('m-b', ['0009357203']);
    const write = store.syncTransaction((tx) =>
      tx.write(
        [
          {
            table: 'members',
            recordId: 'm-b',
            ownerSpace: MONS,
            personKey: null,
            state: { kind: 'fields', fields: fields(twin) },
          },
        ],
        [],
      ),
    );
    await expect(write).rejects.toBeInstanceOf(CardClashError);
    await expect(write).rejects.toThrow('Member m-b holds a card that member m-a holds too.');
    expect(await store.readRecord('members', 'm-b')).toBeUndefined();
    expect(new Set((await store.cardHolders(twin.cardKeys)).values())).toEqual(new Set(['m-a']));
  });
});
