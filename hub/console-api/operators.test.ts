import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSpacesCsv } from '../admin/admin';
import type { HubStore } from '../store/store';
import { LILLE, MONS, NOW } from '../test-support/factories';
import { storeCases, type TestDatabase } from '../test-support/stores';
import type { OperatorPrincipal } from './contract';
import { consoleClient, type ConsoleClient } from './testing/console-client';
import { consoleCall, signIn } from './testing/console-http';

const SPACES = `id,name,city,country,timezone,languages
${MONS},Co-nnexion,Mons,BE,Europe/Brussels,fr;nl;en
${LILLE},Mutualab,Lille,FR,Europe/Paris,fr;en
`;

const NETWORK: OperatorPrincipal = {
  operatorId: 'op-net',
  email: 'net@coffee.example',
  role: 'network',
  spaceId: null,
};
const MANAGER: OperatorPrincipal = {
  operatorId: 'op-mons',
  email: 'mons@coffee.example',
  role: 'space',
  spaceId: MONS,
};

describe.each(storeCases())('operators and audit on $name', (storeCase) => {
  let db: TestDatabase;
  let store: HubStore;
  let net: ConsoleClient;
  beforeEach(async () => {
    db = await storeCase.create();
    store = await db.open();
    await importSpacesCsv(store, SPACES, NOW);
    net = await consoleClient({ store, routes: [], operator: NETWORK, clock: () => NOW });
  });
  afterEach(async () => {
    await net.close();
    await store.close();
    await db.drop();
  });

  it('refuses a space manager every operators and audit endpoint with 403', async () => {
    const mons = await consoleClient({ store, routes: [], operator: MANAGER });
    try {
      for (const [method, path, body] of [
        ['GET', '/operators', undefined],
        ['POST', '/operators', { email: 'x@coffee.example', role: 'space', spaceId: MONS }],
        ['PATCH', `/operators/${MANAGER.operatorId}`, { role: 'network' }],
        ['POST', `/operators/${NETWORK.operatorId}/reset`, undefined],
        ['GET', '/audit', undefined],
      ] as const) {
        const answer = await mons.request(method, path, body);
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.json).toMatchObject({ code: 'forbidden' });
      }
      expect((await store.operators.findOperator(MANAGER.operatorId))?.role).toBe('space');
      expect(await store.operators.listOperators()).toHaveLength(2);
    } finally {
      await mons.close();
    }
  });

  it('adds, changes, resets and disables operators, each change audited without secrets', async () => {
    const added = await net.request('POST', '/operators', {
      email: 'Lille@Coffee.example',
      role: 'space',
      spaceId: LILLE,
    });
    expect(added.status).toBe(201);
    const { operator, password } = added.json as {
      operator: { id: string; email: string };
      password: string;
    };
    expect(operator).toMatchObject({
      email: 'lille@coffee.example',
      role: 'space',
      spaceId: LILLE,
    });
    expect(password.length).toBeGreaterThanOrEqual(12);
    const theirs = await signIn(net.url, 'lille@coffee.example', password);

    for (const [body, code, status] of [
      [{ email: 'LILLE@coffee.example', role: 'network' }, 'operator-exists', 409],
      [{ email: 'x@coffee.example', role: 'space', spaceId: 'nowhere' }, 'space-unknown', 400],
      [{ email: 'x@coffee.example', role: 'space' }, 'space-required', 400],
      [{ email: 'not an email', role: 'network' }, 'malformed', 400],
    ] as const) {
      const refused = await net.request('POST', '/operators', body);
      expect(refused.status, code).toBe(status);
      expect(refused.json).toMatchObject({ code });
    }

    const moved = await net.request('PATCH', `/operators/${operator.id}`, { spaceId: MONS });
    expect(moved.json).toMatchObject({ operator: { spaceId: MONS, disabled: false } });
    expect((await net.request('PATCH', '/operators/nobody', { disabled: true })).status).toBe(404);

    const reset = await net.request('POST', `/operators/${operator.id}/reset`);
    expect(reset.status).toBe(200);
    const fresh = (reset.json as { password: string }).password;
    expect(fresh).not.toBe(password);
    const ended = await consoleCall(net.url, 'GET', '/console/api/session', theirs);
    expect(ended.status).toBe(401);
    await signIn(net.url, 'lille@coffee.example', fresh);

    const disabled = await net.request('PATCH', `/operators/${operator.id}`, { disabled: true });
    expect(disabled.json).toMatchObject({ operator: { disabled: true } });
    const list = await net.request('GET', '/operators');
    expect(list.json).toEqual({
      operators: [
        expect.objectContaining({ email: 'lille@coffee.example', disabled: true }),
        expect.objectContaining({ id: NETWORK.operatorId, lastLoginAt: NOW }),
      ],
    });

    const entries = await net.auditEntries();
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      [NETWORK.operatorId, 'operator.add', `operator:${operator.id}`],
      [NETWORK.operatorId, 'operator.update', `operator:${operator.id}`],
      [NETWORK.operatorId, 'operator.reset', `operator:${operator.id}`],
      [NETWORK.operatorId, 'operator.disable', `operator:${operator.id}`],
    ]);
    expect(entries[1]).toMatchObject({
      before: { spaceId: LILLE, role: 'space', disabled: false },
      after: { spaceId: MONS, role: 'space', disabled: false },
    });
    const text = JSON.stringify(entries);
    for (const secret of [password, fresh, '$argon2']) expect(text).not.toContain(secret);
  });

  it('never disables or demotes the last enabled network operator', async () => {
    const self = `/operators/${NETWORK.operatorId}`;
    for (const body of [{ disabled: true }, { role: 'space', spaceId: MONS }]) {
      const refused = await net.request('PATCH', self, body);
      expect(refused.status).toBe(409);
      expect(refused.json).toMatchObject({ code: 'last-network-operator' });
    }
    const other = await net.request('POST', '/operators', {
      email: 'second@coffee.example',
      role: 'network',
    });
    expect(other.status).toBe(201);
    const demoted = await net.request('PATCH', self, { role: 'space', spaceId: MONS });
    expect(demoted.json).toMatchObject({ operator: { role: 'space', spaceId: MONS } });
    // The role is read at every request: the demoted operator is a space manager at once.
    expect((await net.request('GET', '/operators')).status).toBe(403);
  });

  it('pages the audit log newest first, naming each actor', async () => {
    for (let i = 1; i <= 3; i++) {
      await net.request('POST', '/operators', { email: `n${i}@coffee.example`, role: 'network' });
    }
    const first = await net.request('GET', '/audit?limit=2');
    const page = first.json as {
      entries: { seq: number; after: { email: string } }[];
      next: number;
    };
    expect(page.entries.map((e) => e.after.email)).toEqual([
      'n3@coffee.example',
      'n2@coffee.example',
    ]);
    expect(page.entries[0]).toMatchObject({
      actor: NETWORK.operatorId,
      actorEmail: NETWORK.email,
      action: 'operator.add',
      at: NOW,
    });
    const second = await net.request('GET', `/audit?limit=2&before=${page.next}`);
    expect(second.json).toMatchObject({
      entries: [{ after: { email: 'n1@coffee.example' } }],
      next: null,
    });
    for (const query of ['limit=0', 'limit=201', 'before=x', 'other=1']) {
      expect((await net.request('GET', `/audit?${query}`)).status, query).toBe(400);
    }
  });
});
