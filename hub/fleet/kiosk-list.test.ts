import { describe, expect, it } from 'vitest';
import { addKiosk } from '../admin/admin';
import { hashEnrolmentCode } from '../auth/credentials';
import { runCli, type CliIo } from '../cli';
import { MONS, NOW, space } from '../test-support/factories';
import { heartbeatBody, heartbeatRow } from '../test-support/heartbeats';
import { hubPut } from '../test-support/hub-writes';
import { useStoreFixture } from '../test-support/store-fixture';
import { storeCases } from '../test-support/stores';

const MIN = 60_000;

describe.each(storeCases())('kiosk list on $name', (storeCase) => {
  const f = useStoreFixture(storeCase);

  it("shows each kiosk's state and why, now or at a given instant", async () => {
    const { store, db } = f;
    await hubPut(store, 'spaces', [space()], NOW - 3600_000);
    for (const id of ['desk-a', 'desk-b', 'desk-c', 'desk-d']) {
      const { code } = await addKiosk(store, MONS, NOW - 3600_000);
      await store.redeemEnrolment(hashEnrolmentCode(code), id, 'h', NOW - 3600_000);
    }
    await store.fleet.recordHeartbeat(heartbeatRow('desk-a', NOW - MIN), 0);
    await store.fleet.recordHeartbeat(
      heartbeatRow('desk-b', NOW - MIN, {
        clockOffsetMs: 185_000,
        heartbeat: heartbeatBody({
          readers: [{ name: 'front', kind: 'hid', state: 'disconnected' }],
        }),
      }),
      0,
    );
    await store.revokeKiosk('desk-d', NOW - 2 * MIN);
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, now: () => NOW };
    const cli = (...args: string[]) => runCli([...args, '--db', db.url], io);
    expect(await cli('kiosk', 'list')).toBe(0);
    expect(out.splice(0)).toEqual([
      'KIOSK   SPACE            STATE       LAST SEEN (UTC)   PULLED THROUGH  WHY',
      `desk-a  ${MONS}  ok          2025-03-10 08:59  0               -`,
      `desk-b  ${MONS}  attention   2025-03-10 08:59  0               clock 185 s off the hub's; reader front disconnected`,
      `desk-c  ${MONS}  never seen  -                 0               enrolled, not heard from yet`,
      `desk-d  ${MONS}  revoked     -                 0               revoked 2025-03-10 08:58 UTC`,
    ]);
    // Thirty minutes on (Mons states no hours: always open), the silent kiosks are down.
    expect(await cli('kiosk', 'list', '--at', new Date(NOW + 29 * MIN - 1).toISOString())).toBe(0);
    expect(out.splice(0).map((l) => l.split(/\s{2,}/)[2])).toEqual([
      'STATE',
      'ok',
      'attention',
      'never seen',
      'revoked',
    ]);
    expect(await cli('kiosk', 'list', '--at', new Date(NOW + 29 * MIN).toISOString())).toBe(0);
    expect(out.splice(0)[1]).toContain(
      'down        2025-03-10 08:59  0               silent since 2025-03-10 08:59 UTC',
    );
    expect(await cli('kiosk', 'list', '--at', 'tomorrow')).toBe(2);
    expect(err.join('\n')).toContain('--at must be an ISO 8601 instant');
  });
});
