import { afterEach, beforeEach } from 'vitest';
import type { HubStore } from '../store/store';
import type { StoreCase, TestDatabase } from './stores';

/** What a store-level test works with; the fields are set by the fixture's hooks. */
export interface StoreFixture {
  db: TestDatabase;
  store: HubStore;
}

/**
 * Registers hooks (in the calling `describe`) giving each test a fresh, migrated database of
 * `storeCase` and its open store, closed and dropped afterwards (no hub: `useHubFixture` adds one).
 */
export function useStoreFixture(storeCase: StoreCase): StoreFixture {
  const f = {} as StoreFixture;
  beforeEach(async () => {
    f.db = await storeCase.create();
    f.store = await f.db.open();
  });
  afterEach(async () => {
    await f.store.close();
    await f.db.drop();
  });
  return f;
}
