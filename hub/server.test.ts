import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { addKiosk } from './admin/admin';
import type { Hub } from './server';
import type { HubStore } from './store/store';
import { LILLE, MONS, NOW, member, put, visit } from './test-support/factories';
import { enrolKiosk, post, startTestHub } from './test-support/http';
import { storeCases, type TestDatabase } from './test-support/stores';

const V = PROTOCOL_VERSION;

describe.each(storeCases())('hub HTTP API on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let hub: Hub;
  let url: string;
  let token: string;
  const push = (batch: unknown[], over: Record<string, unknown> = {}) => ({
    type: 'push',
    protocolVersion: V,
    kioskId: 'kiosk-a',
    batch,
    ...over,
  });
  const pull = (cursor = 0, limit = 100) => ({ type: 'pull', protocolVersion: V, cursor, limit });

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    ({ hub, url } = await startTestHub(store, {
      clock: () => NOW,
      limits: { maxBodyBytes: 256 * 1024, maxBatch: 50 },
    }));
    token = await enrolKiosk(store, url, MONS, 'kiosk-a');
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
    await db.drop();
  });

  it('serves /health and an OpenAPI document describing every endpoint', async () => {
    const health = (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
    expect(health).toEqual({
      status: 'ok',
      store: storeCase.name,
      hubEpoch: store.epoch,
      protocolVersion: V,
    });
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { type?: string }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/agenda.ics',
      '/agenda.json',
      '/console/api/account/password',
      '/console/api/audit',
      '/console/api/login',
      '/console/api/logout',
      '/console/api/logout-everywhere',
      '/console/api/operators',
      '/console/api/operators/{id}',
      '/console/api/operators/{id}/reset',
      '/console/api/session',
      '/health',
      '/openapi.json',
      '/v1/enrol',
      '/v1/heartbeat',
      '/v1/logs',
      '/v1/sync/pull',
      '/v1/sync/push',
    ]);
    expect(doc.components.schemas['PushRequest']?.type).toBe('object');
    expect(doc.components.schemas['HeartbeatRequest']?.type).toBe('object');
    // Every record a pull page or a push carries, as docs/sync-protocol.md says.
    for (const record of ['Space', 'Member', 'Visitor', 'Visit', 'AgendaEvent']) {
      expect(doc.components.schemas[record], record).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['id']) as string[],
      });
    }
  });

  it('pushes and pulls, gzip both ways, and a lost response makes the retry a no-op', async () => {
    const visits = Array.from({ length: 40 }, () =>
      put('visits', visit({ personId: 'someone-with-a-long-id' })),
    );
    const first = await post(`${url}/v1/sync/push`, push(visits), { token, gzip: true });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      type: 'push-result',
      accepted: visits.map((m) => m.mutationId),
      rejected: [],
      hubEpoch: store.epoch,
    });
    const stats = await store.stats();
    // The first reply is treated as lost: the kiosk sends the same batch again.
    const retry = await post(`${url}/v1/sync/push`, push(visits), { token });
    expect(retry.body['accepted']).toEqual(first.body['accepted']);
    // No second effect: the retry only re-announces the 40 records (the head moves on).
    expect(await store.stats()).toEqual({ ...stats, head: stats.head + 40 });
    const page = await post(`${url}/v1/sync/pull`, pull(0, 100), {
      token,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(page.body).toMatchObject({
      type: 'pull-result',
      cursor: 80,
      hasMore: false,
      reset: false,
    });
    expect(page.body['changes']).toHaveLength(40);
  });

  it('resets a kiosk whose epoch or cursor the hub does not know', async () => {
    await post(`${url}/v1/sync/push`, push([put('visits', visit())]), { token });
    const other = await post(
      `${url}/v1/sync/pull`,
      { ...pull(1), hubEpoch: 'older-hub' },
      { token },
    );
    expect(other.body).toMatchObject({ reset: true, cursor: 1, hubEpoch: store.epoch });
    expect(other.body['changes']).toHaveLength(1);
    const ahead = await post(`${url}/v1/sync/pull`, pull(999), { token });
    expect(ahead.body).toMatchObject({ reset: true, cursor: 1 });
  });

  it('enrols once per code and refuses bad codes and bad bodies', async () => {
    const { code } = await addKiosk(store, MONS, Date.now());
    const body = {
      type: 'enrol',
      protocolVersion: V,
      code: code.toLowerCase(),
      kioskId: 'kiosk-b',
    };
    expect((await post(`${url}/v1/enrol`, body)).status).toBe(200);
    expect(await post(`${url}/v1/enrol`, body)).toMatchObject({
      status: 401,
      body: { code: 'enrolment-invalid' },
    });
    expect((await post(`${url}/v1/enrol`, { ...body, code: 'AAAA-BBBB-CCCC' })).status).toBe(401);
    expect((await post(`${url}/v1/enrol`, { ...body, kioskId: 'Not Valid' })).status).toBe(400);
    expect(await post(`${url}/v1/enrol`, { ...body, protocolVersion: 0 })).toMatchObject({
      status: 426,
      body: { code: 'kiosk-too-old' },
    });
    const lille = await addKiosk(store, LILLE, Date.now());
    expect(
      (await post(`${url}/v1/enrol`, { ...body, code: lille.code, kioskId: 'kiosk-a' })).status,
    ).toBe(409);
  });

  it('refuses missing, forged and revoked credentials, writing nothing', async () => {
    const body = push([put('visits', visit())]);
    const before = await store.stats();
    const forged = `kiosk-a.${'A'.repeat(43)}`;
    for (const [path, payload] of [
      ['/v1/sync/push', body],
      ['/v1/sync/pull', pull()],
    ] as const) {
      expect(await post(url + path, payload)).toMatchObject({
        status: 401,
        body: { code: 'credential-missing' },
      });
      expect(await post(url + path, payload, { token: forged })).toMatchObject({
        status: 401,
        body: { code: 'credential-invalid' },
      });
      expect((await post(url + path, payload, { token: 'garbage' })).status).toBe(401);
      expect(
        (await post(url + path, payload, { token: `kiosk-zz.${'A'.repeat(43)}` })).status,
      ).toBe(401);
    }
    await store.revokeKiosk('kiosk-a', Date.now());
    expect(await post(`${url}/v1/sync/push`, body, { token })).toMatchObject({
      status: 403,
      body: { code: 'kiosk-revoked' },
    });
    expect((await post(`${url}/v1/sync/pull`, pull(), { token })).status).toBe(403);
    expect(await store.stats()).toEqual(before);
  });

  it("refuses another space's records and another kiosk's id with 403, writing nothing", async () => {
    const before = await store.stats();
    const mixed = push([put('visits', visit()), put('visits', visit({ spaceId: LILLE }))]);
    expect(await post(`${url}/v1/sync/push`, mixed, { token })).toMatchObject({
      status: 403,
      body: { code: 'forbidden-space' },
    });
    const lilleMember = push([put('members', member({ homeSpaceId: LILLE }))]);
    expect((await post(`${url}/v1/sync/push`, lilleMember, { token })).status).toBe(403);
    const impostor = push([put('visits', visit())], { kioskId: 'kiosk-b' });
    expect(await post(`${url}/v1/sync/push`, impostor, { token })).toMatchObject({
      status: 403,
      body: { code: 'kiosk-mismatch' },
    });
    expect(await store.stats()).toEqual(before);
  });

  it('answers malformed, oversized and unsupported requests with clear errors', async () => {
    const before = await store.stats();
    const cases: [string, unknown, Parameters<typeof post>[2], number, string][] = [
      ['/v1/sync/push', null, { token, raw: '{"type":' }, 400, 'malformed'],
      [
        '/v1/sync/push',
        { type: 'push', protocolVersion: V, kioskId: 'kiosk-a', batch: 'x' },
        { token },
        400,
        'malformed',
      ],
      ['/v1/sync/push', push([], { kioskId: 'Not Valid' }), { token }, 400, 'malformed'],
      [
        '/v1/sync/push',
        null,
        { token, raw: JSON.stringify(push([])), headers: { 'content-type': 'text/plain' } },
        415,
        'unsupported-media-type',
      ],
      ['/v1/sync/push', push([], { protocolVersion: 0 }), { token }, 426, 'kiosk-too-old'],
      [
        '/v1/sync/push',
        push([], { protocolVersion: V + 1 }),
        { token },
        400,
        'protocol-unsupported',
      ],
      [
        '/v1/sync/push',
        push(Array.from({ length: 51 }, () => put('visits', visit()))),
        { token },
        413,
        'batch-too-large',
      ],
      [
        '/v1/sync/push',
        null,
        { token, raw: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) },
        413,
        'too-large',
      ],
      [
        '/v1/sync/push',
        null,
        { token, raw: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }), gzip: true },
        413,
        'too-large',
      ],
      [
        '/v1/sync/push',
        null,
        { token, raw: 'not gzip', headers: { 'content-encoding': 'gzip' } },
        400,
        'malformed',
      ],
      [
        '/v1/sync/push',
        null,
        { token, raw: '{}', headers: { 'content-encoding': 'br' } },
        415,
        'encoding-unsupported',
      ],
      ['/v1/sync/pull', { ...pull(), limit: 0 }, { token }, 400, 'malformed'],
      ['/v1/sync/pull', { ...pull(), cursor: 'abc' }, { token }, 400, 'malformed'],
      ['/v1/enrol', null, { raw: '[]' }, 400, 'protocol-unsupported'],
      ['/v1/nothing', {}, {}, 404, 'not-found'],
    ];
    for (const [path, body, options, status, code] of cases) {
      const reply = await post(url + path, body, options);
      expect({ path, status: reply.status, code: reply.body['code'] }).toEqual({
        path,
        status,
        code,
      });
      expect(String(reply.body['message']).length).toBeGreaterThan(10);
    }
    expect(await store.stats()).toEqual(before);
  });

  it('rejects a poisonous mutation with a reason while the rest of the batch applies', async () => {
    const good = put('visits', visit());
    const poison = put('visits', { id: 'p1', spaceId: MONS, personId: 'x' });
    const later = put('visits', visit());
    const reply = await post(`${url}/v1/sync/push`, push([good, poison, later]), { token });
    expect(reply.body['accepted']).toEqual([good.mutationId, later.mutationId]);
    expect(reply.body['rejected']).toEqual([
      {
        mutationId: poison.mutationId,
        code: 'record-invalid',
        reason: expect.any(String) as string,
      },
    ]);
  });
});
