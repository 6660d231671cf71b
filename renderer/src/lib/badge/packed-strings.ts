/**
 * A short list of strings kept as ONE string, `\0a\0b\0`: a member's card ids and card keys cost
 * one string header each instead of an array and a string per element (about 80 bytes less per
 * member at 200 000 members). A list holding the separator itself stays an array (the schema
 * allows any text, so it must stay exact), and so does nothing else.
 */
export type Packed = string | readonly string[];

const SEP = '\u0000';

/** The list, packed; [] packs to ''. */
export function pack(list: readonly string[]): Packed {
  if (list.some((s) => s.includes(SEP))) return [...list];
  return list.length === 0 ? '' : `${SEP}${list.join(SEP)}${SEP}`;
}

/** The list a Packed holds, as a fresh array. */
export function unpack(packed: Packed): string[] {
  if (typeof packed !== 'string') return [...packed];
  return packed === '' ? [] : packed.slice(1, -1).split(SEP);
}

/** True when the packed list holds `s` as one of its elements. */
export function packedHas(packed: Packed, s: string): boolean {
  if (typeof packed !== 'string') return packed.includes(s);
  return packed !== '' && !s.includes(SEP) && packed.includes(`${SEP}${s}${SEP}`);
}
