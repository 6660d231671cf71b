import type { KeyboardLayoutSetting } from '#shared/config/kiosk-config';
import type { Lang } from '#shared/domain/types';

/**
 * The walk-in form's on-screen keyboard as data: which keys, in which rows, for which field and
 * language. simple-keyboard draws a layout given as rows of space-separated keys; a key in braces
 * (`{shift}`) is a function key the component handles, any other key types itself.
 *
 * Layers: `letters` (lower case), `shift` (upper case; one key, then back), `accents` (the accented
 * letters of French and Dutch names, their capitals, apostrophe and hyphen), `email` (letters with
 * @ . - _ and no space) and `phone` (a numeric pad with + and space). French always gets the
 * French AZERTY; Dutch and English get the space's setting (Belgian AZERTY or QWERTY).
 */

/** The physical arrangement of the letter keys. */
export type KeyboardArrangement = 'azerty-fr' | 'azerty-be' | 'qwerty';
/** What the focused field takes: names and company, an e-mail address, a phone number. */
export type KeyboardKind = 'text' | 'email' | 'phone';
/** The layers a keyboard switches between. */
export type KeyboardLayer = 'letters' | 'shift' | 'accents' | 'email' | 'email-shift' | 'phone';
/** simple-keyboard's layout option: each layer's rows. */
export type KeyboardLayout = Record<KeyboardLayer, string[]>;

/** Function keys; anything else in a layout types its own text. */
export const FUNCTION_KEYS = ['{bksp}', '{shift}', '{accents}', '{letters}', '{space}'] as const;
export type FunctionKey = (typeof FUNCTION_KEYS)[number];

const DIGITS = '1 2 3 4 5 6 7 8 9 0';

/** The three letter rows of each arrangement, lower case, with the punctuation beside them. */
const LETTER_ROWS: Record<KeyboardArrangement, [string, string, string]> = {
  'azerty-fr': ['a z e r t y u i o p', 'q s d f g h j k l m ù', 'w x c v b n , ; : !'],
  'azerty-be': ['a z e r t y u i o p', 'q s d f g h j k l m ù', 'w x c v b n , ; : ='],
  qwerty: ['q w e r t y u i o p', 'a s d f g h j k l', 'z x c v b n m , .'],
};

const ACCENT_ROWS = [
  'é è ê ë à â ç ù û ü',
  'ô ö î ï æ œ ñ ß',
  'É È Ê Ë À Â Ç Ù Û Ü',
  "Ô Ö Î Ï Æ Œ Ñ ' ’ -",
];

/** Upper-cases a row of letter keys, leaving punctuation as it is. */
function upper(row: string): string {
  return row.toLocaleUpperCase('fr');
}

/** The arrangement a language gets: French is always AZERTY-FR, the others the space's setting. */
export function arrangementFor(lang: Lang, setting: KeyboardLayoutSetting): KeyboardArrangement {
  return lang === 'fr' ? 'azerty-fr' : setting;
}

/** Every layer for one arrangement. */
export function keyboardLayout(arrangement: KeyboardArrangement): KeyboardLayout {
  const [top, middle, bottom] = LETTER_ROWS[arrangement];
  const textBottom = "{shift} {accents} {space} ' - {bksp}";
  return {
    letters: [DIGITS, top, middle, bottom, textBottom],
    shift: [DIGITS, upper(top), upper(middle), upper(bottom), textBottom],
    accents: [...ACCENT_ROWS, '{letters} {space} {bksp}'],
    email: [DIGITS, top, middle, bottom, '{shift} @ . - _ .com .be {bksp}'],
    'email-shift': [
      DIGITS,
      upper(top),
      upper(middle),
      upper(bottom),
      '{shift} @ . - _ .com .be {bksp}',
    ],
    phone: ['1 2 3', '4 5 6', '7 8 9', '+ 0 {bksp}', '{space}'],
  };
}

/** The layer a field opens on. */
export function firstLayer(kind: KeyboardKind): KeyboardLayer {
  return kind === 'email' ? 'email' : kind === 'phone' ? 'phone' : 'letters';
}

/**
 * The layer after a key: shift toggles upper case (and falls back after one letter), accents and
 * letters switch to those layers; any other key keeps the layer, except that a typed letter in a
 * shift layer returns to lower case.
 */
export function nextLayer(layer: KeyboardLayer, key: string): KeyboardLayer {
  if (key === '{shift}') {
    if (layer === 'letters') return 'shift';
    if (layer === 'email') return 'email-shift';
    if (layer === 'email-shift') return 'email';
    return 'letters';
  }
  if (key === '{accents}') return 'accents';
  if (key === '{letters}') return 'letters';
  if (key === '{bksp}') return layer;
  if (layer === 'shift') return 'letters';
  if (layer === 'email-shift') return 'email';
  return layer;
}

/** True for the keys the component handles itself rather than typing them. */
export function isFunctionKey(key: string): key is FunctionKey {
  return (FUNCTION_KEYS as readonly string[]).includes(key);
}

/** What a key types into the field (`{space}` types a space); null for the other function keys. */
export function typedText(key: string): string | null {
  if (key === '{space}') return ' ';
  return isFunctionKey(key) ? null : key;
}
