import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import type { SessionRow } from '../store/operator-rows';
import { text } from './input';
import { MAX_PASSWORD_LENGTH, verifyPassword } from './passwords';
import type { ConsoleApiDeps } from './register';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  hashSessionId,
  newSession,
  sessionBody,
  setSessionCookie,
  type SessionBody,
} from './sessions';
import { recordLoginFailure, retryAfterSeconds, throttleKeys } from './throttle';

export const LoginRequestSchema = z.strictObject({
  email: text(1, 320).transform((s) => s.trim()),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/**
 * `POST /console/api/login` (registered outside the session check). Answers 200 with the session
 * body and a new session cookie (any session the request carried is ended: a new id at every
 * login); 401 `login-failed` alike for an unknown email, a wrong password and a disabled account
 * (each costing one Argon2id verification); 429 `login-throttled` with Retry-After while the
 * account or the address is blocked (throttle.ts), the password then left unchecked.
 */
export function registerLoginRoute(api: FastifyInstance, deps: ConsoleApiDeps): void {
  const operators = deps.store.operators;
  api.post('/login', async (request, reply): Promise<SessionBody> => {
    const body = parseLogin(request.body);
    const now = deps.clock();
    const keys = throttleKeys(body.email, request.ip);
    const wait = await retryAfterSeconds(operators, [keys.account, keys.address], now);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new HttpError(429, 'login-throttled', `Too many failed logins: retry in ${wait} s.`);
    }
    const operator = await operators.findOperatorByEmail(body.email);
    const matches = await verifyPassword(operator?.passwordHash, body.password);
    if (!operator || !matches || operator.disabledAt !== null) {
      await recordLoginFailure(operators, [keys.account, keys.address], now);
      deps.log.warn('console login failed', { ip: request.ip });
      throw new HttpError(401, 'login-failed', 'Wrong email or password.');
    }
    await operators.clearFailures(keys.account);
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await operators.deleteSession(hashSessionId(previous));
    await operators.deleteExpiredSessions(now - deps.session.idleMs, now - deps.session.absoluteMs);
    const session = newSession();
    await operators.createSession({
      idHash: session.idHash,
      operatorId: operator.id,
      csrfToken: session.csrfToken,
      at: now,
    });
    await operators.recordLogin(operator.id, now);
    deps.log.info('console login', { operatorId: operator.id });
    setSessionCookie(reply, session.value);
    return sessionBody(
      operator,
      { csrfToken: session.csrfToken, createdAt: now, lastSeenAt: now },
      deps.session,
    );
  });
}

function parseLogin(body: unknown): z.infer<typeof LoginRequestSchema> {
  const parsed = LoginRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(400, 'malformed', 'Send {email, password} as JSON.');
  }
  return parsed.data;
}

/**
 * `GET /session`, `POST /logout` and `POST /logout-everywhere`, on the authenticated scope;
 * `sessionOf` gives the session the session check found for a request.
 */
export function registerSessionRoutes(
  scope: FastifyInstance,
  deps: ConsoleApiDeps,
  sessionOf: (request: FastifyRequest) => SessionRow,
): void {
  const operators = deps.store.operators;
  scope.get('/session', (request): SessionBody => {
    const session = sessionOf(request);
    return sessionBody(session.operator, session, deps.session);
  });
  scope.post('/logout', async (request, reply) => {
    await operators.deleteSession(sessionOf(request).idHash);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });
  scope.post('/logout-everywhere', async (request, reply) => {
    const session = sessionOf(request);
    await operators.deleteSessionsOf(session.operator.id);
    await deps.audit.record({
      actor: session.operator.id,
      action: 'operator.logout-everywhere',
      target: `operator:${session.operator.id}`,
    });
    clearSessionCookie(reply);
    return reply.status(204).send();
  });
}
