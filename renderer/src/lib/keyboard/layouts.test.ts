import { describe, expect, it } from 'vitest';
import { edit } from './edit';
import {
  arrangementFor,
  firstLayer,
  isFunctionKey,
  keyboardLayout,
  nextLayer,
  typedText,
  type KeyboardArrangement,
} from './layouts';

const ARRANGEMENTS: KeyboardArrangement[] = ['azerty-fr', 'azerty-be', 'qwerty'];
const keysOf = (rows: string[]): string[] => rows.flatMap((r) => r.split(' '));

describe('on-screen keyboard layouts', () => {
  it('gives French the French AZERTY and the others the space setting', () => {
    expect(arrangementFor('fr', 'qwerty')).toBe('azerty-fr');
    expect(arrangementFor('nl', 'azerty-be')).toBe('azerty-be');
    expect(arrangementFor('en', 'qwerty')).toBe('qwerty');
  });

  it('has every letter, the accents of French and Dutch names, @ and . for e-mail, a phone pad', () => {
    for (const arrangement of ARRANGEMENTS) {
      const layout = keyboardLayout(arrangement);
      const letters = keysOf(layout.letters);
      for (const ch of "abcdefghijklmnopqrstuvwxyz0123456789'-") expect(letters).toContain(ch);
      expect(keysOf(layout.shift)).toContain('Z');
      for (const ch of "éèêëàâçùûüôöîï'-ÉÈ") expect(keysOf(layout.accents)).toContain(ch);
      expect(keysOf(layout.email)).toEqual(expect.arrayContaining(['@', '.', '-', '_']));
      expect(keysOf(layout.email)).not.toContain('{space}');
      expect(keysOf(layout.phone).sort()).toEqual(
        ['+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '{bksp}', '{space}'].sort(),
      );
      for (const key of Object.values(layout).flatMap(keysOf)) {
        expect(key.startsWith('{') ? isFunctionKey(key) : key.length > 0).toBe(true);
      }
    }
    expect(keyboardLayout('qwerty').letters[1]?.startsWith('q w e')).toBe(true);
    expect(keyboardLayout('azerty-fr').letters[1]?.startsWith('a z e')).toBe(true);
    expect(keyboardLayout('azerty-fr').letters).not.toEqual(keyboardLayout('azerty-be').letters);
  });

  it('opens on the field kind and shifts one letter at a time', () => {
    expect(firstLayer('text')).toBe('letters');
    expect(firstLayer('email')).toBe('email');
    expect(firstLayer('phone')).toBe('phone');
    expect(nextLayer('letters', '{shift}')).toBe('shift');
    expect(nextLayer('shift', 'A')).toBe('letters');
    expect(nextLayer('shift', '{bksp}')).toBe('shift');
    expect(nextLayer('email', '{shift}')).toBe('email-shift');
    expect(nextLayer('email-shift', 'A')).toBe('email');
    expect(nextLayer('letters', '{accents}')).toBe('accents');
    expect(nextLayer('accents', 'é')).toBe('accents');
    expect(nextLayer('accents', '{letters}')).toBe('letters');
    expect(typedText('{space}')).toBe(' ');
    expect(typedText('{shift}')).toBeNull();
    expect(typedText('.com')).toBe('.com');
  });

  it('edits whole characters and keeps within the limit', () => {
    expect(edit('Zoé', 'backspace', 10)).toBe('Zo');
    expect(edit('a😀', 'backspace', 10)).toBe('a');
    expect(edit('', 'backspace', 10)).toBe('');
    expect(edit('abc', { text: 'd' }, 3)).toBe('abc');
    expect(edit('ab', { text: 'c' }, 3)).toBe('abc');
  });
});
