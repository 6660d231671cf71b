import { describe, expect, it } from 'vitest';
import { RecordIdSchema } from './protocol-records';
import { newRecordId } from './record-ids';

describe('newRecordId', () => {
  it('gives unique ids that sort in the order they were made, as record ids', () => {
    const ids = Array.from({ length: 20_000 }, () => newRecordId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(RecordIdSchema.safeParse(id).success).toBe(true);
    }
  });

  it('starts with the time it was made', () => {
    const before = Date.now();
    const id = newRecordId();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });
});
