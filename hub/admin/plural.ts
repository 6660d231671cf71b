/**
 * Counted nouns in the hub's English messages (the CLI's one language): "1 member", "2 members",
 * chosen by Intl.PluralRules rather than by `n === 1`, so a message never reads "1 bad rows".
 */

const RULES = new Intl.PluralRules('en');

/** `n` and the noun's form for it: counted(1, 'row') = "1 row"; `plural` when not `singular + s`. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${RULES.select(n) === 'one' ? singular : plural}`;
}

/** The verb's form agreeing with `n` things: agree(1, 'waits', 'wait') = "waits". */
export function agree(n: number, one: string, other: string): string {
  return RULES.select(n) === 'one' ? one : other;
}
