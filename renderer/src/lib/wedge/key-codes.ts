/**
 * What a keyboard-wedge reader means by each key, read from `KeyboardEvent.code` (the physical key
 * position, layout-independent) as on a US layout. Never from `.key`: on Belgian and French AZERTY
 * the digit row types `à & é " ' ( § è ! ç`, so a reader's `0004340757` arrives as `ààà'"'àè(è`.
 */

const PUNCTUATION: Readonly<Record<string, string>> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Backquote: '`',
  Comma: ',',
  Period: '.',
  Slash: '/',
  NumpadDecimal: '.',
  NumpadAdd: '+',
  NumpadSubtract: '-',
  NumpadMultiply: '*',
  NumpadDivide: '/',
};

/**
 * The character a reader sends with this key code: digits (row and keypad), letters as uppercase
 * A–Z, and the unshifted US punctuation some readers use as prefix or suffix. Returns null for
 * every other key (Enter, Tab, arrows, modifiers…), which are never part of a card id.
 */
export function wedgeCharOf(code: string): string | null {
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) {
    return digit[1] ?? null;
  }
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) {
    return letter[1] ?? null;
  }
  return PUNCTUATION[code] ?? null;
}

/** Whether the key ends a reader burst. */
export function isTerminatorCode(code: string): boolean {
  return code === 'Enter' || code === 'NumpadEnter';
}

/** Modifier keys pressed on their own: they neither belong to a burst nor interrupt one. */
export function isModifierCode(code: string): boolean {
  return /^(?:Shift|Control|Alt|Meta|OS)(?:Left|Right)$|^(?:CapsLock|AltGraph|NumLock)$/.test(code);
}
