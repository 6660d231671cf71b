import { describe, expect, it } from 'vitest';
import { agree, counted } from './plural';

describe('counted', () => {
  it('gives one thing the singular and every other count the plural', () => {
    expect(counted(1, 'bad row')).toBe('1 bad row');
    expect(counted(0, 'bad row')).toBe('0 bad rows');
    expect(counted(2, 'member')).toBe('2 members');
    expect(counted(1, 'erasure')).toBe('1 erasure');
    expect(counted(3, 'space')).toBe('3 spaces');
    expect(counted(1, 'visit', 'visits')).toBe('1 visit');
    expect(`${counted(1, 'erasure')} ${agree(1, 'waits', 'wait')}`).toBe('1 erasure waits');
    expect(`${counted(2, 'erasure')} ${agree(2, 'waits', 'wait')}`).toBe('2 erasures wait');
  });
});
