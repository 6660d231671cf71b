import { expect, test } from 'vitest';
import { isModifierCode, isTerminatorCode, wedgeCharOf } from './key-codes';

test('digits decode from both the digit row and the keypad', () => {
  for (let d = 0; d <= 9; d += 1) {
    expect(wedgeCharOf(`Digit${d}`)).toBe(String(d));
    expect(wedgeCharOf(`Numpad${d}`)).toBe(String(d));
  }
});

test('letters decode as uppercase by US position; punctuation unshifted', () => {
  expect(wedgeCharOf('KeyA')).toBe('A');
  expect(wedgeCharOf('KeyQ')).toBe('Q');
  expect(wedgeCharOf('KeyZ')).toBe('Z');
  expect(wedgeCharOf('Semicolon')).toBe(';');
  expect(wedgeCharOf('Minus')).toBe('-');
});

test('keys that are never part of an id decode to null', () => {
  for (const code of [
    'Enter',
    'NumpadEnter',
    'Tab',
    'Backspace',
    'ShiftLeft',
    'ArrowUp',
    'F5',
    '',
  ]) {
    expect(wedgeCharOf(code)).toBeNull();
  }
});

test('terminators and lone modifiers', () => {
  expect(isTerminatorCode('Enter')).toBe(true);
  expect(isTerminatorCode('NumpadEnter')).toBe(true);
  expect(isTerminatorCode('Tab')).toBe(false);
  expect(
    ['ShiftLeft', 'ShiftRight', 'ControlLeft', 'AltRight', 'MetaLeft', 'CapsLock'].every(
      isModifierCode,
    ),
  ).toBe(true);
  expect(isModifierCode('KeyS')).toBe(false);
});
