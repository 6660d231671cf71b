import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedChange } from './commit-feed';
import type { KioskDb } from './kiosk-db';
import { aMember, aVisit, freshDb } from './test-factories';

let db: KioskDb | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

function follow(d: KioskDb): CommittedChange[][] {
  const seen: CommittedChange[][] = [];
  d.commits.subscribe((changes) => seen.push([...changes]));
  return seen;
}

describe('CommitFeed', () => {
  it('reports a transaction’s writes once committed, before its await resumes', async () => {
    const d = (db = freshDb('commit-feed'));
    const seen = follow(d);
    const visit = aVisit({ id: 'v1' });
    await d.transaction('rw', d.members, d.visits, async () => {
      await d.members.put(aMember());
      await d.visits.add(visit);
      await d.visits.delete('v0');
      // Nothing is reported while the transaction may still fail.
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([
      [
        { table: 'members', op: 'put', values: [aMember()] },
        { table: 'visits', op: 'put', values: [visit] },
        { table: 'visits', op: 'delete', keys: ['v0'] },
      ],
    ]);
  });

  it('reports values as the app wrote them, without the index-only fields', async () => {
    const d = (db = freshDb('commit-feed'));
    const seen = follow(d);
    await d.members.put(aMember({ displayName: 'Ada Lovelace' }));
    const [[change]] = seen as [[CommittedChange]];
    expect(change.op === 'put' ? change.values[0] : null).not.toHaveProperty('searchKeys');
  });

  it('reports nothing of an aborted transaction', async () => {
    const d = (db = freshDb('commit-feed'));
    const seen = follow(d);
    await expect(
      d.transaction('rw', d.members, async () => {
        await d.members.put(aMember());
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await d.members.count()).toBe(0);
    expect(seen).toEqual([]);
  });

  it('leaves out the failed operations of a bulk write whose failure was caught', async () => {
    const d = (db = freshDb('commit-feed'));
    await d.visits.add(aVisit({ id: 'taken' }));
    const seen = follow(d);
    const fresh = aVisit({ id: 'fresh' });
    await d.transaction('rw', d.visits, async () => {
      await d.visits.bulkAdd([aVisit({ id: 'taken' }), fresh]).catch(() => undefined);
    });
    expect(seen).toEqual([[{ table: 'visits', op: 'put', values: [fresh] }]]);
  });

  it('reports a cleared table as a range delete, and stops reporting once unsubscribed', async () => {
    const d = (db = freshDb('commit-feed'));
    const seen: CommittedChange[][] = [];
    const stop = d.commits.subscribe((changes) => seen.push([...changes]));
    await d.members.clear();
    stop();
    await d.members.put(aMember());
    expect(seen).toEqual([[{ table: 'members', op: 'delete-range' }]]);
  });

  it('keeps telling the other listeners when one throws', async () => {
    const d = (db = freshDb('commit-feed'));
    d.commits.subscribe(() => {
      throw new Error('a broken listener');
    });
    const seen = follow(d);
    await d.members.put(aMember());
    expect(seen).toHaveLength(1);
  });
});
