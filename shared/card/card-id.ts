import { err, ok, type Result } from '../result';
import {
  EM4100_LENGTH,
  ID_LENGTHS,
  UID_LENGTHS,
  bigIntToBytes,
  bytesToBigInt,
  bytesToHex,
  lowBytesValue,
  reversed,
  w26View,
} from './card-bytes';
import {
  classifyCardInput,
  classifyHexCardInput,
  type CardInputFormat,
  type CardKind,
  type CardReading,
  type ClassifiedInput,
} from './card-input';

/**
 * Card identity: one card, many numbers (docs/card-readers.md). A member's card is stored
 * canonically and indexed under every key its derived forms produce; a read, in whatever form the
 * reader gave it, is looked up under its own keys. Key scheme (prefix:value):
 *
 * - `hex:<HEX>`  the whole id in read order, uppercase (exact).
 * - `uid:<HEX>`  for 4/7/10-byte UIDs, the smaller of read-order and reversed hex, so a reader that
 *   reverses the byte order still matches (exact up to byte order).
 * - `u32:<dec>`  the low 32 bits in decimal: the 10-digit number printed on EM4100 cards (partial;
 *   exact when the read itself is a number below 2^32). UIDs also get their reversed low 32 bits.
 * - `w24:<dec>`  the low 24 bits, the Wiegand-26 view (partial). UIDs also get the reversed view.
 *
 * Zero-valued partial keys are never made: an all-zero id is a false read and would match anyone.
 */
export type { CardKind, CardInputFormat } from './card-input';

/** A card id in its canonical form, with what it is and the form it was given in. */
export interface NormalizedCard {
  canonical: string;
  kind: CardKind;
  format: CardInputFormat;
}

/**
 * Normalizes reader or keyboard input. Trims; accepts hex in either case (`4b00423c15`), hex bytes
 * with `:`, `-` or space between them, `0x`-prefixed hex, the Wiegand-26 view `066,15381` and
 * decimal digit strings. Canonical forms: EM4100 → 10 uppercase hex digits (kind `em4100`); UID →
 * 8/14/20 uppercase hex digits in the order given (kind `uid`); an all-digit string → its digits as
 * typed, leading zeros kept (kind `number`, format `dec10` for ten digits): ten digits may be
 * decimal or hex, so the string is kept and readKeys() tries both; Wiegand-26 view → `FFF,CCCCC`
 * zero-padded (kind `number`). Never throws; errors: `card-empty`, `card-malformed`, `card-zero`,
 * `card-too-long`.
 */
export function normalizeCardInput(raw: string): Result<NormalizedCard> {
  return stripReadings(classifyCardInput(raw));
}

/**
 * Normalizes input known to be hex (a serial or HID frame payload), so `0000000001` is the
 * EM4100 id 00 00 00 00 01, not the number one. Never throws; errors as normalizeCardInput.
 */
export function normalizeHexCardId(hex: string): Result<NormalizedCard> {
  return stripReadings(classifyHexCardInput(hex));
}

function stripReadings(r: Result<ClassifiedInput>): Result<NormalizedCard> {
  if (!r.ok) return r;
  const { canonical, kind, format } = r.value;
  return ok({ canonical, kind, format });
}

interface KeyTiers {
  exact: string[];
  partial: string[];
}

function pushNonZero(keys: string[], prefix: string, value: number | bigint): void {
  if (value !== 0 && value !== 0n) keys.push(`${prefix}:${value.toString()}`);
}

function uidKey(bytes: Uint8Array): string {
  const forward = bytesToHex(bytes);
  const backward = bytesToHex(reversed(bytes));
  return `uid:${forward < backward ? forward : backward}`;
}

function bytesKeys(bytes: Uint8Array): KeyTiers {
  const isUid = UID_LENGTHS.includes(bytes.length);
  const exact = [`hex:${bytesToHex(bytes)}`];
  if (isUid) exact.push(uidKey(bytes));
  const partial: string[] = [];
  pushNonZero(partial, 'u32', lowBytesValue(bytes, 4));
  if (isUid) pushNonZero(partial, 'u32', lowBytesValue(reversed(bytes), 4));
  pushNonZero(partial, 'w24', lowBytesValue(bytes, 3));
  if (isUid) pushNonZero(partial, 'w24', lowBytesValue(reversed(bytes), 3));
  return { exact, partial };
}

function decimalKeys(value: bigint): KeyTiers {
  const exact: string[] = [];
  if (value < 1n << 32n) exact.push(`u32:${value.toString()}`);
  // A decimal may also be a whole id printed in decimal (dec40, a UID's decimal), of any length
  // it fits in, so each fitting length contributes its exact keys.
  for (const length of ID_LENGTHS) {
    const bytes = bigIntToBytes(value, length);
    if (bytes === null) continue;
    exact.push(`hex:${bytesToHex(bytes)}`);
    if (UID_LENGTHS.includes(length)) exact.push(uidKey(bytes));
  }
  const partial: string[] = [];
  if (value >= 1n << 32n) pushNonZero(partial, 'u32', value & 0xffffffffn);
  pushNonZero(partial, 'w24', value & 0xffffffn);
  return { exact, partial };
}

function readingKeys(reading: CardReading): KeyTiers {
  switch (reading.kind) {
    case 'bytes':
      return bytesKeys(reading.bytes);
    case 'decimal':
      return decimalKeys(reading.value);
    case 'w24':
      return { exact: [`w24:${reading.value}`], partial: [] };
  }
}

