import { ID_LENGTHS } from './card-bytes';
import { classifyCardInput, classifyHexCardInput } from './card-input';

/**
 * The whole-card forms a keyboard-wedge reader types (docs/card-readers.md). A wedge burst carries
 * no frame and no checksum, so its only proof of being a whole card is its shape: a burst of any
 * other shape is a fragment (keys lost, a burst split in two) or not a card at all, and must be
 * discarded rather than looked up, since lookups match partial keys (a 6-digit fragment can match
 * the low 24 bits of someone's card). Readers with another form are configured (`CustomCardForm`).
 */

/** A site's own card number form, from the kiosk config `readers.wedge.forms`. */
export interface CustomCardForm {
  /** The number of characters of the whole id (after the reader's prefix/suffix are stripped). */
  readonly length: number;
  /** Characters every id of this form starts with ('' for none), in the decoded alphabet. */
  readonly startsWith: string;
  readonly alphabet: 'decimal' | 'hex' | 'alphanumeric';
}

/** Which form a wedge value has: 10-digit decimal, hex of a whole id, Wiegand-26 view, custom. */
export type WedgeCardForm = 'dec10' | 'hex' | 'w26' | 'custom';

const ALPHABETS: Readonly<Record<CustomCardForm['alphabet'], RegExp>> = {
  decimal: /^[0-9]+$/,
  hex: /^[0-9A-F]+$/,
  alphanumeric: /^[0-9A-Z]+$/,
};

// Hex digits of a whole id: 4/7/10-byte UIDs and the 5-byte EM4100 (8, 14, 20 and 10 digits).
const HEX_DIGIT_COUNTS = ID_LENGTHS.map((bytes) => bytes * 2);

function matchesCustom(value: string, form: CustomCardForm): boolean {
  return (
    value.length === form.length &&
    value.startsWith(form.startsWith) &&
    ALPHABETS[form.alphabet].test(value) &&
    // An all-zero id is a false read whatever its form.
    /[^0,]/.test(value)
  );
}

/**
 * The form `value` (a wedge burst, decoded and stripped; letters uppercase) has as a whole card, or
 * null when it has none: then it is a fragment or not a card, never to be looked up. Known forms:
 * exactly 10 decimal digits (the number printed on EM4100 cards); 8, 10, 14 or 20 hex digits (a
 * whole id in hex); the Wiegand-26 view with its full width `NNN,NNNNN` (facility ≤ 255, card ≤
 * 65535); or one of `custom`. All-zero ids have no form. Pure; never throws.
 */
export function wedgeCardForm(
  value: string,
  custom: readonly CustomCardForm[] = [],
): WedgeCardForm | null {
  if (/^\d{10}$/.test(value) && classifyCardInput(value).ok) return 'dec10';
  if (/^\d{3},\d{5}$/.test(value) && classifyCardInput(value).ok) return 'w26';
  if (
    /^[0-9A-F]+$/.test(value) &&
    HEX_DIGIT_COUNTS.includes(value.length) &&
    classifyHexCardInput(value).ok
  ) {
    return 'hex';
  }
  return custom.some((form) => matchesCustom(value, form)) ? 'custom' : null;
}
