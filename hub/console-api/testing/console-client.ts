import Fastify from 'fastify';
import { errorBody, toHttpError } from '../../http/errors';
import { memoryLog } from '../../log';
import type { HubStore } from '../../store/store';
import type { AuditEntry, ConsoleRoutes, OperatorPrincipal } from '../contract';

/** One console API answer, as a test reads it. */
export interface ConsoleAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly body: Buffer;
}

/** A signed-in operator's view of the console API, for route tests. */
export interface ConsoleClient {
  /** `path` is relative to `/console/api` (e.g. `/fleet`). */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<ConsoleAnswer>;
  /** Audit entries written so far through this client's deps. */
  readonly audit: readonly AuditEntry[];
  close(): Promise<void>;
}

export interface ConsoleClientOptions {
  readonly store: HubStore;
  /** The route modules under test. */
  readonly routes: readonly ConsoleRoutes[];
  readonly operator: OperatorPrincipal;
  readonly clock?: () => number;
}

/**
 * A console client for route modules while the session layer is built beside them (issue 12):
 * the operator is set on each request at the session boundary, exactly where the session layer
 * will set it, and errors answer with the hub's error body. Once the session layer lands, this
 * keeps its signature and signs in for real (an operator account, a login over HTTP, the
 * session cookie and CSRF token carried), so the route tests written against it stay as they are.
 */
export async function consoleClient(options: ConsoleClientOptions): Promise<ConsoleClient> {
  const audit: AuditEntry[] = [];
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const refusal = toHttpError(error, 1024 * 1024);
    return reply
      .status(refusal.statusCode)
      .send(errorBody(refusal.code, refusal.message, refusal.details));
  });
  await app.register(
    (scope, _opts, done) => {
      scope.addHook('onRequest', (request, _reply, next) => {
        request.operator = options.operator;
        next();
      });
      const deps = {
        store: options.store,
        log: memoryLog(),
        clock: options.clock ?? Date.now,
        audit: {
          record: (entry: AuditEntry) => {
            audit.push(entry);
            return Promise.resolve();
          },
        },
      };
      for (const routes of options.routes) routes(scope, deps);
      done();
    },
    { prefix: '/console/api' },
  );
  await app.ready();
  return {
    async request(method, path, body) {
      const answer = await app.inject({
        method,
        url: `/console/api${path}`,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      let json: unknown;
      try {
        json = answer.json();
      } catch {
        json = undefined;
      }
      return { status: answer.statusCode, headers: answer.headers, json, body: answer.rawPayload };
    },
    audit,
    close: () => app.close(),
  };
}
