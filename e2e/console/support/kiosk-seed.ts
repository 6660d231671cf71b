import { expect, request, type APIRequestContext } from '@playwright/test';
import { heartbeatBody } from '#hub/test-support/heartbeats';
import { heartbeatRequest } from '#shared/sync/heartbeat';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { PASSWORD } from './console-hub';

/**
 * Seeding through the hub's real paths, as its users would: an operator signed in over the
 * console API (cookie and CSRF token), and kiosks that redeem a code and send heartbeats over
 * the kiosk protocol with their own token. Nothing is written behind the hub's back.
 */

/** An operator's console API session, outside any page. */
export interface ApiSession {
  readonly http: APIRequestContext;
  readonly csrf: string;
  dispose(): Promise<void>;
}

/** Signs `email` in over `POST /console/api/login`; rejects unless the hub answers 200. */
export async function apiSession(hubUrl: string, email: string): Promise<ApiSession> {
  const http = await request.newContext({ baseURL: hubUrl });
  const answer = await http.post('/console/api/login', { data: { email, password: PASSWORD } });
  expect(answer.status()).toBe(200);
  const { csrfToken } = (await answer.json()) as { csrfToken: string };
  return { http, csrf: csrfToken, dispose: () => http.dispose() };
}

/** The hub's answer to a kiosk redeeming `code` as `kioskId` (`POST /v1/enrol`). */
export async function redeem(hubUrl: string, code: string, kioskId: string) {
  const http = await request.newContext({ baseURL: hubUrl });
  const answer = await http.post('/v1/enrol', {
    data: { type: 'enrol', protocolVersion: PROTOCOL_VERSION, code, kioskId },
  });
  const body = (await answer.json()) as { token?: string; code?: string };
  await http.dispose();
  return { status: answer.status(), token: body.token ?? '', code: body.code };
}

/** A kiosk's heartbeat, healthy and sent now; resolves with the hub's HTTP status. */
export async function heartbeat(hubUrl: string, kioskId: string, token: string): Promise<number> {
  const http = await request.newContext({ baseURL: hubUrl });
  const now = Date.now();
  const answer = await http.post('/v1/heartbeat', {
    headers: { authorization: `Bearer ${token}` },
    data: heartbeatRequest(kioskId, heartbeatBody({ sentAt: now, lastSyncOkAt: now - 120_000 })),
  });
  await http.dispose();
  return answer.status();
}

/** A kiosk of `spaceId` enrolled by `operator` through the console API, redeemed, heard from. */
export async function seedKiosk(
  hubUrl: string,
  operator: ApiSession,
  spaceId: string,
  kioskId: string,
): Promise<{ token: string }> {
  const enrol = await operator.http.post('/console/api/kiosks/enrol', {
    headers: { 'x-csrf-token': operator.csrf },
    data: { spaceId },
  });
  expect(enrol.status()).toBe(201);
  const { code } = (await enrol.json()) as { code: string };
  const { status, token } = await redeem(hubUrl, code, kioskId);
  expect(status).toBe(200);
  expect(await heartbeat(hubUrl, kioskId, token)).toBe(200);
  return { token };
}
