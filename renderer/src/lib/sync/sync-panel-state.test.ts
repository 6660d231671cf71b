import { afterEach, describe, expect, it } from 'vitest';
import type { KioskApi } from '#shared/ipc/contract';
import { ok } from '#shared/result';
import type { KioskDb } from '../db/kiosk-db';
import { freshDb } from '../db/test-factories';
import { createBrowserKioskApi } from '../../platform/browser-kiosk-api';
import { SyncEngine } from './sync-engine';
import { SyncPanelState } from './sync-panel-state.svelte';

let db: KioskDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A panel over a fresh database, its engine on `api.sync` (a plain browser's: no hub). */
function panelOver(api: KioskApi): SyncPanelState {
  db = freshDb('sync-panel');
  const engine = new SyncEngine({
    db,
    hub: api.sync,
    clock: Date.now,
    sleep: () => Promise.resolve(),
  });
  return new SyncPanelState({ engine, api, db });
}

const browserApi = (): KioskApi => createBrowserKioskApi({ search: '', now: Date.now });

describe('SyncPanelState', () => {
  it('knows a kiosk without a hub as standalone once main has answered', async () => {
    const panel = panelOver(browserApi());
    expect(panel.isStandalone).toBe(false);
    await panel.open();
    expect(panel.hub).toMatchObject({ isConfigured: false });
    expect(panel.isStandalone).toBe(true);
    panel.close();
  });

  it('is not standalone with a hub configured', async () => {
    const api = browserApi();
    // Main's answer for a kiosk with a hub: the IPC boundary, which a browser cannot reach.
    const withHub: KioskApi = {
      ...api,
      sync: {
        ...api.sync,
        getState: () =>
          Promise.resolve(
            ok({ isConfigured: true, isEnrolled: true, hubUrl: 'https://hub.example' }),
          ),
      },
    };
    const panel = panelOver(withHub);
    await panel.open();
    expect(panel.isStandalone).toBe(false);
    panel.close();
  });

  it('keeps the code of a refused "Sync now" for the screen to word', async () => {
    const panel = panelOver(browserApi());
    await panel.requestSync();
    expect(panel.requestError).toBe('hub-not-configured');
  });

  it('records a failed transport as a code, never as the exception text', async () => {
    const api = browserApi();
    const broken: KioskApi = {
      ...api,
      sync: { ...api.sync, requestNow: () => Promise.reject(new Error('IPC channel closed')) },
    };
    const panel = panelOver(broken);
    await panel.requestSync();
    expect(panel.requestError).toBe('ipc-handler-failed');
  });
});
