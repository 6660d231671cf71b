import { describe, expect, it } from 'vitest';
import { heartbeatRequest } from '#shared/sync/heartbeat';
import { MONS, NOW } from '../test-support/factories';
import { heartbeatBody } from '../test-support/heartbeats';
import { useHubFixture } from '../test-support/hub-fixture';
import { enrolKiosk, post } from '../test-support/http';
import { storeCases } from '../test-support/stores';

describe.each(storeCases())('POST /v1/heartbeat on $name', (storeCase) => {
  const f = useHubFixture(storeCase);
  const send = (body: unknown, token: string | null = f.token) =>
    post(`${f.url}/v1/heartbeat`, body, token === null ? {} : { token });

  it('stores the heartbeat with the hub receipt time and the offset of the kiosk clock', async () => {
    const body = heartbeatBody({
      sentAt: NOW + 150_000,
      outboxSize: 3,
      outboxOldestAt: NOW - 5000,
    });
    const reply = await send(heartbeatRequest('kiosk-a', body));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      type: 'heartbeat-result',
      receivedAt: NOW,
      clockOffsetMs: 150_000,
    });
    const stored = { kioskId: 'kiosk-a', receivedAt: NOW, clockOffsetMs: 150_000, heartbeat: body };
    expect(await f.store.fleet.latest()).toEqual([stored]);
    expect(await f.store.fleet.history('kiosk-a', 0, 10)).toEqual([stored]);
  });

  it('refuses bad bodies with 400 naming the fields, storing nothing', async () => {
    const good = heartbeatRequest('kiosk-a', heartbeatBody());
    const bad: [unknown, string][] = [
      [{ ...good, outboxSize: -1 }, 'outboxSize'],
      [{ ...good, sentAt: 'now' }, 'sentAt'],
      [{ ...good, readers: Array.from({ length: 17 }, () => good.readers[0]) }, 'readers'],
      [{ ...good, readers: [{ name: 'x', kind: 'usb', state: 'connected' }] }, 'readers.0.kind'],
      [{ ...good, lastErrorCode: 'x'.repeat(65) }, 'lastErrorCode'],
      [{ ...good, visitorName: 'Ada' }, 'visitorName'],
    ];
    for (const [body, field] of bad) {
      const reply = await send(body);
      expect(reply.status, field).toBe(400);
      expect(reply.body['code']).toBe('malformed');
      expect(JSON.stringify(reply.body['details'])).toContain(field);
    }
    // The version is read before the shape (docs/sync-protocol.md, Versioning).
    expect((await send([good])).body['code']).toBe('protocol-unsupported');
    expect(await f.store.fleet.latest()).toEqual([]);
  });

  it('refuses a missing or wrong credential, another kiosk id, and a revoked kiosk', async () => {
    const body = heartbeatRequest('kiosk-a', heartbeatBody());
    expect((await send(body, null)).body['code']).toBe('credential-missing');
    const forged = await send(body, `kiosk-a.${'A'.repeat(43)}`);
    expect([forged.status, forged.body['code']]).toEqual([401, 'credential-invalid']);
    const tokenB = await enrolKiosk(f.store, f.url, MONS, 'kiosk-b');
    const mismatch = await send(body, tokenB);
    expect([mismatch.status, mismatch.body['code']]).toEqual([403, 'kiosk-mismatch']);
    await f.store.revokeKiosk('kiosk-a', NOW);
    const revoked = await send(body);
    expect([revoked.status, revoked.body['code']]).toEqual([403, 'kiosk-revoked']);
    expect(await f.store.fleet.latest()).toEqual([]);
  });
});
