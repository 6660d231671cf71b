import { isIP } from 'node:net';
import { fetch, type Dispatcher } from 'undici';
import { err, ok, type Result } from '#shared/result';
import { feedAgent, isPrivateAddress } from './feed-dispatcher';

/**
 * Fetches a feed over HTTP(S) with Node's fetch (undici), as an untrusted server's answer: only
 * http/https, a conditional GET, a time limit over the whole exchange, redirects followed by hand
 * (a limit, loops detected, never to another scheme) and a size limit counted on the bytes as
 * they arrive (a Content-Length may lie or be absent), and never to a private or local address
 * unless allowed (feed-dispatcher.ts: the URLs are operators' input). Every failure is a sentence naming what
 * went wrong, kept with the feed and logged; nothing here throws.
 */

/** The fetch's limits (decision 0023), and where it may connect. */
export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /**
   * Whether feeds on loopback, private, link-local and other non-public addresses may be
   * fetched (HUB_FEEDS_ALLOW_PRIVATE=1: a hub whose spaces' calendars are on its LAN). Default
   * false: an operator's URL must not reach the hub's own services.
   */
  readonly allowPrivate: boolean;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
};

/** The fetch limits a hub process runs with: the defaults, HUB_FEEDS_ALLOW_PRIVATE=1 read. */
export function fetchLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): FetchLimits {
  return { ...DEFAULT_FETCH_LIMITS, allowPrivate: env['HUB_FEEDS_ALLOW_PRIVATE'] === '1' };
}

// One agent per policy for the process: connections are pooled per origin across imports.
const AGENTS = new Map<boolean, Dispatcher>();
function agentFor(allowPrivate: boolean): Dispatcher {
  let agent = AGENTS.get(allowPrivate);
  if (agent === undefined) {
    agent = feedAgent(allowPrivate);
    AGENTS.set(allowPrivate, agent);
  }
  return agent;
}

/** A URL whose host is a literal private address (no DNS lookup happens for those). */
function literalPrivate(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) !== 0 && isPrivateAddress(host);
}

function privateRefusal(url: URL): Result<never> {
  return failure(
    'feed-private-address',
    `${url.host} is a private or local address; this hub fetches feeds from public addresses only (HUB_FEEDS_ALLOW_PRIVATE=1 allows its own network).`,
  );
}

/** The validators of the last good answer, sent back as If-None-Match / If-Modified-Since. */
export interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** A good answer: the feed's text and its new validators, or "not modified" (304). */
export type FetchOutcome =
  | { readonly kind: 'fetched'; readonly text: string; readonly validators: Validators }
  | { readonly kind: 'not-modified' };

/** The longest feed URL the hub keeps. */
const MAX_URL_LENGTH = 2000;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * `text` as a feed URL: absolute, http or https, at most 2 000 characters. Else `feed-url-invalid`
 * with a sentence saying why (the URL itself is the operator's own input, so it is named).
 */
export function parseFeedUrl(text: string): Result<URL> {
  if (text.length > MAX_URL_LENGTH) {
    return err({
      code: 'feed-url-invalid',
      message: `The URL is longer than ${MAX_URL_LENGTH} characters.`,
    });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err({ code: 'feed-url-invalid', message: `${text} is not an absolute URL.` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err({
      code: 'feed-url-invalid',
      message: `${url.protocol} URLs are refused: a feed is fetched over http or https only.`,
    });
  }
  return ok(url);
}

function failure(code: string, message: string): Result<never> {
  return err({ code, message });
}

/**
 * Reads `body` to its end as UTF-8, or fails past `maxBytes` (leaving the loop early cancels the
 * stream: the rest is not read).
 */
async function readLimited(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<Result<string>> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const value of body) {
    size += value.byteLength;
    if (size > maxBytes) {
      return failure('feed-too-large', `The feed is larger than ${maxBytes} bytes.`);
    }
    parts.push(value);
  }
  return ok(new TextDecoder('utf-8').decode(Buffer.concat(parts)));
}

/** The refusal a connection failed with, when the private-address check refused it. */
function refusedPrivate(e: unknown): boolean {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return cause?.code === 'FEED_PRIVATE_ADDRESS';
}

/** Why a fetch threw, in words: the network's error code when it has one. */
function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * GETs `url` (checked with parseFeedUrl first) with `validators` as conditional headers, within
 * `limits`. Resolves ok with the text or `not-modified`; else with one of the codes
 * `feed-url-invalid`, `feed-timeout`, `feed-too-large`, `feed-redirect-loop`,
 * `feed-too-many-redirects`, `feed-redirect-invalid`, `feed-http-status`, `feed-unreachable`,
 * `feed-private-address`.
 */
export async function fetchFeed(
  url: string,
  validators: Validators,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): Promise<Result<FetchOutcome>> {
  const first = parseFeedUrl(url);
  if (!first.ok) return first;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, limits.timeoutMs);
  const seconds = `${limits.timeoutMs / 1000} s`;
  const headers: Record<string, string> = {
    accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1',
    'user-agent': 'coffee-kiosk-hub',
    ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
    ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
  };
  let current = first.value;
  const seen = [current.href];
  const dispatcher = agentFor(limits.allowPrivate);
  try {
    for (;;) {
      if (!limits.allowPrivate && literalPrivate(current)) return privateRefusal(current);
      const res = await fetch(current, {
        redirect: 'manual',
        signal: controller.signal,
        headers,
        dispatcher,
      });
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        const next = location === null ? undefined : URL.parse(location, current);
        if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
          return failure(
            'feed-redirect-invalid',
            `${current.href} redirects (HTTP ${res.status}) to no http or https URL.`,
          );
        }
        if (seen.includes(next.href)) {
          return failure(
            'feed-redirect-loop',
            `Redirect loop: ${[...seen, next.href].join(' → ')}.`,
          );
        }
        if (seen.length > limits.maxRedirects) {
          return failure(
            'feed-too-many-redirects',
            `More than ${limits.maxRedirects} redirects from ${first.value.href}.`,
          );
        }
        seen.push(next.href);
        current = next;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return ok({ kind: 'not-modified' });
      }
      if (!res.ok || res.body === null) {
        await res.body?.cancel();
        const text = res.statusText ? ` ${res.statusText}` : '';
        return failure('feed-http-status', `HTTP ${res.status}${text} from ${current.href}.`);
      }
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > limits.maxBytes) {
        await res.body.cancel();
        return failure('feed-too-large', `The feed is larger than ${limits.maxBytes} bytes.`);
      }
      const text = await readLimited(res.body, limits.maxBytes);
      if (!text.ok) return text;
      return ok({
        kind: 'fetched',
        text: text.value,
        validators: {
          etag: res.headers.get('etag'),
          lastModified: res.headers.get('last-modified'),
        },
      });
    }
  } catch (e) {
    if (controller.signal.aborted) {
      return failure('feed-timeout', `No whole answer from ${current.href} within ${seconds}.`);
    }
    if (refusedPrivate(e)) return privateRefusal(current);
    return failure('feed-unreachable', `Cannot fetch ${current.href}: ${networkReason(e)}.`);
  } finally {
    clearTimeout(timer);
  }
}
