import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { heartbeatRequest } from '#shared/sync/heartbeat';
import { LOG_UPLOAD_LIMITS, logUploadRequest, type LogFile } from '#shared/sync/log-upload';
import {
  consoleCall,
  seedOperator,
  signIn,
  type Session,
} from '../console-api/testing/console-http';
import { LILLE, MONS, NOW } from '../test-support/factories';
import { heartbeatBody } from '../test-support/heartbeats';
import { useHubFixture, type HubFixture } from '../test-support/hub-fixture';
import { enrolKiosk, post } from '../test-support/http';
import { storeCases } from '../test-support/stores';
import { LOG_UPLOAD_BODY_LIMIT } from './upload-route';

const PASSWORD = 'correct horse battery staple';
const FILES: LogFile[] = [
  { name: 'main.1.log', text: '[2025-03-10 08:00:00.000] [info]  kiosk e2e starting\n' },
  { name: 'main.log', text: '[2025-03-10 09:00:00.000] [info]  reader desk: connected' },
];

async function operators(f: HubFixture): Promise<Record<'net' | 'mons' | 'lille', Session>> {
  await seedOperator(f.store, { email: 'net@example.org', password: PASSWORD, role: 'network' });
  await seedOperator(f.store, {
    email: 'mons@example.org',
    password: PASSWORD,
    role: 'space',
    spaceId: MONS,
  });
  await seedOperator(f.store, {
    email: 'lille@example.org',
    password: PASSWORD,
    role: 'space',
    spaceId: LILLE,
  });
  return {
    net: await signIn(f.url, 'net@example.org', PASSWORD),
    mons: await signIn(f.url, 'mons@example.org', PASSWORD),
    lille: await signIn(f.url, 'lille@example.org', PASSWORD),
  };
}

