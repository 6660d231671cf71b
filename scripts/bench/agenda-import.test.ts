import { afterAll, expect, it } from 'vitest';
import { feedWorkerPool } from '#hub/agenda/feed-worker-pool';
import { benchAgendaImport } from './agenda-import';

const pool = feedWorkerPool();
afterAll(() => pool.close());

it('imports a small generated feed into a fresh SQLite hub and measures it', async () => {
  const run = await benchAgendaImport(pool.plan, 200);
  expect(run.events).toBe(200);
  // A quarter recur over 13 months: far more occurrences than events.
  expect(run.occurrences).toBeGreaterThan(400);
  expect(run.importMs).toBeGreaterThan(0);
  expect(run.eventsPerS).toBeCloseTo(200 / (run.importMs / 1000));
  expect(run.reimportMs).toBeGreaterThan(0);
}, 60_000);
