import { describe, expect, it } from 'vitest';
import { LILLE, MONS } from '../test-support/factories';
import { storeCases } from '../test-support/stores';
import { MONS_MANAGER, NETWORK, usePeopleFixture } from './testing/people-fixture';

/** Issue 12, point 5: the members CSV import with a preview that writes nothing. */

const HEADER = 'id;displayName;homeSpaceId;cardIds;active';

describe.each(storeCases())('the console members import on $name', (storeCase) => {
  const f = usePeopleFixture(storeCase);

  it('previews every bad row and the counts, writing nothing; imports all or nothing', async () => {
    const net = await f.client(NETWORK);
    const before = await f.store.stats();
    const bad = [
      HEADER,
      `m-mons;Anneke Van 't Hof;${MONS};14008EC793;true`, // unchanged
      `m-lille;Camille Dubois-Leroy;${LILLE};0004340999;true`, // changed
      `m-new;Jef Peeters;${MONS};04A1B2C3;yes`, // new
      `m-bad;;co-nnexion-mosn;0009357203;maybe`, // three problems, and Anneke's card
    ].join('\n');
    const preview = await net.request('POST', '/members/import/preview', { csv: bad });
    expect(preview.status).toBe(200);
    expect(preview.json).toEqual({
      delimiter: ';',
      badRows: [
        'line 5: displayName is empty; homeSpaceId: no space co-nnexion-mosn on this hub; cardIds, card 1: the same card as line 2, card 1 (the same 10-digit number); active must be true or false',
      ],
      notes: [`Known spaces: ${MONS}, ${LILLE}.`],
      new: 1,
      changed: 1,
      unchanged: 1,
    });
    expect(await f.store.stats()).toEqual(before);
    const refused = await net.request('POST', '/members/import', { csv: bad });
    expect(refused).toMatchObject({ status: 400, json: { code: 'import-invalid' } });
    expect(await f.store.stats()).toEqual(before);
    expect(await net.ownAuditEntries()).toEqual([]);

    const good = bad.split('\n').slice(0, 4).join('\n');
    const done = await net.request('POST', '/members/import', { csv: good });
    expect(done).toMatchObject({ status: 200, json: { imported: 3, delimiter: ';' } });
    expect(await f.store.liveRecordIds('members')).toEqual(['m-lille', 'm-mons', 'm-new']);
    expect(await net.ownAuditEntries()).toEqual([
      {
        actor: 'op-network',
        action: 'member.import',
        target: 'members:csv',
        after: { imported: 3 },
      },
    ]);
    const again = await net.request('POST', '/members/import/preview', { csv: good });
    expect(again.json).toMatchObject({ badRows: [], new: 0, changed: 0, unchanged: 3 });
  });

  it("refuses a space manager a file naming another space, or another space's member", async () => {
    const mons = await f.client(MONS_MANAGER);
    const lilleRow = `${HEADER}\nm-x;Jef Peeters;${LILLE};;true`;
    const movesLille = `${HEADER}\nm-lille;Camille Dubois;${MONS};;true`;
    for (const csv of [lilleRow, movesLille]) {
      expect((await mons.request('POST', '/members/import/preview', { csv })).status).toBe(403);
      expect((await mons.request('POST', '/members/import', { csv })).status).toBe(403);
    }
    const own = `${HEADER}\nm-x;Jef Peeters;${MONS};;true`;
    expect((await mons.request('POST', '/members/import', { csv: own })).status).toBe(200);
    expect((await mons.ownAuditEntries()).map((e) => e.action)).toEqual(['member.import']);
  });

  it('answers a body that is no file, too large, or no table with 400', async () => {
    const net = await f.client(NETWORK);
    for (const body of [
      {},
      { csv: '' },
      { csv: 42 },
      { csv: 'x'.repeat(1_000_001) },
      { csv: 'a', more: 1 },
    ]) {
      const answer = await net.request('POST', '/members/import/preview', body);
      expect(answer).toMatchObject({ status: 400, json: { type: 'error', code: 'malformed' } });
    }
    const noTable = await net.request('POST', '/members/import', { csv: 'id;name\n1;2' });
    expect(noTable.status).toBe(400);
    expect(noTable.json).toMatchObject({ type: 'error', message: expect.any(String) as string });
  });
});
