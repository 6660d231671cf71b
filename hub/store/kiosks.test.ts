import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { addKiosk } from '../admin/admin';
import { runCli, type CliIo } from '../cli';
import type { Hub } from '../server';
import { applyPush } from '../sync/push';
import { MONS, put, space } from '../test-support/factories';
import { enrolKiosk, post, startTestHub } from '../test-support/http';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { HubStore } from './store';

const pull = { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 10 };

describe.each(storeCases())('revoked kiosks on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let hub: Hub;
  let url: string;
  const enrol = (code: string, kioskId = 'kiosk-a') =>
    post(`${url}/v1/enrol`, { type: 'enrol', protocolVersion: PROTOCOL_VERSION, code, kioskId });

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    ({ hub, url } = await startTestHub(store, { pullMarkDelayMs: 0 }));
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
    await db.drop();
  });

  it('refuses to enrol a revoked kiosk until an operator reinstates it', async () => {
    const oldToken = await enrolKiosk(store, url, MONS, 'kiosk-a');
    expect(
      (await post(`${url}/v1/sync/pull`, { ...pull, cursor: 0 }, { token: oldToken })).status,
    ).toBe(200);
    await store.recordPull('kiosk-a', 7);
    expect(await store.revokeKiosk('kiosk-a', Date.now())).toBe(true);

    // A new code does not clear the revocation: the enrolment is refused and the code unused.
    const { code } = await addKiosk(store, MONS, Date.now());
    const refused = await enrol(code);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'kiosk-revoked' });
    expect(String(refused.body['message'])).toContain('kiosk reinstate kiosk-a');
    expect((await store.findKiosk('kiosk-a'))?.revokedAt).not.toBeNull();

    // Reinstated: the old credential stays void, the mark restarts, the same code now enrols.
    expect(await store.reinstateKiosk('kiosk-a')).toBe('reinstated');
    expect(await store.reinstateKiosk('kiosk-a')).toBe('not-revoked');
    expect(await store.reinstateKiosk('nobody')).toBe('unknown');
    const stale = await post(`${url}/v1/sync/pull`, pull, { token: oldToken });
    expect(stale).toMatchObject({ status: 401, body: { code: 'credential-invalid' } });
    expect(await store.findKiosk('kiosk-a')).toMatchObject({ revokedAt: null, pulledThrough: 0 });
    const enrolled = await enrol(code);
    expect(enrolled.status).toBe(200);
    const token = String(enrolled.body['token']);
    expect((await post(`${url}/v1/sync/pull`, pull, { token })).status).toBe(200);
  });

  it('CLI: kiosk reinstate is the explicit step, and says what it cannot do', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, now: Date.now };
    const cli = (...args: string[]) => runCli([...args, '--db', db.url], io);
    // `kiosk add` makes codes for a space the hub holds only.
    await applyPush(store, { kind: 'admin' }, [put('spaces', space())], Date.now());
    await enrolKiosk(store, url, MONS, 'kiosk-a');
    expect(await cli('kiosk', 'reinstate', 'kiosk-a')).toBe(1);
    expect(err.pop()).toBe('Kiosk kiosk-a is not revoked.');
    expect(await cli('kiosk', 'reinstate', 'nobody')).toBe(1);
    expect(err.pop()).toBe('No kiosk nobody.');
    expect(await cli('kiosk', 'revoke', 'kiosk-a')).toBe(0);
    expect(await cli('kiosk', 'add', '--space', MONS)).toBe(0);
    const code = out.pop() ?? '';
    expect((await enrol(code)).status).toBe(403);
    expect(await cli('kiosk', 'reinstate', 'kiosk-a')).toBe(0);
    expect(out.pop()).toContain('Kiosk kiosk-a reinstated');
    expect(err.pop()).toContain('Wipe its local data first');
    expect(await cli('kiosk', 'list')).toBe(0);
    expect(out.splice(-2)).toEqual([
      'KIOSK    SPACE            STATE       LAST SEEN (UTC)  PULLED THROUGH  WHY',
      `kiosk-a  ${MONS}  never seen  -                0               enrolled, not heard from yet`,
    ]);
    expect((await enrol(code)).status).toBe(200);
  });
});
