import { beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync/protocol';
import { addKiosk } from '../admin/admin';
import { MONS, NOW, put, visit } from '../test-support/factories';
import { enrolKiosk, post } from '../test-support/http';
import { useHubFixture } from '../test-support/hub-fixture';
import { storeCases } from '../test-support/stores';

/**
 * What a client written from docs/sync-protocol.md alone found, checked over HTTP against the real
 * hub on each store: malformed batch elements, another kiosk's node id in a stamp, another hub's
 * epoch in a push, and a recorded check-in rewritten by a later push.
 */
describe.each(storeCases())('sync routes on $name', (storeCase) => {
  const f = useHubFixture(storeCase);
  let tokenB: string;
  const push = (kioskId: string, batch: unknown[], over: Record<string, unknown> = {}) => ({
    type: 'push',
    protocolVersion: PROTOCOL_VERSION,
    kioskId,
    batch,
    ...over,
  });
  const pullAll = async (token: string) => {
    const body = { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 1000 };
    return (await post(`${f.url}/v1/sync/pull`, body, { token })).body as {
      changes: { recordId: string; record?: Record<string, unknown> }[];
    };
  };

  beforeEach(async () => {
    tokenB = await enrolKiosk(f.store, f.url, MONS, 'kiosk-b');
  });

  it('rejects each malformed batch element alone, keyed by its id or its position', async () => {
    const good = put('visits', visit());
    const badTable = { ...put('visits', visit()), mutationId: 'bad-table-0001', table: 'rooms' };
    const badRecordId = { ...put('visits', visit()), recordId: 'Griselda Vanderkerckhove' };
    const shortId = { ...put('visits', visit()), mutationId: 'short' };
    const later = put('visits', visit());
    const batch = [good, badTable, badRecordId, shortId, 42, null, { op: 'put' }, later];
    const first = await post(`${f.url}/v1/sync/push`, push('kiosk-a', batch), { token: f.token });
    expect(first.status).toBe(200);
    expect(first.body['accepted']).toEqual([good.mutationId, later.mutationId]);
    const rejected = first.body['rejected'] as { mutationId: string; code: string }[];
    expect(rejected.map((r) => [r.mutationId, r.code])).toEqual([
      ['bad-table-0001', 'mutation-malformed'],
      [badRecordId.mutationId, 'mutation-malformed'],
      ['#3', 'mutation-malformed'],
      ['#4', 'mutation-malformed'],
      ['#5', 'mutation-malformed'],
      ['#6', 'mutation-malformed'],
    ]);
    // Reasons name fields, never values.
    expect(JSON.stringify(first.body)).not.toContain('Griselda');
    expect(JSON.stringify(rejected[0])).toContain('table');
    // Verdicts keyed by a valid id are recorded (rule 1), positional ones are not.
    expect((await f.store.stats()).verdicts).toBe(4);
    const retry = await post(`${f.url}/v1/sync/push`, push('kiosk-a', batch), { token: f.token });
    expect(retry.body['accepted']).toEqual(first.body['accepted']);
    expect(retry.body['rejected']).toEqual(first.body['rejected']);
    expect((await f.store.stats()).verdicts).toBe(4);
    expect((await pullAll(f.token)).changes).toHaveLength(2);
    // A request whose envelope cannot be read is still refused whole.
    const noBatch = await post(`${f.url}/v1/sync/push`, push('kiosk-a', [], { batch: {} }), {
      token: f.token,
    });
    expect(noBatch).toMatchObject({ status: 400, body: { code: 'malformed' } });
  });

  it("rejects a stamp bearing another kiosk's node id, alone; a re-enrolled kiosk keeps its own", async () => {
    const own = put('visits', visit(), NOW - 1000, 'kiosk-a');
    const borrowed = put('visits', visit(), NOW - 1000, 'kiosk-b');
    const reply = await post(`${f.url}/v1/sync/push`, push('kiosk-a', [own, borrowed]), {
      token: f.token,
    });
    expect(reply.body['accepted']).toEqual([own.mutationId]);
    expect(reply.body['rejected']).toEqual([
      {
        mutationId: borrowed.mutationId,
        code: 'hlc-node-mismatch',
        reason: expect.stringContaining('kiosk-b') as string,
      },
    ]);
    expect(await f.store.readRecord('visits', borrowed.recordId)).toBeUndefined();
    // A wiped kiosk enrolled again under the same id stamps with that id, as before.
    const again = await enrolKiosk(f.store, f.url, MONS, 'kiosk-a');
    const next = put('visits', visit(), NOW - 500, 'kiosk-a');
    const after = await post(`${f.url}/v1/sync/push`, push('kiosk-a', [next]), { token: again });
    expect(after.body).toMatchObject({ accepted: [next.mutationId], rejected: [] });
    // No kiosk may take the hub's own node id.
    const { code } = await addKiosk(f.store, MONS, NOW);
    const hubNamed = await post(`${f.url}/v1/enrol`, {
      type: 'enrol',
      protocolVersion: PROTOCOL_VERSION,
      code,
      kioskId: 'hub',
    });
    expect(hubNamed).toMatchObject({ status: 400, body: { code: 'malformed' } });
  });

  it("refuses a push carrying another hub's epoch whole (409), and takes this hub's", async () => {
    const v = put('visits', visit());
    const before = await f.store.stats();
    const stale = await post(
      `${f.url}/v1/sync/push`,
      push('kiosk-a', [v], { hubEpoch: 'a-wiped-hub' }),
      { token: f.token },
    );
    expect(stale).toMatchObject({ status: 409, body: { type: 'error', code: 'epoch-mismatch' } });
    expect(String(stale.body['message'])).toContain(f.store.epoch);
    expect(await f.store.stats()).toEqual(before);
    expect(f.log.entries).toContainEqual(
      expect.objectContaining({ message: 'request refused', status: 409, code: 'epoch-mismatch' }),
    );
    const current = await post(
      `${f.url}/v1/sync/push`,
      push('kiosk-a', [v], { hubEpoch: f.store.epoch }),
      { token: f.token },
    );
    expect(current.body).toMatchObject({ accepted: [v.mutationId], hubEpoch: f.store.epoch });
  });

  it('keeps a recorded check-in: a later push from another kiosk cannot rewrite it', async () => {
    const first = visit({ kioskId: 'kiosk-a', personId: 'm1', method: 'wedge' });
    const rewrite = { ...first, kioskId: 'kiosk-b', personId: 'm0', method: 'host' as const };
    const a = put('visits', first, NOW - 5000, 'kiosk-a');
    const b = put('visits', { ...rewrite, checkInAt: NOW - 100 }, NOW - 100, 'kiosk-b');
    await post(`${f.url}/v1/sync/push`, push('kiosk-a', [a]), { token: f.token });
    const reply = await post(`${f.url}/v1/sync/push`, push('kiosk-b', [b]), { token: tokenB });
    expect(reply.body['accepted']).toEqual([b.mutationId]);
    const kept = (await pullAll(tokenB)).changes.find((c) => c.recordId === first.id)?.record;
    expect(kept).toEqual(first);
    // Arrival order does not matter: the lower stamp's check-in wins on another visit too.
    const early = visit({ kioskId: 'kiosk-a' });
    const late = { ...early, kioskId: 'kiosk-b', personId: 'm0', checkInAt: NOW - 50 };
    await post(
      `${f.url}/v1/sync/push`,
      push('kiosk-b', [put('visits', late, NOW - 50, 'kiosk-b')]),
      {
        token: tokenB,
      },
    );
    await post(
      `${f.url}/v1/sync/push`,
      push('kiosk-a', [put('visits', early, NOW - 9000, 'kiosk-a')]),
      { token: f.token },
    );
    const won = (await pullAll(f.token)).changes.find((c) => c.recordId === early.id)?.record;
    expect(won).toEqual(early);
    // A card bound after the check-in (a walk-in's spare card) is kept, by its own stamp.
    const unbound = visit({ kioskId: 'kiosk-a', personKind: 'visitor', personId: 'g1' });
    await post(
      `${f.url}/v1/sync/push`,
      push('kiosk-a', [
        put('visits', unbound, NOW - 3000, 'kiosk-a'),
        put('visits', { ...unbound, cardId: '0004340888' }, NOW - 2000, 'kiosk-a'),
      ]),
      { token: f.token },
    );
    const bound = (await pullAll(f.token)).changes.find((c) => c.recordId === unbound.id)?.record;
    expect(bound).toEqual({ ...unbound, cardId: '0004340888' });
  });
});
