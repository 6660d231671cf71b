import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { planJob } from '../test-support/plan-job';
import { recordOf } from '../sync/encoded-put';
import { feedWorkerPool } from './feed-worker-pool';
import { keyOf, type Overlays, type Plan } from './occurrence-plan';
import { planFeed, type PlanFeedJob } from './plan-feed';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const OVERLAYS: Overlays = {
  words: new Map([
    [
      'weekly-brussels@coffee.test',
      [{ uid: 'weekly-brussels@coffee.test', lang: 'nl', title: 'Koffie' }],
    ],
  ]),
  cancelled: new Set([keyOf('weekly-brussels@coffee.test', '2026-04-05T07:30:00Z')]),
};

/** Runs `j` with `planner`, collecting the batches and the uids it asked about. */
async function run(planner: typeof planFeed, j: PlanFeedJob) {
  const batches: Plan[] = [];
  const asked: string[][] = [];
  const end = await planner(
    j,
    (uids) => {
      asked.push([...uids]);
      return Promise.resolve(OVERLAYS);
    },
    (plan) => batches.push(plan),
  );
  return { end, batches, asked };
}

describe('the feed worker', () => {
  const pool = feedWorkerPool();
  afterAll(() => pool.close());

  it('plans a feed in its thread exactly as planFeed does in place, batch by batch', async () => {
    for (const name of ['weekly-brussels.ics', 'exceptions.ics', 'all-day.ics', 'languages.ics']) {
      const stored = new Map([[keyOf('gone@t', ''), { eventId: 'evt_gone', digest: 'x' }]]);
      const here = await run(planFeed, planJob(fixture(name), { stored }));
      const there = await run(pool.plan, planJob(fixture(name), { stored }));
      expect(there, name).toEqual(here);
      expect(here.end).toEqual({ ok: true, value: { missing: [keyOf('gone@t', '')] } });
      expect(here.batches.length, name).toBeGreaterThan(0);
    }
    const weekly = await run(pool.plan, planJob(fixture('weekly-brussels.ics')));
    const records = weekly.batches.flatMap((b) => b.fresh.map((f) => recordOf(f.put)));
    expect(records.find((r) => r['recurrenceId'] === '2026-04-05T07:30:00Z')).toMatchObject({
      status: 'cancelled',
      title: { fr: 'Café des indépendants', nl: 'Koffie' },
    });
  });

  it('answers a malformed feed with the line at fault, and hands on nothing', async () => {
    const out = await run(pool.plan, planJob(fixture('malformed.ics')));
    expect(out.end.ok).toBe(false);
    if (!out.end.ok) {
      expect(out.end.error.code).toBe('feed-malformed');
      expect(out.end.error.message).toMatch(/^line \d+:/);
    }
    expect(out.batches).toEqual([]);
  });

  it('runs jobs given together one after the other, each with its own batches', async () => {
    const [a, b] = await Promise.all([
      run(pool.plan, planJob(fixture('weekly-brussels.ics'))),
      run(pool.plan, planJob(fixture('monthly-31.ics'))),
    ]);
    expect(a).toEqual(await run(planFeed, planJob(fixture('weekly-brussels.ics'))));
    expect(b).toEqual(await run(planFeed, planJob(fixture('monthly-31.ics'))));
  });

  it('rejects a job whose store lookup fails, and starts a fresh thread for the next', async () => {
    await expect(
      pool.plan(
        planJob(fixture('weekly-brussels.ics')),
        () => Promise.reject(new Error('disk I/O error')),
        () => undefined,
      ),
    ).rejects.toThrow('disk I/O error');
    expect((await run(pool.plan, planJob(fixture('weekly-brussels.ics')))).end.ok).toBe(true);
  });

  it('fails a job with a clear reason when its input breaks the worker, and goes on', async () => {
    // Not a Map: the worker's planning throws on it.
    const broken = planJob(fixture('weekly-brussels.ics'), {
      stored: [] as unknown as PlanFeedJob['stored'],
    });
    const out = await run(pool.plan, broken);
    expect(out.end).toMatchObject({
      ok: false,
      error: { code: 'feed-worker-failed', message: /^The feed could not be expanded: / },
    });
    expect((await run(pool.plan, planJob(fixture('weekly-brussels.ics')))).end.ok).toBe(true);
  });
});

describe('a feed worker that dies', () => {
  it('fails the job in progress as feed-worker-failed, and refuses jobs once closed', async () => {
    const pool = feedWorkerPool(() => new Worker('process.exit(3)', { eval: true }));
    const out = await run(pool.plan, planJob(fixture('weekly-brussels.ics')));
    expect(out.end).toEqual({
      ok: false,
      error: {
        code: 'feed-worker-failed',
        message: 'The feed could not be expanded: the worker stopped (exit code 3).',
      },
    });
    await pool.close();
    const late = await run(pool.plan, planJob(fixture('weekly-brussels.ics')));
    expect(late.end).toMatchObject({ ok: false, error: { code: 'feed-worker-failed' } });
  });
});
