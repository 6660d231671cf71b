import { describe, expect, test } from 'vitest';
import type { Mutation } from '#shared/sync/protocol';
import { checkPushBatch, withLocalVerdicts } from './push-batch';

const mutation = (over: Partial<Mutation> = {}): Mutation => ({
  mutationId: `install-id_${Math.random().toString(36).slice(2, 8)}`,
  table: 'visits',
  op: 'delete',
  recordId: 'v1',
  hlc: '001741595400000-000000-kiosk-1',
  ...over,
});

describe('push batches', () => {
  test('keep valid mutations for the wire and reject the others here, naming the field', () => {
    const ok1 = mutation();
    const bad = mutation({ recordId: 'an id with spaces' });
    const ok2 = mutation();
    const batch = checkPushBatch([ok1, bad, ok2]);
    expect(batch.wire).toEqual([ok1, ok2]);
    expect(batch.local).toEqual([
      {
        mutationId: bad.mutationId,
        code: 'mutation-malformed',
        reason: expect.stringContaining('recordId') as string,
      },
    ]);
    expect(batch.local[0]?.reason).not.toContain('an id with spaces');
  });

  test("merge the hub's verdicts with the local ones, positional keys mapped to wire ids", () => {
    const a = mutation();
    const b = mutation();
    const bad = mutation({ table: 'rooms' as Mutation['table'] });
    const batch = checkPushBatch([a, bad, b]);
    const verdicts = withLocalVerdicts(
      {
        accepted: [a.mutationId],
        rejected: [
          { mutationId: '#1', code: 'mutation-malformed', reason: 'x' },
          { mutationId: '#9', code: 'mutation-malformed', reason: 'out of range' },
        ],
      },
      batch,
    );
    expect(verdicts.accepted).toEqual([a.mutationId]);
    expect(verdicts.rejected.map((r) => r.mutationId)).toEqual([
      b.mutationId,
      '#9',
      bad.mutationId,
    ]);
  });
});
