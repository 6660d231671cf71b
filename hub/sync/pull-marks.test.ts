import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addKiosk } from '../admin/admin';
import { hashEnrolmentCode, hashToken, newKioskToken } from '../auth/credentials';
import { memoryLog } from '../log';
import type { HubStore } from '../store/store';
import { MONS, NOW } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import { pullMarks } from './pull-marks';

describe.each(storeCases())('pull marks on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  const mark = async (id: string) => (await store.findKiosk(id))?.pulledThrough;

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    for (const kioskId of ['kiosk-a', 'kiosk-b']) {
      const { code } = await addKiosk(store, MONS, NOW);
      await store.redeemEnrolment(
        hashEnrolmentCode(code),
        kioskId,
        hashToken(newKioskToken(kioskId)),
        NOW,
      );
    }
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('writes behind the pulls: the latest mark of each kiosk, at flush', async () => {
    const marks = pullMarks(store, 60_000, memoryLog());
    await marks.note('kiosk-a', 10);
    await marks.note('kiosk-a', 25);
    await marks.note('kiosk-b', 7);
    // Nothing stored yet: a mark only ever lags, which keeps compaction safe.
    expect(await mark('kiosk-a')).toBe(0);
    await marks.flush();
    expect(await mark('kiosk-a')).toBe(25);
    expect(await mark('kiosk-b')).toBe(7);
  });

  it('writes on its own after the delay, and at once with a delay of 0', async () => {
    const later = pullMarks(store, 20, memoryLog());
    await later.note('kiosk-a', 4);
    await expect.poll(() => mark('kiosk-a')).toBe(4);
    const now = pullMarks(store, 0, memoryLog());
    await now.note('kiosk-b', 9);
    expect(await mark('kiosk-b')).toBe(9);
  });

  it('logs a failed write and never rejects', async () => {
    const log = memoryLog();
    const marks = pullMarks(
      { recordPull: () => Promise.reject(new Error('disk full')) },
      60_000,
      log,
    );
    await marks.note('kiosk-a', 3);
    await expect(marks.flush()).resolves.toBeUndefined();
    expect(log.lines).toEqual(['error: pull mark not stored']);
  });
});
