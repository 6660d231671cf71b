/** One key of the on-screen keyboard: text to append, or the backspace. */
export type KeyPress = { text: string } | 'backspace';

/**
 * `value` after one key: the text appended (ignored when the result would pass `max` characters)
 * or the last character removed (a whole code point, so an accent or emoji is never split).
 */
export function edit(value: string, key: KeyPress, max: number): string {
  if (key === 'backspace') return Array.from(value).slice(0, -1).join('');
  const next = value + key.text;
  return Array.from(next).length > max ? value : next;
}
