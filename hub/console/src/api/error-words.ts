import { ApiError } from './client';

/** A message of the catalogue with its values, ready for `$_(key, { values })`. */
export interface Words {
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

/** Catalogue keys of the error codes a page may meet; anything else reads as `errors.generic`. */
const BY_CODE: Readonly<Record<string, string>> = {
  'login-failed': 'signIn.failed',
  forbidden: 'errors.forbidden',
  network: 'errors.network',
  server: 'errors.server',
  'last-network-operator': 'operators.lastNetwork',
  'operator-exists': 'operators.exists',
  'space-unknown': 'operators.invalid',
  'space-required': 'operators.invalid',
  malformed: 'operators.invalid',
  'password-too-short': 'password.tooShort',
  'password-wrong': 'password.wrongCurrent',
  'session-required': 'signIn.sessionEnded',
  'session-expired': 'signIn.sessionEnded',
  'bad-query': 'indicators.badQuery',
  'not-found': 'members.notFound',
  'card-clash': 'members.cards.clash',
  'card-held': 'members.cards.held',
  'card-limit': 'members.cards.limit',
  'card-not-held': 'members.cards.notHeld',
  'card-empty': 'members.cards.malformed',
  'card-malformed': 'members.cards.malformed',
  'card-zero': 'members.cards.malformed',
  'card-too-long': 'members.cards.malformed',
  'card-ambiguous': 'members.cards.malformed',
  'csv-header': 'members.import.invalid',
  'csv-malformed': 'members.import.invalid',
  'import-invalid': 'members.import.invalid',
  'import-rejected': 'members.import.invalid',
  'feed-url-invalid': 'feeds.urlInvalid',
  'space-exists': 'spaces.exists',
};

/**
 * A wait in whole words' units: under two minutes in seconds, else in minutes (rounded up, so
 * the operator never comes back too early). Values for `wait.seconds` / `wait.minutes`.
 */
export function waitWords(seconds: number): Words {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 120
    ? { key: 'wait.seconds', values: { n: s } }
    : { key: 'wait.minutes', values: { n: Math.ceil(s / 60) } };
}

/**
 * The words for a failure, never its code: a throttled login says how long to wait, a 5xx that
 * the hub is failing, anything unknown a plain "did not work". `translate` renders nested words.
 */
export function errorWords(error: unknown, translate: (w: Words) => string): Words {
  if (!(error instanceof ApiError)) return { key: 'errors.generic' };
  if (error.code === 'login-throttled') {
    return {
      key: 'signIn.throttled',
      values: { wait: translate(waitWords(error.retryAfterSeconds ?? 60)) },
    };
  }
  if (error.status >= 500) return { key: 'errors.server' };
  return { key: BY_CODE[error.code] ?? 'errors.generic' };
}