function orderedKeys(readings: readonly CardReading[]): string[] {
  const tiers = readings.map(readingKeys);
  return [...new Set([...tiers.flatMap((t) => t.exact), ...tiers.flatMap((t) => t.partial)])];
}

function classifyAs(canonical: string, kind?: CardKind): Result<ClassifiedInput> {
  return kind === 'em4100' || kind === 'uid'
    ? classifyHexCardInput(canonical)
    : classifyCardInput(canonical);
}

/** The one reading an enrolled card stands for: its bytes, or for a number its decimal value. */
function enrolledReading(c: ClassifiedInput): CardReading | undefined {
  return c.kind === 'number' ? c.readings.find((r) => r.kind !== 'bytes') : c.readings[0];
}

/**
 * Every key under which a member enrolled with this card is indexed (Member.cardKeys, a Dexie
 * multiEntry index): exact keys first, then partial ones; no duplicates. `kind` says how to read
 * an ambiguous canonical (ten digits without a letter): `em4100`/`uid` read it as hex, otherwise
 * the kind normalizeCardInput gives is used, under which an all-digit string is a decimal number.
 * Returns [] when the canonical id is malformed.
 */
export function enrolmentKeys(canonical: string, kind?: CardKind): string[] {
  const classified = classifyAs(canonical, kind);
  if (!classified.ok) return [];
  const reading = enrolledReading(classified.value);
  return reading === undefined ? [] : orderedKeys([reading]);
}

/**
 * The keys a read could match, most specific first: the exact keys of each reading (ten digits:
 * decimal before hex; other hex-sized digit strings: hex before decimal), then the partial keys.
 * Whenever the input is any derived form of card c, readKeys(input) ∩ enrolmentKeys(c) is not
 * empty. Returns [] for malformed, empty or all-zero input; never throws.
 */
export function readKeys(raw: string): string[] {
  const classified = classifyCardInput(raw);
  return classified.ok ? orderedKeys(classified.value.readings) : [];
}

/** The forms one card shows up in, for display and the README table. */
export interface DerivedForms {
  /** 10 hex digits, for EM4100 ids only. */
  em4100Hex?: string;
  /** The low 32 bits (read order), as a number. */
  id32: number;
  /** id32 as the 10-digit decimal printed on cards and typed by wedge readers. */
  dec10: string;
  /** The Wiegand-26 view of the low 24 bits, `FFF,CCCCC`. */
  w26: string;
  /** The whole 40-bit EM4100 id in decimal. */
  dec40?: string;
  /** For UIDs: the whole UID, read order, in decimal. */
  uidDec?: string;
  /** For UIDs: the bytes reversed, in hex. */
  reversedHex?: string;
  /** For UIDs: the reversed UID in decimal. */
  reversedDec?: string;
}

function formsOfBytes(bytes: Uint8Array): DerivedForms {
  const id32 = lowBytesValue(bytes, 4);
  const forms: DerivedForms = {
    id32,
    dec10: String(id32).padStart(10, '0'),
    w26: w26View(lowBytesValue(bytes, 3)),
  };
  if (bytes.length === EM4100_LENGTH) {
    forms.em4100Hex = bytesToHex(bytes);
    forms.dec40 = bytesToBigInt(bytes).toString();
  } else {
    const back = reversed(bytes);
    forms.uidDec = bytesToBigInt(bytes).toString();
    forms.reversedHex = bytesToHex(back);
    forms.reversedDec = bytesToBigInt(back).toString();
  }
  return forms;
}

function formsOfDecimal(value: bigint): DerivedForms | null {
  if (value < 1n << 32n) {
    const id32 = Number(value);
    return { id32, dec10: String(id32).padStart(10, '0'), w26: w26View(id32 % 0x1000000) };
  }
  // Above 32 bits a number can only be a whole id in decimal: take the shortest length it fits.
  for (const length of [5, 7, 10]) {
    const bytes = bigIntToBytes(value, length);
    if (bytes !== null) return formsOfBytes(bytes);
  }
  return null;
}

/**
 * The derived forms of a card id (canonical or any accepted input; `kind` as for enrolmentKeys).
 * Returns null when the input is malformed, or is a Wiegand-26 view, which holds only 24 bits.
 */
export function derivedForms(canonical: string, kind?: CardKind): DerivedForms | null {
  const classified = classifyAs(canonical, kind);
  if (!classified.ok) return null;
  const reading = enrolledReading(classified.value);
  if (reading === undefined || reading.kind === 'w24') return null;
  return reading.kind === 'bytes' ? formsOfBytes(reading.bytes) : formsOfDecimal(reading.value);
}

/**
 * Picks the member a read belongs to among candidates found by any of `keys` (readKeys order):
 * the candidate holding the earliest key wins. When two or more candidates hold that same key
 * the read is ambiguous and the error `card-ambiguous` is returned rather than greeting the wrong
 * person; no candidate holding any key gives ok(null). Never throws.
 */
export function bestCardMatch<T extends { readonly cardKeys: readonly string[] }>(
  keys: readonly string[],
  candidates: readonly T[],
): Result<T | null> {
  for (const key of keys) {
    const holders = candidates.filter((c) => c.cardKeys.includes(key));
    if (holders.length === 1) return ok(holders[0] ?? null);
    if (holders.length > 1) {
      return err({
        code: 'card-ambiguous',
        message: 'Several members hold this card number.',
        details: [key],
      });
    }
  }
  return ok(null);
}
