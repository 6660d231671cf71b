import type { Words } from '../../api/error-words';

/**
 * The import preview's bad rows in the operator's language. The hub lists each as
 * `line N: problem; problem` in English (hub/admin/admin.ts, the CLI's words); the problems it
 * knows are turned into catalogue words here, any other keeps the hub's sentence inside a
 * translated frame, so a new check of the hub still shows, never silently.
 */

/** One bad row: its line in the file and each of its problems, ready for `$_`. */
export interface BadRow {
  readonly line: number | null;
  readonly problems: readonly Words[];
}

const K = 'members.import.problem';

/** The known problems, most specific first: a pattern and the words of its matches. */
const KNOWN: readonly (readonly [RegExp, (m: RegExpExecArray) => Words])[] = [
  [/^(\w+) is empty$/, (m) => ({ key: `${K}.empty`, values: { column: m[1] ?? '' } })],
  [
    /^homeSpaceId: no space (.+) on this hub$/,
    (m) => ({ key: `${K}.noSpace`, values: { space: m[1] ?? '' } }),
  ],
  [
    /^id: the id of line (\d+) again$/,
    (m) => ({ key: `${K}.sameId`, values: { line: m[1] ?? '' } }),
  ],
  [
    /^cardIds, card (\d+): the same card as line (\d+), card (\d+)\b/,
    (m) => ({
      key: `${K}.sameCard`,
      values: { card: m[1] ?? '', line: m[2] ?? '', other: m[3] ?? '' },
    }),
  ],
  [
    /^cardIds, card (\d+): member (\S+) already holds this card\b/,
    (m) => ({ key: `${K}.cardHeld`, values: { card: m[1] ?? '', member: m[2] ?? '' } }),
  ],
  [/^cardIds, card (\d+): /, (m) => ({ key: `${K}.cardUnreadable`, values: { card: m[1] ?? '' } })],
  [/^active must be true or false$/, () => ({ key: `${K}.active` })],
  [/^(\w+): /, (m) => ({ key: `${K}.invalid`, values: { column: m[1] ?? '' } })],
];

/** The words of one problem the hub wrote. */
export function problemWords(text: string): Words {
  for (const [pattern, words] of KNOWN) {
    const match = pattern.exec(text);
    if (match) return words(match);
  }
  return { key: `${K}.other`, values: { text } };
}

/**
 * `row` as the hub wrote it (`line 3: a; b`) read into its line and problems; a row of another
 * shape keeps its whole text as one problem, with no line.
 */
export function readBadRow(row: string): BadRow {
  const match = /^line (\d+): (.*)$/s.exec(row);
  if (!match) return { line: null, problems: [problemWords(row)] };
  const problems = (match[2] ?? '').split('; ').filter((p) => p !== '');
  return { line: Number(match[1]), problems: problems.map(problemWords) };
}
