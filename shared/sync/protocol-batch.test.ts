import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MutationSchema } from './protocol';
import {
  PushEnvelopeSchema,
  isPositionalKey,
  isUnreadable,
  readBatchItem,
  verdictKeyOf,
} from './protocol-batch';

const good = {
  mutationId: 'mut-00000001',
  table: 'visits',
  op: 'delete',
  recordId: 'v1',
  hlc: '001741595400000-000000-kiosk-a',
};

describe('readBatchItem (rule 9)', () => {
  it('reads a mutation as is', () => {
    expect(readBatchItem(good, 0)).toEqual(good);
  });

  it('keys an unreadable element by its valid id, else by its position', () => {
    expect(readBatchItem({ ...good, table: 'rooms' }, 3)).toMatchObject({
      mutationId: 'mut-00000001',
      unreadable: {
        code: 'mutation-malformed',
        message: expect.stringContaining('table') as string,
      },
    });
    for (const raw of [{ ...good, mutationId: 'short' }, 42, null, [], 'x', { op: 'put' }]) {
      expect(readBatchItem(raw, 7)).toMatchObject({ mutationId: '#7' });
    }
  });

  it('never throws, and never names a value in its reason (fast-check)', () => {
    const secret = 'Griselda Vanderkerckhove';
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(999), (raw, index) => {
        const item = readBatchItem(raw, index);
        const parsed = MutationSchema.safeParse(raw);
        expect(isUnreadable(item)).toBe(!parsed.success);
        if (isUnreadable(item)) {
          expect(item.mutationId).toBe(verdictKeyOf(raw, index));
          expect(item.unreadable.message.length).toBeLessThanOrEqual(400);
        }
      }),
      { numRuns: 2000 },
    );
    const named = readBatchItem({ ...good, recordId: secret, hlc: secret }, 0);
    expect(JSON.stringify(named)).not.toContain(secret);
  });

  it('keeps positional keys out of the id alphabet', () => {
    expect(isPositionalKey('#0')).toBe(true);
    expect(isPositionalKey('mut-00000001')).toBe(false);
    expect(MutationSchema.safeParse({ ...good, mutationId: '#0' }).success).toBe(false);
  });
});

describe('PushEnvelopeSchema', () => {
  it('reads the envelope whole and leaves the elements to readBatchItem', () => {
    const envelope = { type: 'push', protocolVersion: 1, kioskId: 'kiosk-a', batch: [1, {}] };
    expect(PushEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(PushEnvelopeSchema.safeParse({ ...envelope, batch: {} }).success).toBe(false);
    expect(PushEnvelopeSchema.safeParse({ ...envelope, extra: 1 }).success).toBe(false);
  });
});
