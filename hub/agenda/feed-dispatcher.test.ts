import { describe, expect, it } from 'vitest';
import { startFeedServer } from '../test-support/feed-server';
import { isPrivateAddress, publicOnlyLookup } from './feed-dispatcher';
import { DEFAULT_FETCH_LIMITS, fetchFeed } from './fetch-feed';

const NONE = { etag: null, lastModified: null };

describe('feeds are fetched from public addresses only', () => {
  it('knows which addresses are not public', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      'not an address',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      '8.8.8.8',
      '193.190.198.27',
      '172.32.0.1',
      '2001:4860:4860::8888',
      '::ffff:808:808',
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('fails the DNS lookup of a name that resolves to a private address', async () => {
    const error = await new Promise<unknown>((resolve) => {
      publicOnlyLookup('localhost', {}, (e) => {
        resolve(e);
      });
    });
    expect(error).toMatchObject({ code: 'FEED_PRIVATE_ADDRESS' });
  });

  it('refuses a server on this machine by default, and fetches it once allowed', async () => {
    const server = await startFeedServer();
    server.route('/a.ics', { body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' });
    try {
      for (const url of [`${server.url}/a.ics`, server.url.replace('127.0.0.1', 'localhost')]) {
        const refused = await fetchFeed(url, NONE, DEFAULT_FETCH_LIMITS);
        expect(refused).toMatchObject({ ok: false, error: { code: 'feed-private-address' } });
      }
      expect(server.requests).toHaveLength(0);
      const allowed = await fetchFeed(`${server.url}/a.ics`, NONE, {
        ...DEFAULT_FETCH_LIMITS,
        allowPrivate: true,
      });
      expect(allowed).toMatchObject({ ok: true, value: { kind: 'fetched' } });
    } finally {
      await server.close();
    }
  });
});
