import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { memoryLog } from '../log';
import type { Hub, HubOptions } from '../server';
import type { HubStore } from '../store/store';
import { MONS, NOW } from './factories';
import { enrolKiosk, startTestHub } from './http';
import type { StoreCase, TestDatabase } from './stores';

/** What a hub test works with; the fields are set by the fixture's hooks. */
export interface HubFixture {
  db: TestDatabase;
  store: HubStore;
  hub: Hub;
  url: string;
  log: ReturnType<typeof memoryLog>;
  /** kiosk-a's credential, enrolled for MONS. */
  token: string;
}

/**
 * Registers hooks (in the calling `describe`) giving each test (`per: 'each'`) or the whole block
 * (`'all'`) a fresh database of `storeCase`, a hub on 127.0.0.1 over it at hub time NOW with a
 * memory log, and kiosk-a enrolled for MONS; and closing and dropping them afterwards. A test may
 * replace `store` (after closing it): the one there at the end is closed.
 */
export function useHubFixture(
  storeCase: StoreCase,
  options: { per?: 'each' | 'all'; hub?: Partial<Omit<HubOptions, 'store' | 'log'>> } = {},
): HubFixture {
  const f = {} as HubFixture;
  const [before, after] = options.per === 'all' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    f.db = await storeCase.create();
    f.store = await f.db.open();
    f.log = memoryLog();
    ({ hub: f.hub, url: f.url } = await startTestHub(f.store, {
      clock: () => NOW,
      log: f.log,
      ...options.hub,
    }));
    f.token = await enrolKiosk(f.store, f.url, MONS, 'kiosk-a');
  });
  after(async () => {
    await f.hub.close();
    await f.store.close();
    await f.db.drop();
  });
  return f;
}
