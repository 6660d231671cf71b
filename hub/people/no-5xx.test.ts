import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEMBER_COLUMNS, SPACE_COLUMNS } from '../admin/rows';
import { LILLE, MONS } from '../test-support/factories';
import { storeCases } from '../test-support/stores';
import { MONS_MANAGER, NETWORK, usePeopleFixture } from './testing/people-fixture';

/**
 * No body, query or id a client sends to a people-and-places route yields a 5xx: arbitrary JSON
 * and near-misses of the real shapes, as a network operator and as a space manager, each answered
 * below 500 with the hub's error body when refused.
 */

const ROUTES: readonly ['POST' | 'PATCH', string][] = [
  ['PATCH', '/members/m-mons'],
  ['POST', '/members/m-mons/cards'],
  ['POST', '/members/m-mons/cards/remove'],
  ['POST', '/members/import/preview'],
  ['POST', '/members/import'],
  ['POST', '/spaces'],
  ['PATCH', `/spaces/${MONS}`],
  ['PATCH', `/spaces/${LILLE}`],
  ['POST', '/feeds'],
];

const FIELDS = [
  ...new Set<string>([
    ...MEMBER_COLUMNS,
    ...SPACE_COLUMNS,
    'card',
    'csv',
    'spaceId',
    'url',
    'lang',
  ]),
  'closingTime',
  'openingHours',
];

/** Objects of the routes' own field names holding any JSON, and any JSON at all. */
const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue(), { maxKeys: 5 }),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
);

/** Routes taking a query value or a path id, with a body where they need one. */
const URLS: readonly ['GET' | 'PATCH' | 'POST' | 'DELETE', (v: string) => string, unknown][] = [
  ['GET', (v) => `/members?q=${v}`, undefined],
  ['GET', (v) => `/members?cursor=${v}&space=${v}`, undefined],
  ['GET', (v) => `/members/${v}`, undefined],
  ['POST', (v) => `/members/${v}/deactivate`, undefined],
  ['PATCH', (v) => `/spaces/${v}`, { retentionDays: 10 }],
  ['GET', (v) => `/feeds?space=${v}`, undefined],
  ['DELETE', (v) => `/feeds/${v}`, undefined],
  ['GET', (v) => `/visitors?q=${v}`, undefined],
  ['GET', (v) => `/visitors/${v}/export`, undefined],
  ['POST', (v) => `/visitors/${v}/erase`, undefined],
];

/** Query strings and path ids: anything a URL can carry. */
const text = fc.string({ maxLength: 300 });

describe.each(storeCases())('the people routes never answer 5xx on $name', (storeCase) => {
  const f = usePeopleFixture(storeCase);

  it('to any body, query or id', async () => {
    const net = await f.client(NETWORK);
    const mons = await f.client(MONS_MANAGER);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        body,
        fc.nat(1),
        async ([method, path], b, who) => {
          const answer = await (who === 0 ? net : mons).request(method, path, b);
          expect(
            answer.status,
            `${method} ${path} ${JSON.stringify(b).slice(0, 200)}`,
          ).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.json).toMatchObject({ type: 'error' });
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...URLS), text, async ([method, url, b], value) => {
        const answer = await mons.request(method, url(encodeURIComponent(value)), b);
        expect(answer.status, url(value)).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    // 250 requests and two sign-ins (Argon2id): seconds on a quiet machine, more on a busy one.
  }, 30_000);
});
