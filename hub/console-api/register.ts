import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionRow } from '../store/operator-rows';
import { registerAccountRoutes } from './account-routes';
import { auditRoutes } from './audit-routes';
import type { ConsoleDeps, ConsoleRoutes } from './contract';
import { operatorRoutes } from './operator-routes';
import { registerLoginRoute, registerSessionRoutes } from './session-routes';
import { checkCsrf, liveSession, principalOf, type SessionPolicy } from './sessions';

/** What the console API needs beyond a route module's deps: how sessions last. */
export interface ConsoleApiDeps extends ConsoleDeps {
  readonly session: SessionPolicy;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registers the operators' console API under `/console/api` (decision 0026): `POST /login` in
 * the open, then an authenticated scope whose every request passes the session check (sets
 * `request.operator`; 401 `session-required` / `session-expired`) and, when it changes state,
 * the CSRF check (403 `csrf-failed`), holding the session, account, operators and audit routes
 * and then `routes`. The session lives in the `coffee_console` cookie only: a kiosk's bearer
 * credential opens nothing here, and the cookie opens none of the sync routes.
 */
export function registerConsoleApi(
  app: FastifyInstance,
  deps: ConsoleApiDeps,
  routes: readonly ConsoleRoutes[],
): void {
  void app.register(
    async (api) => {
      await api.register(fastifyCookie);
      registerLoginRoute(api, deps);
      await api.register((scope, _opts, done) => {
        const sessions = new WeakMap<FastifyRequest, SessionRow>();
        const sessionOf = (request: FastifyRequest): SessionRow => {
          const session = sessions.get(request);
          // The hook below sets it before any route of this scope runs.
          if (!session) throw new Error('console route reached without a session');
          return session;
        };
        scope.addHook('onRequest', async (request) => {
          const session = await liveSession(
            deps.store.operators,
            request,
            deps.clock(),
            deps.session,
          );
          sessions.set(request, session);
          request.operator = principalOf(session.operator);
          if (STATE_CHANGING.has(request.method)) checkCsrf(request, session);
        });
        registerSessionRoutes(scope, deps, sessionOf);
        registerAccountRoutes(scope, deps, sessionOf);
        for (const register of [operatorRoutes, auditRoutes, ...routes]) register(scope, deps);
        done();
      });
    },
    { prefix: '/console/api' },
  );
}
