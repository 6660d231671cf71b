import { randomBytes } from 'node:crypto';
import { memoryLog } from '../../log';
import { createHub } from '../../server';
import { LOCAL_FETCH_LIMITS } from '../../test-support/feed-server';
import type { HubStore } from '../../store/store';
import type { AuditEntry, ConsoleRoutes, OperatorPrincipal } from '../contract';
import { hashPassword } from '../passwords';
import { CSRF_HEADER, SESSION_COOKIE } from '../sessions';
import { seedOperator } from './console-http';

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
  /** Every audit entry in the store, oldest first (whoever wrote it). */
  auditEntries(): Promise<AuditEntry[]>;
  /** The audit entries this client's operator wrote, oldest first. */
  ownAuditEntries(): Promise<AuditEntry[]>;
  /** The hub's base URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** The session cookie (`coffee_console=…`) and CSRF token the client sends. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** Stops the hub (not the store). */
  close(): Promise<void>;
}

export interface ConsoleClientOptions {
  readonly store: HubStore;
  /** The route modules under test. */
  readonly routes: readonly ConsoleRoutes[];
  /** The account to sign in as: made in the store (or given a new password when its email exists). */
  readonly operator: OperatorPrincipal;
  readonly clock?: () => number;
}

/**
 * A console client signed in for real: makes (or re-keys) the operator's account in `store`,
 * starts the hub (`createHub` with `routes`) on 127.0.0.1 port 0, logs in over HTTP, and sends
 * the session cookie and the CSRF token with every request. Rejects when the login fails.
 */
export async function consoleClient(options: ConsoleClientOptions): Promise<ConsoleClient> {
  const { store, operator } = options;
  const password = randomBytes(18).toString('base64url');
  const existing = await store.operators.findOperatorByEmail(operator.email);
  const actorId = existing?.id ?? operator.operatorId;
  if (existing) {
    await store.operators.setPasswordHash(existing.id, await hashPassword(password));
  } else {
    await seedOperator(
      store,
      {
        id: operator.operatorId,
        email: operator.email,
        password,
        role: operator.role,
        ...(operator.spaceId === null ? {} : { spaceId: operator.spaceId }),
      },
      (options.clock ?? Date.now)(),
    );
  }
  const hub = createHub({
    store,
    log: memoryLog(),
    ...(options.clock ? { clock: options.clock } : {}),
    purgeIntervalMs: 0,
    pullMarkDelayMs: 0,
    // Route tests import feeds from local servers (127.0.0.1), which a hub refuses by default.
    agenda: { intervalMs: 0, limits: LOCAL_FETCH_LIMITS },
    console: { routes: options.routes },
  });
  const addr = await hub.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${addr.port}`;
  try {
    const login = await fetch(`${url}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: operator.email, password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const session = (await login.json()) as { csrfToken?: string };
    if (login.status !== 200 || !cookie.startsWith(`${SESSION_COOKIE}=`) || !session.csrfToken) {
      throw new Error(`console login failed: ${login.status}`);
    }
    const csrfToken = session.csrfToken;
    return {
      url,
      cookie,
      csrfToken,
      async request(method, path, body) {
        const res = await fetch(`${url}/console/api${path}`, {
          method,
          headers: {
            cookie,
            [CSRF_HEADER]: csrfToken,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const raw = Buffer.from(await res.arrayBuffer());
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          json = undefined;
        }
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          headers[name] = value;
        });
        return { status: res.status, headers, json, body: raw };
      },
      auditEntries: () => readAudit(store),
      async ownAuditEntries() {
        return (await readAudit(store)).filter((e) => e.actor === actorId);
      },
      close: () => hub.close(),
    };
  } catch (e) {
    await hub.close();
    throw e;
  }
}

/** Every audit entry in `store`, oldest first. */
async function readAudit(store: HubStore): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.operators.auditPage(before, 500);
    for (const e of page) {
      entries.push({
        actor: e.actor,
        action: e.action,
        target: e.target,
        ...(e.before === null ? {} : { before: e.before }),
        ...(e.after === null ? {} : { after: e.after }),
      });
    }
    if (page.length < 500) return entries.reverse();
    before = page.at(-1)?.seq;
  }
}
