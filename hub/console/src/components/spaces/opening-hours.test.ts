import { describe, expect, it } from 'vitest';
import { hoursForm, readHours } from './opening-hours';

describe('the opening-hours form', () => {
  it('round-trips stated hours, "24:00" shown as the 00:00 a time input can hold', () => {
    const hours = {
      mon: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '24:00' },
      ],
      sat: [],
    };
    const form = hoursForm(hours);
    expect(form.mon).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '00:00' },
    ]);
    expect(form.sun).toEqual([]);
    expect(readHours(form)).toEqual({
      ok: true,
      hours: { mon: hours.mon, tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    });
  });

  it('sorts spans and names each day at fault', () => {
    const form = hoursForm(null);
    form.mon = [
      { from: '14:00', to: '18:00' },
      { from: '09:00', to: '12:00' },
    ];
    expect(readHours(form)).toMatchObject({
      ok: true,
      hours: { mon: [{ from: '09:00' }, { from: '14:00' }] },
    });
    form.tue = [{ from: '12:00', to: '09:00' }];
    form.wed = [
      { from: '09:00', to: '13:00' },
      { from: '12:00', to: '18:00' },
    ];
    form.thu = [{ from: '9h', to: '' }];
    form.fri = Array.from({ length: 5 }, (_, i) => ({ from: `0${i}:00`, to: `0${i}:30` }));
    expect(readHours(form)).toEqual({
      ok: false,
      problems: [
        { day: 'tue', problem: 'spanOrder' },
        { day: 'wed', problem: 'spanOverlap' },
        { day: 'thu', problem: 'badTime' },
        { day: 'fri', problem: 'tooManySpans' },
      ],
    });
  });

  it('lets one span end where the next starts', () => {
    const form = hoursForm(null);
    form.mon = [
      { from: '09:00', to: '12:00' },
      { from: '12:00', to: '17:00' },
    ];
    expect(readHours(form).ok).toBe(true);
  });
});
