import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { MONS, NOW } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { post } from '../test-support/http';
import { storeCases } from '../test-support/stores';
import { consoleCall, seedOperator, signIn, type Session } from './testing/console-http';

const PASSWORD = 'correct horse battery';
const ANNE = 'anne@coffee.example';
const MIN = 60_000;

describe.each(storeCases())('console sessions on $name', (storeCase) => {
  let now = NOW;
  const f = useHubFixture(storeCase, { hub: { clock: () => now } });
  const seed = async (email = ANNE, role: 'network' | 'space' = 'network') => {
    now = NOW;
    return seedOperator(f.store, {
      email,
      password: PASSWORD,
      role,
      ...(role === 'space' ? { spaceId: MONS } : {}),
    });
  };
  const call = (method: string, path: string, s?: Session, body?: unknown) =>
    consoleCall(f.url, method, `/console/api${path}`, {
      ...(s ? { cookie: s.cookie, csrf: s.csrf } : {}),
      ...(body === undefined ? {} : { body }),
    });
  const login = (email: string, password: string, from?: string) =>
    consoleCall(f.url, 'POST', '/console/api/login', {
      body: { email, password },
      ...(from ? { from } : {}),
    });

  it('logs in with a strict cookie and the session body, and out', async () => {
    const id = await seed();
    const answer = await login('Anne@Coffee.example', PASSWORD);
    expect(answer.status).toBe(200);
    expect(String(answer.json?.['csrfToken'])).toMatch(/^[\w-]{43}$/);
    expect({ ...answer.json, csrfToken: 'x' }).toEqual({
      operator: { id, email: ANNE, role: 'network', spaceId: null },
      csrfToken: 'x',
      idleExpiresAt: NOW + 30 * MIN,
      absoluteExpiresAt: NOW + 12 * 60 * MIN,
    });
    const cookie = [answer.headers['set-cookie']].flat().join('\n');
    expect(cookie).toMatch(/^coffee_console=[\w-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    const s = { cookie: answer.setCookie ?? '', csrf: String(answer.json?.['csrfToken']) };
    now += 5 * MIN;
    const session = await call('GET', '/session', s);
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ csrfToken: s.csrf, idleExpiresAt: now + 30 * MIN });
    expect((await f.store.operators.findOperator(id))?.lastLoginAt).toBe(NOW);

    const out = await call('POST', '/logout', s);
    expect(out.status).toBe(204);
    expect(out.setCookie).toBe('coffee_console=');
    expect((await call('GET', '/session', s)).json).toMatchObject({ code: 'session-required' });
    expect((await call('GET', '/session')).json).toMatchObject({ code: 'session-required' });
  });

  it('answers the same 401 for an unknown email, a wrong password and a disabled account', async () => {
    const id = await seed();
    await seed('bert@coffee.example');
    await f.store.operators.updateOperator(id, { disabledAt: NOW });
    for (const [email, password] of [
      ['nobody@coffee.example', PASSWORD],
      ['bert@coffee.example', 'wrong password!'],
      [ANNE, PASSWORD],
    ] as const) {
      const answer = await login(email, password);
      expect(answer.status, email).toBe(401);
      expect(answer.json).toMatchObject({ type: 'error', code: 'login-failed' });
      expect(answer.setCookie).toBeUndefined();
    }
    expect((await login('x', '')).status).toBe(400);
  });

  it('gives a new session id at every login and ends the one presented', async () => {
    await seed();
    const first = await signIn(f.url, ANNE, PASSWORD);
    const again = await consoleCall(f.url, 'POST', '/console/api/login', {
      body: { email: ANNE, password: PASSWORD },
      cookie: first.cookie,
    });
    expect(again.status).toBe(200);
    expect(again.setCookie).not.toBe(first.cookie);
    expect((await call('GET', '/session', first)).status).toBe(401);
  });

  it('throttles an account after 5 failures from anywhere, even with the right password', async () => {
    await seed();
    await seed('bert@coffee.example');
    for (let i = 1; i <= 5; i++) {
      expect((await login(ANNE, 'wrong password!', `127.0.0.${10 + i}`)).status).toBe(401);
    }
    const refused = await login(ANNE, PASSWORD, '127.0.0.20');
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: 'login-throttled' });
    expect(refused.headers['retry-after']).toBe('30');
    // Other accounts from the same addresses are not blocked (each address failed once).
    expect((await login('bert@coffee.example', PASSWORD, '127.0.0.11')).status).toBe(200);
    now += 30_000;
    // A sixth failure doubles the block.
    expect((await login(ANNE, 'wrong password!', '127.0.0.21')).status).toBe(401);
    expect((await login(ANNE, PASSWORD, '127.0.0.22')).headers['retry-after']).toBe('60');
    now += 60_000;
    expect((await login(ANNE, PASSWORD, '127.0.0.22')).status).toBe(200);
    // The success cleared the account's count: one failure no longer blocks.
    expect((await login(ANNE, 'wrong password!', '127.0.0.23')).status).toBe(401);
    expect((await login(ANNE, PASSWORD, '127.0.0.23')).status).toBe(200);
  });

  it('throttles an address after 5 failures on any accounts', async () => {
    await seed();
    for (let i = 1; i <= 5; i++) {
      expect((await login(`guess${i}@coffee.example`, 'wrong', '127.0.0.30')).status).toBe(401);
    }
    const refused = await login(ANNE, PASSWORD, '127.0.0.30');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect((await login(ANNE, PASSWORD, '127.0.0.31')).status).toBe(200);
    now += 30_000;
    expect((await login(ANNE, PASSWORD, '127.0.0.30')).status).toBe(200);
  });

  it('ends a session idle for 30 minutes, and any session 12 hours after login', async () => {
    await seed();
    const idle = await signIn(f.url, ANNE, PASSWORD);
    now += 29 * MIN;
    expect((await call('GET', '/session', idle)).status).toBe(200);
    now += 30 * MIN;
    const expired = await call('GET', '/session', idle);
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ code: 'session-expired' });

    const busy = await signIn(f.url, ANNE, PASSWORD);
    const until = now + 12 * 60 * MIN;
    while (now + 25 * MIN < until) {
      now += 25 * MIN;
      expect((await call('GET', '/session', busy)).status).toBe(200);
    }
    now = until;
    expect((await call('GET', '/session', busy)).json).toMatchObject({ code: 'session-expired' });
  });

  it('refuses a state-changing request without the CSRF token, or with another', async () => {
    await seed();
    const s = await signIn(f.url, ANNE, PASSWORD);
    const other = await signIn(f.url, ANNE, PASSWORD);
    for (const csrf of [undefined, other.csrf, `${s.csrf}x`]) {
      const answer = await consoleCall(f.url, 'POST', '/console/api/logout', {
        cookie: s.cookie,
        ...(csrf ? { csrf } : {}),
      });
      expect(answer.status).toBe(403);
      expect(answer.json).toMatchObject({ code: 'csrf-failed' });
    }
    expect((await call('GET', '/session', s)).status).toBe(200);
  });

  it('logs out everywhere, and ends the sessions of a disabled operator at once', async () => {
    await seed();
    const bert = await seed('bert@coffee.example');
    const [a1, a2] = [await signIn(f.url, ANNE, PASSWORD), await signIn(f.url, ANNE, PASSWORD)];
    const b = await signIn(f.url, 'bert@coffee.example', PASSWORD);
    expect((await call('POST', '/logout-everywhere', a1)).status).toBe(204);
    expect((await call('GET', '/session', a1)).status).toBe(401);
    expect((await call('GET', '/session', a2)).status).toBe(401);
    expect((await call('GET', '/session', b)).status).toBe(200);
    expect((await f.store.operators.auditPage(undefined, 1))[0]).toMatchObject({
      action: 'operator.logout-everywhere',
      actorEmail: ANNE,
    });

    const admin = await signIn(f.url, ANNE, PASSWORD);
    const disabled = await call('PATCH', `/operators/${bert}`, admin, { disabled: true });
    expect(disabled.status).toBe(200);
    expect((await call('GET', '/session', b)).json).toMatchObject({ code: 'session-required' });
    expect((await login('bert@coffee.example', PASSWORD)).status).toBe(401);
  });

  it('changes the password, ending the other sessions, audited', async () => {
    const id = await seed();
    const s = await signIn(f.url, ANNE, PASSWORD);
    const other = await signIn(f.url, ANNE, PASSWORD);
    const next = 'a much longer secret';
    expect(
      (await call('POST', '/account/password', s, { current: PASSWORD, next: 'short' })).json,
    ).toMatchObject({ code: 'password-too-short' });
    expect(
      (await call('POST', '/account/password', s, { current: 'nope', next })).json,
    ).toMatchObject({ code: 'password-wrong' });
    expect((await call('POST', '/account/password', s, { current: PASSWORD, next })).status).toBe(
      204,
    );
    expect((await call('GET', '/session', s)).status).toBe(200);
    expect((await call('GET', '/session', other)).status).toBe(401);
    expect((await login(ANNE, PASSWORD)).status).toBe(401);
    expect((await login(ANNE, next)).status).toBe(200);
    const audit = await f.store.operators.auditPage(undefined, 10);
    expect(audit.map((e) => [e.actor, e.action, e.target, e.before, e.after])).toEqual([
      [id, 'operator.password', `operator:${id}`, null, null],
    ]);
    expect(JSON.stringify(audit)).not.toContain(next);
  });

  it('keeps the realms apart: no kiosk credential opens the console, no session the sync API', async () => {
    await seed();
    const s = await signIn(f.url, ANNE, PASSWORD);
    const asKiosk = await consoleCall(f.url, 'GET', '/console/api/session', {
      headers: { authorization: `Bearer ${f.token}` },
    });
    expect(asKiosk.status).toBe(401);
    expect(asKiosk.json).toMatchObject({ code: 'session-required' });
    const pull = { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 10 };
    for (const path of ['/v1/sync/pull', '/v1/sync/push']) {
      const asConsole = await post(`${f.url}${path}`, pull, {
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(asConsole.status, path).toBe(401);
      expect(asConsole.body).toMatchObject({ code: 'credential-missing' });
    }
    // The kiosk's own credential still works there.
    expect((await post(`${f.url}/v1/sync/pull`, pull, { token: f.token })).status).toBe(200);
  });
});
