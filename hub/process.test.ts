import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHlc } from '#shared/sync/hlc';
import { MAX_CLOCK_AHEAD_MS, PROTOCOL_VERSION, type Mutation } from '#shared/sync/protocol';
import { addKiosk } from './admin/admin';
import type { HubStore } from './store/store';
import { responseDroppingProxy, spawnHub, type ChildHub } from './test-support/child-hub';
import { MONS, member, put, stamp, visit } from './test-support/factories';
import { post } from './test-support/http';
import { storeCases, type TestDatabase } from './test-support/stores';

/**
 * The hub as a real child process (the bundle `npm run hub` runs) on 127.0.0.1, with real faults: SIGKILL in the
 * middle of pushes, responses lost after the commit, duplicated and reordered deliveries.
 */

function pushBody(batch: readonly Mutation[]) {
  return { type: 'push', protocolVersion: PROTOCOL_VERSION, kioskId: 'kiosk-a', batch };
}

/** A kiosk's push loop: sends the outbox in batches, deleting only what the hub answered. */
async function drain(
  url: string,
  token: string,
  outbox: Mutation[],
  batchSize: number,
): Promise<void> {
  while (outbox.length > 0) {
    const batch = outbox.slice(0, batchSize);
    const reply = await post(`${url}/v1/sync/push`, pushBody(batch), { token, gzip: true });
    if (reply.status !== 200) throw new Error(`push failed: ${reply.status}`);
    const answered = new Set([
      ...(reply.body['accepted'] as string[]),
      ...(reply.body['rejected'] as { mutationId: string }[]).map((r) => r.mutationId),
    ]);
    expect(answered.size).toBe(batch.length);
    outbox.splice(0, outbox.length, ...outbox.filter((m) => !answered.has(m.mutationId)));
  }
}

async function enrol(url: string, code: string): Promise<string> {
  const reply = await post(`${url}/v1/enrol`, {
    type: 'enrol',
    protocolVersion: PROTOCOL_VERSION,
    code,
    kioskId: 'kiosk-a',
  });
  return String(reply.body['token']);
}

describe.each(storeCases())('hub child process on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let hub: ChildHub | undefined;
  let code: string;

  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    ({ code } = await addKiosk(store, MONS, Date.now()));
  });
  afterEach(async () => {
    await hub?.kill();
    hub = undefined;
    await store.close();
    await db.drop();
  });

  it('loses and duplicates nothing when SIGKILLed mid-push and restarted', async () => {
    const all = Array.from({ length: 3000 }, () => put('visits', visit()));
    const outbox = [...all];
    hub = await spawnHub(db.url);
    const token = await enrol(hub.url, code);
    let interrupted = 0;
    for (const killAfterMs of [15, 60, 140]) {
      const pushing = drain(hub.url, token, outbox, 500).then(
        () => false,
        () => true,
      );
      await delay(killAfterMs);
      await hub.kill();
      if (await pushing) interrupted += 1;
      hub = await spawnHub(db.url);
    }
    expect(interrupted).toBeGreaterThan(0);
    await drain(hub.url, token, outbox, 500);
    // A batch whose reply died with the hub is re-sent: re-announced, never applied twice.
    expect(await store.stats()).toMatchObject({ records: 3000, changes: 3000, verdicts: 3000 });
    const page = await store.pull(0, 5000, MONS);
    expect(new Set(page.changes.map((c) => c.recordId))).toEqual(
      new Set(all.map((m) => m.recordId)),
    );
    // Four hub start-ups (tsx) under load take longer than the default 5 s.
  }, 60_000);

  it('makes the retry a no-op when the response is lost after the commit', async () => {
    hub = await spawnHub(db.url);
    const token = await enrol(hub.url, code);
    const batch = Array.from({ length: 200 }, () => put('visits', visit()));
    const proxy = await responseDroppingProxy(new URL(hub.url));
    try {
      await expect(post(`${proxy.url}/v1/sync/push`, pushBody(batch), { token })).rejects.toThrow();
    } finally {
      proxy.server.close();
    }
    const committed = await store.stats();
    expect(committed).toMatchObject({ records: 200, verdicts: 200 });
    const retry = await post(`${hub.url}/v1/sync/push`, pushBody(batch), { token });
    expect(retry.body['accepted']).toEqual(batch.map((m) => m.mutationId));
    // No second effect; the retry only re-announces the records (the head moves on).
    expect(await store.stats()).toEqual({ ...committed, head: committed.head + 200 });
  }, 30_000);

  it('applies every push once when each is delivered 2–5 times, out of order, at once', async () => {
    hub = await spawnHub(db.url);
    const token = await enrol(hub.url, code);
    const batches = Array.from({ length: 8 }, () =>
      Array.from({ length: 25 }, () => put('visits', visit())),
    );
    const deliveries = batches.flatMap((b, i) => Array.from({ length: 2 + (i % 4) }, () => b));
    deliveries.sort((a, b) => (a[3]?.mutationId ?? '').localeCompare(b[3]?.mutationId ?? ''));
    const url = hub.url;
    const replies = await Promise.all(
      deliveries.map((b) => post(`${url}/v1/sync/push`, pushBody(b), { token })),
    );
    replies.forEach((r, i) => {
      expect(r.body['accepted']).toEqual(deliveries[i]?.map((m) => m.mutationId));
    });
    expect(await store.stats()).toMatchObject({ records: 200, changes: 200, verdicts: 200 });
  }, 30_000);

  it('clamps a kiosk clock two days ahead to the hub clock', async () => {
    hub = await spawnHub(db.url);
    const token = await enrol(hub.url, code);
    const sent = Date.now();
    const skewed = { ...put('members', member()), hlc: stamp(sent + 2 * 86_400_000, 3, 'kiosk-a') };
    const reply = await post(`${hub.url}/v1/sync/push`, pushBody([skewed]), { token });
    expect(reply.body['accepted']).toEqual([skewed.mutationId]);
    const row = await store.readRecord('members', 'm1');
    const recorded =
      row?.state.kind === 'fields' ? row.state.fields['displayName']?.hlc : undefined;
    const parsed = parseHlc(recorded ?? '');
    expect(parsed.ok && parsed.value.ms).toBeLessThanOrEqual(Date.now() + MAX_CLOCK_AHEAD_MS);
    expect(parsed.ok && parsed.value.counter).toBe(3);
  }, 30_000);
});
