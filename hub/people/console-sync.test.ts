import { describe, expect, it } from 'vitest';
import type { Member, Space } from '#shared/domain/types';
import { PROTOCOL_VERSION, type Change } from '#shared/sync/protocol';
import { consoleClient } from '../console-api/testing/console-client';
import { MONS, NOW, space } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { hubPut } from '../test-support/hub-writes';
import { post } from '../test-support/http';
import { storeCases } from '../test-support/stores';
import { peopleRoutes } from './index';
import { MONS_MANAGER, MONS_MEMBER } from './testing/people-fixture';

/**
 * Decision 0031: an edit made in the console goes through the same merge and change log as an
 * import, so a kiosk receives it at its next pull — here over HTTP, from the real hub.
 */
describe.each(storeCases())('console edits reach kiosks on $name', (storeCase) => {
  const f = useHubFixture(storeCase);

  it('a member edit, a new card and a space setting come down the next pull', async () => {
    await hubPut(f.store, 'spaces', [space()], NOW - 60_000);
    await hubPut(f.store, 'members', [MONS_MEMBER], NOW - 60_000);
    const pull = async (cursor: number) => {
      const answer = await post(
        `${f.url}/v1/sync/pull`,
        { type: 'pull', protocolVersion: PROTOCOL_VERSION, cursor, limit: 100 },
        { token: f.token },
      );
      expect(answer.status).toBe(200);
      return answer.body as { changes: Change[]; cursor: number };
    };
    const first = await pull(0);
    expect(first.changes.map((c) => c.recordId)).toEqual([MONS, MONS_MEMBER.id]);

    const console = await consoleClient({
      store: f.store,
      routes: peopleRoutes,
      operator: MONS_MANAGER,
      clock: () => NOW,
    });
    try {
      expect(
        (
          await console.request('PATCH', `/members/${MONS_MEMBER.id}`, {
            displayName: 'Anneke Peeters',
          })
        ).status,
      ).toBe(200);
      expect(
        (await console.request('POST', `/members/${MONS_MEMBER.id}/cards`, { card: '04A1B2C3' }))
          .status,
      ).toBe(200);
      expect(
        (await console.request('PATCH', `/spaces/${MONS}`, { closingTime: '19:00' })).status,
      ).toBe(200);
    } finally {
      await console.close();
    }
    const next = await pull(first.cursor);
    const member = next.changes.find((c) => c.table === 'members')?.record as Member;
    expect(member).toMatchObject({
      id: MONS_MEMBER.id,
      displayName: 'Anneke Peeters',
      cardIds: ['14008EC793', '04A1B2C3'],
    });
    expect(member.cardKeys).toContain('hex:04A1B2C3');
    const mons = next.changes.find((c) => c.table === 'spaces')?.record as Space;
    expect(mons).toMatchObject({ id: MONS, closingTime: '19:00', timezone: 'Europe/Brussels' });
  });
});
