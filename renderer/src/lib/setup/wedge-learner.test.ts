import { describe, expect, it } from 'vitest';
import { splitWedgeBurst, WedgeBurstCollector } from './wedge-learner';

describe('splitWedgeBurst', () => {
  it('finds the card number and the prefix and suffix around it', () => {
    expect(splitWedgeBurst('0009357203')).toEqual({ cardId: '0009357203', prefix: '', suffix: '' });
    expect(splitWedgeBurst(';14008ec793?')).toEqual({
      cardId: '14008EC793',
      prefix: ';',
      suffix: '?',
    });
    expect(splitWedgeBurst('ID:142,51091#')).toEqual({
      cardId: '142,51091',
      prefix: 'ID:',
      suffix: '#',
    });
  });

  it('refuses a burst without a card number or with a prefix longer than the config allows', () => {
    expect(splitWedgeBurst('hello')).toBeNull();
    expect(splitWedgeBurst('very-long-prefix:0009357203')).toBeNull();
  });
});

describe('WedgeBurstCollector', () => {
  it('hands over a fast burst ended by Enter, and drops slow typing', () => {
    const bursts: string[] = [];
    const c = new WedgeBurstCollector((t) => bursts.push(t), 40);
    let at = 0;
    for (const k of ['Shift', ';', '1', '2', '3', '4', '5', '6', '?', 'Enter'])
      c.key(k, (at += 10));
    for (const k of ['a', 'b', 'Enter']) c.key(k, (at += 500));
    expect(bursts).toEqual([';123456?']);
  });
});
