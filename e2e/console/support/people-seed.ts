import { expect, request, type APIRequestContext } from '@playwright/test';
import type { Visitor } from '#shared/domain/types';
import { PROTOCOL_VERSION, type Change } from '#shared/sync/protocol';
import { put } from '#hub/test-support/factories';
import { PASSWORD } from './console-hub';

/**
 * People for the members and visitor-requests specs, written through the hub's real paths only:
 * members through the console API's CSV import (as a signed-in network operator), visitors
 * through a kiosk's push over the sync protocol with a real kiosk token (enrolled with a code
 * from the console API). Never the database behind the hub's back.
 */

/** The members every people spec starts with: `id,displayName,homeSpaceId,cardIds,active`. */
export const MEMBERS_CSV = [
  'id,displayName,homeSpaceId,cardIds,active',
  "m-mons-1,Anneke Van 't Hof,co-nnexion-mons,14008EC793,true",
  'm-mons-2,Bram Peeters,co-nnexion-mons,,true',
  'm-mons-3,Dirk Janssens,co-nnexion-mons,,true',
  'm-lille-1,Camille Dubois,mutualab-lille,0004340999,true',
].join('\n');

/** A visitor as a kiosk registers them, consenting now. */
export function visitor(id: string, firstName: string, lastName: string, email: string): Visitor {
  const now = Date.now();
  return {
    id,
    firstName,
    lastName,
    email,
    preferredLang: 'fr',
    consentAt: now - 60_000,
    consentVersion: 'v1',
    retainUntil: now + 30 * 86_400_000,
    updatedAt: now - 60_000,
  };
}

/** A console API session of its own (cookie jar and CSRF token), outside any page. */
export interface ApiSession {
  readonly api: APIRequestContext;
  readonly csrf: string;
  dispose(): Promise<void>;
}

/** Signs `email` in to the console API of the hub at `url` (password PASSWORD). */
export async function apiSession(url: string, email: string): Promise<ApiSession> {
  const api = await request.newContext({ baseURL: `${url}/console/api/` });
  const login = await api.post('login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { api, csrf: csrfToken, dispose: () => api.dispose() };
}

/** A kiosk enrolled over HTTP: its id, its bearer token, and the hub's origin. */
export interface Desk {
  readonly url: string;
  readonly kioskId: string;
  readonly token: string;
}

/** Enrols kiosk `kioskId` of `spaceId`: a code from the console API, traded at `/v1/enrol`. */
export async function enrolDesk(
  url: string,
  operator: ApiSession,
  spaceId: string,
  kioskId: string,
): Promise<Desk> {
  const code = await operator.api.post('kiosks/enrol', {
    headers: { 'x-csrf-token': operator.csrf },
    data: { spaceId },
  });
  expect(code.status()).toBe(201);
  const enrolled = await operator.api.post(`${url}/v1/enrol`, {
    data: {
      type: 'enrol',
      protocolVersion: PROTOCOL_VERSION,
      code: ((await code.json()) as { code: string }).code,
      kioskId,
    },
  });
  expect(enrolled.status()).toBe(200);
  return { url, kioskId, token: ((await enrolled.json()) as { token: string }).token };
}

/** Pushes `visitors` as `desk` registered them; every one must be accepted. */
export async function pushVisitors(desk: Desk, visitors: readonly Visitor[]): Promise<void> {
  const api = await request.newContext();
  try {
    const answer = await api.post(`${desk.url}/v1/sync/push`, {
      headers: { authorization: `Bearer ${desk.token}` },
      data: {
        type: 'push',
        protocolVersion: PROTOCOL_VERSION,
        kioskId: desk.kioskId,
        batch: visitors.map((v) => put('visitors', v, Date.now(), desk.kioskId)),
      },
    });
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toMatchObject({ rejected: [] });
  } finally {
    await api.dispose();
  }
}

/** Everything `desk` would pull from the start (all pages). */
export async function pullAll(desk: Desk): Promise<Change[]> {
  const api = await request.newContext();
  const changes: Change[] = [];
  try {
    for (let cursor = 0, hasMore = true; hasMore;) {
      const answer = await api.post(`${desk.url}/v1/sync/pull`, {
        headers: { authorization: `Bearer ${desk.token}` },
        data: { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor, limit: 500 },
      });
      expect(answer.status()).toBe(200);
      const page = (await answer.json()) as { changes: Change[]; cursor: number; hasMore: boolean };
      changes.push(...page.changes);
      ({ cursor, hasMore } = page);
    }
    return changes;
  } finally {
    await api.dispose();
  }
}

/**
 * The people every spec starts from: MEMBERS_CSV imported; visitors Griselda and Lotte
 * registered at a Mons desk, Jules at a Lille desk. Resolves with the Mons desk (to pull with).
 */
export async function seedPeople(url: string, networkEmail: string): Promise<Desk> {
  const operator = await apiSession(url, networkEmail);
  try {
    const imported = await operator.api.post('members/import', {
      headers: { 'x-csrf-token': operator.csrf },
      data: { csv: MEMBERS_CSV },
    });
    expect(await imported.json()).toMatchObject({ imported: 4 });
    const mons = await enrolDesk(url, operator, 'co-nnexion-mons', 'desk-mons');
    const lille = await enrolDesk(url, operator, 'mutualab-lille', 'desk-lille');
    await pushVisitors(mons, [
      visitor('v-mons-1', 'Griselda', 'Vanderkerckhove', 'griselda@example.be'),
      visitor('v-mons-2', 'Lotte', 'Claes', 'lotte@example.be'),
    ]);
    await pushVisitors(lille, [visitor('v-lille-1', 'Jules', 'Lefebvre', 'jules@example.fr')]);
    return mons;
  } finally {
    await operator.dispose();
  }
}
