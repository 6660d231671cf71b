import { describe, expect, it } from 'vitest';
import { NOW } from '../test-support/factories';
import { heartbeatBody, heartbeatRow } from '../test-support/heartbeats';
import { useStoreFixture } from '../test-support/store-fixture';
import { storeCases } from '../test-support/stores';

const DAY = 24 * 3600_000;

describe.each(storeCases())('the fleet store on $name', (storeCase) => {
  const f = useStoreFixture(storeCase);

  it('keeps the latest heartbeat per kiosk and a history bounded by keepSince', async () => {
    const { store } = f;
    // Eight days of one heartbeat a day for kiosk-a, each write keeping a week back from it.
    for (let d = 8; d >= 0; d--) {
      await store.fleet.recordHeartbeat(
        heartbeatRow('kiosk-a', NOW - d * DAY),
        NOW - d * DAY - 7 * DAY,
      );
    }
    await store.fleet.recordHeartbeat(heartbeatRow('kiosk-b', NOW - DAY), 0);
    expect((await store.fleet.latest()).map((r) => [r.kioskId, r.receivedAt])).toEqual([
      ['kiosk-a', NOW],
      ['kiosk-b', NOW - DAY],
    ]);
    const history = await store.fleet.history('kiosk-a', 0, 100);
    expect(history.map((r) => (NOW - r.receivedAt) / DAY)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(
      (await store.fleet.history('kiosk-a', NOW - 2 * DAY, 2)).map((r) => r.receivedAt),
    ).toEqual([NOW, NOW - DAY]);
  });

  it('lets a second heartbeat of the same millisecond replace the first', async () => {
    const { store } = f;
    await store.fleet.recordHeartbeat(heartbeatRow('kiosk-a', NOW), 0);
    const second = heartbeatRow('kiosk-a', NOW, {
      clockOffsetMs: -4000,
      heartbeat: heartbeatBody({ outboxSize: 9, outboxOldestAt: NOW - 1000 }),
    });
    await store.fleet.recordHeartbeat(second, 0);
    expect(await store.fleet.latest()).toEqual([second]);
    expect(await store.fleet.history('kiosk-a', 0, 10)).toEqual([second]);
  });
});
