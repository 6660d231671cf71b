import { describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '#shared/sync/protocol';
import { quietHoursFromPull } from './space-hours';

/** Mutualab, Lille, as the hub sends it in a pull page. */
const LILLE = {
  ...{ id: 'mutualab-lille', name: 'Mutualab', city: 'Lille', country: 'FR' },
  ...{ timezone: 'Europe/Paris', languages: ['fr', 'en'] },
  openingHours: { mon: [{ from: '08:30', to: '18:00' }] },
};
const page = (changes: Change[]): PullResponse => ({
  type: 'pull-result',
  protocolVersion: 1,
  changes,
  cursor: changes.length,
  hasMore: false,
  hubEpoch: '00000000-0000-4000-8000-000000000000',
  reset: false,
});
const put = (seq: number, record: unknown, recordId = LILLE.id): Change => ({
  seq,
  table: 'spaces',
  op: 'put',
  recordId,
  record,
});

describe('quietHoursFromPull', () => {
  it('reads the kiosk’s own space, the last valid put of the page', () => {
    const later = { ...LILLE, openingHours: { tue: [{ from: '09:00', to: '17:00' }] } };
    const hours = quietHoursFromPull(
      page([
        put(1, LILLE),
        put(2, { ...LILLE, id: 'pop-lille' }, 'pop-lille'),
        put(3, later),
        put(4, { bad: 1 }),
      ]),
      LILLE.id,
      '02:00-04:00',
    );
    expect(hours).toEqual({
      hours: later.openingHours,
      zone: 'Europe/Paris',
      fallbackWindow: '02:00-04:00',
    });
  });

  it('gives undefined when the page does not carry the space, and no hours when it states none', () => {
    expect(quietHoursFromPull(page([]), LILLE.id, '02:00-04:00')).toBeUndefined();
    const noHours = { ...LILLE, openingHours: undefined };
    expect(
      quietHoursFromPull(page([put(1, noHours)]), LILLE.id, '02:00-04:00')?.hours,
    ).toBeUndefined();
  });
});
