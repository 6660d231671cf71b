import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { errorWords, waitWords, type Words } from './error-words';
import { CATALOGUES } from '../i18n/catalogues';

const render = (w: Words) => `${w.key}(${JSON.stringify(w.values ?? {})})`;

describe('errorWords', () => {
  it('says how long a throttled sign-in waits, in seconds then minutes, rounded up', () => {
    expect(errorWords(new ApiError(429, 'login-throttled', 30), render)).toEqual({
      key: 'signIn.throttled',
      values: { wait: 'wait.seconds({"n":30})' },
    });
    expect(waitWords(0.2)).toEqual({ key: 'wait.seconds', values: { n: 1 } });
    expect(waitWords(119)).toEqual({ key: 'wait.seconds', values: { n: 119 } });
    expect(waitWords(121)).toEqual({ key: 'wait.minutes', values: { n: 3 } });
    expect(waitWords(900)).toEqual({ key: 'wait.minutes', values: { n: 15 } });
  });

  it('gives a catalogue key for every failure, never the code itself', () => {
    expect(errorWords(new ApiError(401, 'login-failed'), render).key).toBe('signIn.failed');
    expect(errorWords(new ApiError(403, 'forbidden'), render).key).toBe('errors.forbidden');
    expect(errorWords(new ApiError(0, 'network'), render).key).toBe('errors.network');
    expect(errorWords(new ApiError(500, 'internal'), render).key).toBe('errors.server');
    expect(errorWords(new ApiError(418, 'teapot'), render).key).toBe('errors.generic');
    expect(errorWords(new TypeError('x'), render).key).toBe('errors.generic');
  });

  it('has words in the catalogue for each refusal of the members and visitors endpoints', () => {
    const codes = ['not-found', 'card-clash', 'card-held', 'card-limit', 'card-not-held'];
    const more = ['card-malformed', 'card-too-long', 'csv-header', 'import-invalid'];
    for (const code of [...codes, ...more]) {
      const { key } = errorWords(new ApiError(code === 'card-clash' ? 409 : 400, code), render);
      expect(key, code).not.toBe('errors.generic');
      const found = key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGUES.en);
      expect(typeof found, key).toBe('string');
    }
  });
});
