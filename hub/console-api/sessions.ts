import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors';
import type { OperatorRow, OperatorStore, SessionRow } from '../store/operator-rows';
import type { OperatorPrincipal } from './contract';

/**
 * Console sessions (decision 0026). The cookie carries 256 random bits; the store keeps only their
 * SHA-256 (as for kiosk credentials: random enough that a fast hash protects them), so a copy of
 * the database opens no session. A session ends after `idleMs` without a request or `absoluteMs`
 * after login, on the hub's clock, when its operator is disabled, and at logout.
 */

/** The session cookie. */
export const SESSION_COOKIE = 'coffee_console';
/** Where the browser sends it: the console and its API only, never the sync routes. */
export const COOKIE_PATH = '/console';
/** The header every state-changing console request carries. */
export const CSRF_HEADER = 'x-csrf-token';

export const DEFAULT_IDLE_MS = 30 * 60_000;
export const DEFAULT_ABSOLUTE_MS = 12 * 3600_000;

/** How long sessions last. */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

/**
 * Whether the cookie is `Secure`: the request came over HTTPS — to the hub's own TLS, or to a
 * trusted proxy in front of it that says so in X-Forwarded-Proto (HUB_TRUST_PROXY; an untrusted
 * client's header is ignored by Fastify).
 */
function isSecure(reply: FastifyReply): boolean {
  return reply.request.protocol === 'https';
}

/** What login and `GET /session` answer. */
export interface SessionBody {
  readonly operator: {
    readonly id: string;
    readonly email: string;
    readonly role: 'network' | 'space';
    readonly spaceId: string | null;
  };
  readonly csrfToken: string;
  /** Epoch ms. */
  readonly idleExpiresAt: number;
  readonly absoluteExpiresAt: number;
}

/** A new session's cookie value, the hash the store keeps, and its CSRF token. */
export function newSession(): { value: string; idHash: string; csrfToken: string } {
  const value = randomBytes(32).toString('base64url');
  return { value, idHash: hashSessionId(value), csrfToken: randomBytes(32).toString('base64url') };
}

/** The stored form of a cookie value. */
export function hashSessionId(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The principal of an operator row. */
export function principalOf(operator: OperatorRow): OperatorPrincipal {
  return {
    operatorId: operator.id,
    email: operator.email,
    role: operator.role,
    spaceId: operator.spaceId,
  };
}

/** The session's answer body, given when it was made and last seen. */
export function sessionBody(
  operator: OperatorRow,
  session: { csrfToken: string; createdAt: number; lastSeenAt: number },
  policy: SessionPolicy,
): SessionBody {
  return {
    operator: {
      id: operator.id,
      email: operator.email,
      role: operator.role,
      spaceId: operator.spaceId,
    },
    csrfToken: session.csrfToken,
    idleExpiresAt: session.lastSeenAt + policy.idleMs,
    absoluteExpiresAt: session.createdAt + policy.absoluteMs,
  };
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/console, Secure over HTTPS. */
export function setSessionCookie(reply: FastifyReply, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    secure: isSecure(reply),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    secure: isSecure(reply),
  });
}

/**
 * The live session a request's cookie names, touched at `now`. Throws 401 `session-required`
 * (no cookie, unknown session, disabled operator) or `session-expired` (idle or absolute expiry
 * passed: the session is deleted).
 */
export async function liveSession(
  store: OperatorStore,
  request: FastifyRequest,
  now: number,
  policy: SessionPolicy,
): Promise<SessionRow> {
  const value = request.cookies[SESSION_COOKIE];
  if (value === undefined || value === '') {
    throw new HttpError(401, 'session-required', 'Sign in first.');
  }
  const session = await store.findSession(hashSessionId(value));
  if (!session || session.operator.disabledAt !== null) {
    throw new HttpError(401, 'session-required', 'Sign in first.');
  }
  if (now - session.lastSeenAt >= policy.idleMs || now - session.createdAt >= policy.absoluteMs) {
    await store.deleteSession(session.idHash);
    throw new HttpError(401, 'session-expired', 'Your session has ended: sign in again.');
  }
  await store.touchSession(session.idHash, now);
  return { ...session, lastSeenAt: now };
}

/** Throws 403 `csrf-failed` unless the request's CSRF header is the session's token. */
export function checkCsrf(request: FastifyRequest, session: SessionRow): void {
  const sent = request.headers[CSRF_HEADER];
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(
      403,
      'csrf-failed',
      `Send the session's CSRF token in the ${CSRF_HEADER} header.`,
    );
  }
}
