import { expect, type APIRequestContext } from '@playwright/test';
import type { Member, Visit, Visitor } from '#shared/domain/types';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { PASSWORD, SPACES } from './console-hub';

/**
 * A small network of known visits for the indicators' spec, seeded through the hub's real
 * paths only: a network operator signs in to the console API, adds a third space, has a kiosk
 * enrolment code made for each space, and each kiosk enrols over `/v1/enrol` and pushes its
 * members, visitors and visits over `/v1/sync/push` with its own token.
 *
 * Counted by hand (Brussels time for every space; the change to winter time on 25 October):
 * - October 2026: 7 visits (Mons 4, Lille 2, Tournai 1); 4 cross-border (Mons: a Lille member
 *   and a French visitor; Lille: a Mons member and a Belgian visitor); people: 4 members and 2
 *   visitors.
 * - November 2026: 4 visits, 1 cross-border (a Dutch visitor at Tournai).
 */

export const MONS = SPACES[0].id;
export const LILLE = SPACES[1].id;
export const TOURNAI = 'tournai-lab';
export const OCTOBER = { from: '2026-10-01', to: '2026-11-01', last: '2026-10-31' } as const;
export const NOVEMBER = { from: '2026-11-01', to: '2026-12-01', last: '2026-11-30' } as const;

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);

const member = (id: string, homeSpaceId: string): Member => ({
  id,
  displayName: `Member ${id}`,
  homeSpaceId,
  cardIds: [],
  cardKeys: [],
  isActive: true,
  updatedAt: at('2026-09-01T08:00:00Z'),
});

const visitor = (id: string, country: string): Visitor => ({
  id,
  firstName: 'Visitor',
  lastName: id,
  country,
  preferredLang: 'fr',
  consentAt: at('2026-09-01T08:00:00Z'),
  consentVersion: 'v1',
  retainUntil: at('2028-01-01T00:00:00Z'),
  updatedAt: at('2026-09-01T08:00:00Z'),
});

let visits = 0;
const visit = (
  spaceId: string,
  personKind: Visit['personKind'],
  personId: string,
  checkIn: string,
  stayMinutes?: number,
): Visit => {
  const checkInAt = at(checkIn);
  visits += 1;
  return {
    id: `visit-${String(visits).padStart(3, '0')}`,
    spaceId,
    personKind,
    personId,
    method: 'host',
    checkInAt,
    ...(stayMinutes === undefined ? {} : { checkOutAt: checkInAt + stayMinutes * MINUTE }),
    kioskId: `${spaceId}-k`,
  };
};

/** What each space's kiosk pushes. */
function kioskRecords(): Record<
  string,
  { members: Member[]; visitors: Visitor[]; visits: Visit[] }
> {
  visits = 0;
  return {
    [MONS]: {
      members: [member('m-mons-1', MONS), member('m-mons-2', MONS)],
      visitors: [visitor('v-fr', 'FR')],
      visits: [
        visit(MONS, 'member', 'm-mons-1', '2026-10-06T08:00:00Z', 60),
        visit(MONS, 'member', 'm-mons-2', '2026-10-06T08:00:00Z', 120),
        visit(MONS, 'member', 'm-lille-1', '2026-10-07T12:00:00Z', 90),
        visit(MONS, 'visitor', 'v-fr', '2026-10-13T08:00:00Z'),
        visit(MONS, 'member', 'm-mons-1', '2026-11-03T09:00:00Z', 60),
      ],
    },
    [LILLE]: {
      members: [member('m-lille-1', LILLE)],
      visitors: [visitor('v-be', 'BE')],
      visits: [
        visit(LILLE, 'member', 'm-mons-1', '2026-10-14T08:00:00Z', 30),
        visit(LILLE, 'visitor', 'v-be', '2026-10-14T09:00:00Z', 60),
        visit(LILLE, 'member', 'm-lille-1', '2026-11-04T09:00:00Z', 60),
      ],
    },
    [TOURNAI]: {
      members: [member('m-tournai-1', TOURNAI)],
      visitors: [visitor('v-nl', 'NL')],
      visits: [
        visit(TOURNAI, 'member', 'm-tournai-1', '2026-10-15T08:00:00Z', 45),
        visit(TOURNAI, 'member', 'm-mons-2', '2026-11-10T09:00:00Z', 60),
        visit(TOURNAI, 'visitor', 'v-nl', '2026-11-10T10:00:00Z'),
      ],
    },
  };
}

/**
 * Seeds the network above into the hub at `url`, signed in as the network operator `email`
 * (password PASSWORD) on `request`. Fails the test when the hub refuses any step.
 */
export async function seedIndicators(
  request: APIRequestContext,
  url: string,
  email: string,
): Promise<void> {
  const api = `${url}/console/api`;
  const login = await request.post(`${api}/login`, { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const space = await request.post(`${api}/spaces`, {
    headers,
    data: {
      id: TOURNAI,
      name: 'Tournai Lab',
      city: 'Tournai',
      country: 'BE',
      timezone: 'Europe/Brussels',
      languages: ['fr', 'nl', 'en'],
    },
  });
  expect(space.status(), await space.text()).toBe(201);
  let counter = 0;
  for (const [spaceId, records] of Object.entries(kioskRecords())) {
    const enrol = await request.post(`${api}/kiosks/enrol`, { headers, data: { spaceId } });
    expect(enrol.status()).toBe(201);
    const { code } = (await enrol.json()) as { code: string };
    const kioskId = `${spaceId}-k`;
    const enrolled = await request.post(`${url}/v1/enrol`, {
      data: { type: 'enrol', protocolVersion: PROTOCOL_VERSION, code, kioskId },
    });
    expect(enrolled.status()).toBe(200);
    const { token } = (await enrolled.json()) as { token: string };
    const now = Date.now();
    const put = (table: 'members' | 'visitors' | 'visits', record: { id: string }) => {
      counter += 1;
      return {
        mutationId: `seed-${String(counter).padStart(4, '0')}`,
        table,
        op: 'put',
        recordId: record.id,
        record,
        hlc: `${String(now).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${kioskId}`,
      };
    };
    const batch = [
      ...records.members.map((m) => put('members', m)),
      ...records.visitors.map((v) => put('visitors', v)),
      ...records.visits.map((v) => put('visits', v)),
    ];
    const pushed = await request.post(`${url}/v1/sync/push`, {
      headers: { authorization: `Bearer ${token}` },
      data: {
        type: 'push',
        protocolVersion: PROTOCOL_VERSION,
        kioskId,
        origin: `seed-origin-${spaceId}`.replace(/[^A-Za-z0-9_-]/g, '-'),
        batch,
      },
    });
    expect(pushed.status(), await pushed.text()).toBe(200);
    expect(((await pushed.json()) as { rejected: unknown[] }).rejected).toEqual([]);
  }
  expect((await request.post(`${api}/logout`, { headers, data: {} })).status()).toBe(204);
}
