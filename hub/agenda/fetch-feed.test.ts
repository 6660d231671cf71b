import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../test-support/feed-server';
import { DEFAULT_FETCH_LIMITS, fetchFeed, parseFeedUrl } from './fetch-feed';

const NONE = { etag: null, lastModified: null };
const LIMITS = { ...DEFAULT_FETCH_LIMITS, maxBytes: 10_000, allowPrivate: true };
/** Short, for the server that never answers; the other cases keep the default 15 s. */
const IMPATIENT = { ...LIMITS, timeoutMs: 300 };

describe('fetchFeed against a real HTTP server', () => {
  let server: FeedServer;
  beforeEach(async () => {
    server = await startFeedServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('fetches a feed with its validators, then sends them back and takes 304 as not modified', async () => {
    server.route('/a.ics', (req) =>
      req.headers['if-none-match'] === '"v1"'
        ? { status: 304 }
        : {
            body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
            headers: { etag: '"v1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' },
          },
    );
    const first = await fetchFeed(`${server.url}/a.ics`, NONE, LIMITS);
    expect(first).toEqual({
      ok: true,
      value: {
        kind: 'fetched',
        text: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
        validators: { etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT' },
      },
    });
    const second = await fetchFeed(
      `${server.url}/a.ics`,
      { etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT' },
      LIMITS,
    );
    expect(second).toEqual({ ok: true, value: { kind: 'not-modified' } });
    expect(server.requests.map((r) => [r.ifNoneMatch, r.ifModifiedSince])).toEqual([
      [undefined, undefined],
      ['"v1"', 'Tue, 01 Dec 2026 10:00:00 GMT'],
    ]);
  });

  it('names the status of an error answer', async () => {
    const result = await fetchFeed(`${server.url}/missing.ics`, NONE, LIMITS);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'feed-http-status',
        message: `HTTP 404 Not Found from ${server.url}/missing.ics.`,
      },
    });
  });

  it('gives up on a server that does not answer in time', async () => {
    server.route('/slow.ics', { hang: true });
    const started = Date.now();
    const result = await fetchFeed(`${server.url}/slow.ics`, NONE, IMPATIENT);
    expect(result.ok ? undefined : result.error.code).toBe('feed-timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops reading past the size limit, with or without a Content-Length', async () => {
    server.route('/stream.ics', { chunks: 100, chunkBytes: 1000 });
    server.route('/declared.ics', { body: 'Y'.repeat(20_000) });
    for (const path of ['/stream.ics', '/declared.ics']) {
      const result = await fetchFeed(`${server.url}${path}`, NONE, LIMITS);
      expect(result, path).toEqual({
        ok: false,
        error: { code: 'feed-too-large', message: 'The feed is larger than 10000 bytes.' },
      });
    }
  });

  it('follows redirects up to the limit, detects a loop, and never leaves http(s)', async () => {
    server.route('/old.ics', { status: 301, headers: { location: '/new.ics' } });
    server.route('/new.ics', { body: 'BEGIN:VCALENDAR' });
    server.route('/loop-a', { status: 302, headers: { location: '/loop-b' } });
    server.route('/loop-b', { status: 307, headers: { location: '/loop-a' } });
    server.route('/file', { status: 302, headers: { location: 'file:///etc/passwd' } });
    for (let i = 0; i < 7; i++) {
      server.route(`/hop${i}`, { status: 302, headers: { location: `/hop${i + 1}` } });
    }
    server.route('/hop7', { body: 'far' });

    const moved = await fetchFeed(`${server.url}/old.ics`, NONE, LIMITS);
    expect(moved.ok && moved.value.kind === 'fetched' ? moved.value.text : moved).toBe(
      'BEGIN:VCALENDAR',
    );
    const loop = await fetchFeed(`${server.url}/loop-a`, NONE, LIMITS);
    expect(loop).toEqual({
      ok: false,
      error: {
        code: 'feed-redirect-loop',
        message: `Redirect loop: ${server.url}/loop-a → ${server.url}/loop-b → ${server.url}/loop-a.`,
      },
    });
    const file = await fetchFeed(`${server.url}/file`, NONE, LIMITS);
    expect(file.ok ? undefined : file.error.code).toBe('feed-redirect-invalid');
    const far = await fetchFeed(`${server.url}/hop0`, NONE, LIMITS);
    expect(far).toEqual({
      ok: false,
      error: {
        code: 'feed-too-many-redirects',
        message: `More than 5 redirects from ${server.url}/hop0.`,
      },
    });
    const near = await fetchFeed(`${server.url}/hop2`, NONE, LIMITS);
    expect(near.ok).toBe(true);
  });

  it('says why a server cannot be reached', async () => {
    const closed = await startFeedServer();
    const url = `${closed.url}/gone.ics`;
    await closed.close();
    const result = await fetchFeed(url, NONE, LIMITS);
    expect(result).toEqual({
      ok: false,
      error: { code: 'feed-unreachable', message: `Cannot fetch ${url}: ECONNREFUSED.` },
    });
  });
});

describe('parseFeedUrl', () => {
  it('takes absolute http and https URLs only', () => {
    expect(parseFeedUrl('https://example.org/agenda.ics').ok).toBe(true);
    expect(parseFeedUrl('http://example.org/agenda.ics').ok).toBe(true);
    for (const bad of [
      'file:///etc/passwd',
      'ftp://x/y.ics',
      'javascript:alert(1)',
      'agenda.ics',
    ]) {
      const result = parseFeedUrl(bad);
      expect(result.ok ? undefined : result.error.code, bad).toBe('feed-url-invalid');
    }
    expect(parseFeedUrl(`https://example.org/${'a'.repeat(2000)}`).ok).toBe(false);
  });
});
