import { afterEach, beforeEach } from 'vitest';
import { enrolmentKeys, normalizeCardInput } from '#shared/card/card-id';
import type { Member, Visitor } from '#shared/domain/types';
import type { OperatorPrincipal } from '../../console-api/contract';
import { consoleClient, type ConsoleClient } from '../../console-api/testing/console-client';
import type { HubStore } from '../../store/store';
import { LILLE, MONS, NOW, member, space } from '../../test-support/factories';
import { hubPut } from '../../test-support/hub-writes';
import type { StoreCase, TestDatabase } from '../../test-support/stores';
import { peopleRoutes } from '../index';

/**
 * What the people-and-places route tests share: two spaces in two countries, a member of each,
 * the three kinds of operator, and console clients over a fresh store per test.
 */

export const NETWORK: OperatorPrincipal = {
  operatorId: 'op-network',
  email: 'network@example.org',
  role: 'network',
  spaceId: null,
};
export const MONS_MANAGER: OperatorPrincipal = {
  operatorId: 'op-mons',
  email: 'mons@example.org',
  role: 'space',
  spaceId: MONS,
};

/** A member holding `cards` (any form), indexed as the import indexes them. */
export function cardMember(over: Partial<Member> & { id: string }, cards: string[] = []): Member {
  const normalised = cards.map((c) => {
    const n = normalizeCardInput(c);
    if (!n.ok) throw new Error(n.error.message);
    return n.value;
  });
  return member({
    cardIds: normalised.map((n) => n.canonical),
    cardKeys: [...new Set(normalised.flatMap((n) => enrolmentKeys(n.canonical, n.kind)))],
    updatedAt: NOW - 86_400_000,
    ...over,
  });
}

/** A visitor registered at a desk. */
export function aVisitor(over: Partial<Visitor> & { id: string }): Visitor {
  return {
    firstName: 'Griselda',
    lastName: 'Vanderkerckhove',
    email: 'griselda@example.be',
    preferredLang: 'fr',
    consentAt: NOW - 7_200_000,
    consentVersion: 'v1',
    retainUntil: NOW + 30 * 86_400_000,
    updatedAt: NOW - 7_200_000,
    ...over,
  };
}

/** The member of Mons (card 14008EC793) and of Lille (card 0004340999). */
export const MONS_MEMBER = cardMember(
  { id: 'm-mons', displayName: "Anneke Van 't Hof", homeSpaceId: MONS },
  ['14008EC793'],
);
export const LILLE_MEMBER = cardMember(
  { id: 'm-lille', displayName: 'Camille Dubois', homeSpaceId: LILLE },
  ['0004340999'],
);

/** What a people test works with; set by the hooks of usePeopleFixture. */
export interface PeopleFixture {
  db: TestDatabase;
  store: HubStore;
  /** A console client signed in as `operator`, at hub time `clock` (NOW by default). */
  client(operator: OperatorPrincipal, clock?: () => number): Promise<ConsoleClient>;
}

/**
 * Registers hooks giving each test a fresh store of `storeCase` holding MONS (BE), LILLE (FR)
 * and their two members, and closing every client, the store and the database afterwards.
 */
export function usePeopleFixture(storeCase: StoreCase): PeopleFixture {
  const clients: ConsoleClient[] = [];
  const f = {
    client: async (operator: OperatorPrincipal, clock: () => number = () => NOW) => {
      const c = await consoleClient({ store: f.store, routes: peopleRoutes, operator, clock });
      clients.push(c);
      return c;
    },
  } as PeopleFixture;
  beforeEach(async () => {
    f.db = await storeCase.create();
    f.store = await f.db.open();
    await hubPut(
      f.store,
      'spaces',
      [
        space(),
        space({
          id: LILLE,
          name: 'MutuaLab',
          city: 'Lille',
          country: 'FR',
          timezone: 'Europe/Paris',
          languages: ['fr'],
        }),
      ],
      NOW - 86_400_000,
    );
    await hubPut(f.store, 'members', [MONS_MEMBER, LILLE_MEMBER], NOW - 86_400_000);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await f.store.close();
    await f.db.drop();
  });
  return f;
}