describe.each(storeCases())("a kiosk's logs on request on $name", (storeCase) => {
  const f = useHubFixture(storeCase);
  const as = (session: Session, method: string, path: string) =>
    consoleCall(f.url, method, `/console/api${path}`, session);
  const beat = async () =>
    (
      await post(`${f.url}/v1/heartbeat`, heartbeatRequest('kiosk-a', heartbeatBody()), {
        token: f.token,
      })
    ).body;
  const upload = (body: unknown, token = f.token) =>
    post(`${f.url}/v1/logs`, body, { token, gzip: true });

  it('asks at the next heartbeat, stores the upload, clears the request and offers it', async () => {
    const { mons } = await operators(f);
    expect(await beat()).not.toHaveProperty('sendLogs');
    const asked = await as(mons, 'POST', '/kiosks/kiosk-a/logs');
    expect([asked.status, asked.json]).toEqual([202, { requestedAt: NOW }]);
    expect(await beat()).toMatchObject({ sendLogs: true });
    expect(await beat()).toMatchObject({ sendLogs: true });

    const sent = await upload(logUploadRequest('kiosk-a', FILES));
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ type: 'logs-stored', receivedAt: NOW });
    expect(await beat()).not.toHaveProperty('sendLogs');

    const listed = await as(mons, 'GET', '/kiosks/kiosk-a/logs');
    expect(listed.json).toEqual({
      pending: null,
      uploads: [
        {
          uploadId: sent.body['uploadId'],
          kioskId: 'kiosk-a',
          receivedAt: NOW,
          textBytes: FILES.reduce((n, x) => n + Buffer.byteLength(x.text), 0),
          fileNames: ['main.1.log', 'main.log'],
        },
      ],
    });
    const res = await fetch(
      `${f.url}/console/api/kiosks/kiosk-a/logs/${String(sent.body['uploadId'])}`,
      { headers: { cookie: mons.cookie } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="kiosk-a-2025-03-10T09-00-00-000Z.log"',
    );
    const text = await res.text();
    expect(text.indexOf('===== main.1.log')).toBeLessThan(text.indexOf('===== main.log'));
    expect(text).toContain('reader desk: connected\n');

    const audit = await f.store.operators.auditPage(undefined, 10);
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ['op-mons', 'kiosk.logs-request', 'kiosk:kiosk-a'],
    ]);
  });

  it("answers 403 to another space's manager and 404 to an unknown kiosk or upload", async () => {
    const { lille, net } = await operators(f);
    const refused = [
      await as(lille, 'POST', '/kiosks/kiosk-a/logs'),
      await as(lille, 'GET', '/kiosks/kiosk-a/logs'),
      await as(lille, 'GET', `/kiosks/kiosk-a/logs/${crypto.randomUUID()}`),
    ];
    expect(refused.map((r) => [r.status, r.json?.['code']])).toEqual(
      Array.from({ length: 3 }, () => [403, 'forbidden']),
    );
    expect(await f.store.kioskLogs.pending('kiosk-a')).toBeUndefined();
    expect((await as(net, 'POST', '/kiosks/nowhere/logs')).status).toBe(404);
    expect((await as(net, 'GET', `/kiosks/kiosk-a/logs/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await as(net, 'GET', '/kiosks/kiosk-a/logs/not-a-uuid')).status).toBe(400);
    const noCsrf = await consoleCall(f.url, 'POST', '/console/api/kiosks/kiosk-a/logs', {
      cookie: net.cookie,
    });
    expect([noCsrf.status, noCsrf.json?.['code']]).toEqual([403, 'csrf-failed']);
    expect(await f.store.operators.auditPage(undefined, 10)).toEqual([]);
  });

  it('keeps each realm out of the other', async () => {
    const { net } = await operators(f);
    const withToken = await consoleCall(f.url, 'GET', '/console/api/kiosks/kiosk-a/logs', {
      headers: { authorization: `Bearer ${f.token}` },
    });
    expect(withToken.status).toBe(401);
    const withCookie = await post(`${f.url}/v1/logs`, logUploadRequest('kiosk-a', FILES), {
      headers: { cookie: net.cookie, 'x-csrf-token': net.csrf },
    });
    expect([withCookie.status, withCookie.body['code']]).toEqual([401, 'credential-missing']);
    expect(await f.store.kioskLogs.list('kiosk-a')).toEqual([]);
  });

  it('refuses oversize uploads with 413, bad ones with 400 and another kiosk id with 403', async () => {
    const big = 'x'.repeat(LOG_UPLOAD_LIMITS.maxBytes);
    const over = await upload(logUploadRequest('kiosk-a', [{ name: 'main.log', text: `${big}y` }]));
    expect([over.status, over.body['code']]).toEqual([413, 'too-large']);
    const split = await upload(
      logUploadRequest('kiosk-a', [
        { name: 'main.1.log', text: big.slice(0, 1000) },
        { name: 'main.log', text: big },
      ]),
    );
    expect(split.status).toBe(413);
    const huge = await post(`${f.url}/v1/logs`, undefined, {
      token: f.token,
      raw: gzipSync('"'.repeat(LOG_UPLOAD_BODY_LIMIT + 10)),
      headers: { 'content-encoding': 'gzip' },
    });
    expect([huge.status, huge.body['code']]).toEqual([413, 'too-large']);
    const bad: unknown[] = [
      logUploadRequest('kiosk-a', []),
      logUploadRequest('kiosk-a', [{ name: '../etc/passwd', text: '' }]),
      { ...logUploadRequest('kiosk-a', FILES), extra: 1 },
      [FILES],
    ];
    for (const body of bad) expect((await upload(body)).status).toBeGreaterThanOrEqual(400);
    for (const body of bad) expect((await upload(body)).status).toBeLessThan(500);
    const tokenB = await enrolKiosk(f.store, f.url, MONS, 'kiosk-b');
    const mismatch = await upload(logUploadRequest('kiosk-a', FILES), tokenB);
    expect([mismatch.status, mismatch.body['code']]).toEqual([403, 'kiosk-mismatch']);
    expect(await f.store.kioskLogs.list('kiosk-a')).toEqual([]);
  });

  it('keeps the newest uploads of each kiosk only', async () => {
    for (let i = 0; i < LOG_UPLOAD_LIMITS.keepPerKiosk + 2; i++) {
      const files = [{ name: 'main.log', text: `upload ${String(i)}` }];
      expect((await upload(logUploadRequest('kiosk-a', files))).status).toBe(200);
    }
    const kept = await f.store.kioskLogs.list('kiosk-a');
    expect(kept).toHaveLength(LOG_UPLOAD_LIMITS.keepPerKiosk);
  });
});
