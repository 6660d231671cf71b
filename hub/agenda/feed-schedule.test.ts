import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, vi } from 'vitest';
import { importSpacesCsv } from '../admin/admin';
import { LOCAL_FETCH_LIMITS, startFeedServer } from '../test-support/feed-server';
import { startTestHub } from '../test-support/http';
import { icsFeed } from '../test-support/ics';
import { storeCases } from '../test-support/stores';
import { addFeed } from './feeds-admin';

const SPACES =
  'id,name,city,country,timezone,languages\nco-nnexion-mons,Co-nnexion,Mons,BE,Europe/Brussels,fr\n';

it.each(storeCases())(
  'a serving hub imports every feed on start and on its period, and stops on close ($name)',
  async (storeCase) => {
    const db = await storeCase.create();
    const store = await db.open();
    const server = await startFeedServer();
    try {
      const now = Date.now();
      const start = new Date(now + 86_400_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
      const end = new Date(now + 90_000_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
      server.route('/a.ics', {
        body: icsFeed([{ uid: 'soon@t', start, end, summary: 'Bientôt' }]),
      });
      expect((await importSpacesCsv(store, SPACES, now)).ok).toBe(true);
      const added = await addFeed(store, 'co-nnexion-mons', `${server.url}/a.ics`, 'fr', now);
      expect(added.ok).toBe(true);
      const { hub } = await startTestHub(store, {
        agenda: { intervalMs: 100, limits: LOCAL_FETCH_LIMITS },
      });
      await vi.waitFor(
        () => {
          expect(server.requests.length).toBeGreaterThanOrEqual(2);
        },
        { timeout: 5000, interval: 20 },
      );
      await hub.close();
      const seen = server.requests.length;
      expect((await store.agenda.liveEvents()).map((e) => e.uid)).toEqual(['soon@t']);
      await sleep(300);
      expect(server.requests.length).toBe(seen);
    } finally {
      await server.close();
      await store.close();
      await db.drop();
    }
  },
  // A serving hub starts its feed worker from the TypeScript sources here (≈ 0.3–1 s, more on
  // a loaded 2-core machine): 5 s was seen to run out once under load.
  20_000,
);
