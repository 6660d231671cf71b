import { request as httpRequest } from 'node:http';
import type { HubStore } from '../../store/store';
import type { OperatorRole } from '../../store/operator-rows';
import { hashPassword } from '../passwords';
import { CSRF_HEADER, SESSION_COOKIE } from '../sessions';

/** One answer of `consoleCall`. */
export interface CallAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The JSON body, or undefined (204, or not JSON). */
  readonly json: Record<string, unknown> | undefined;
  /** `coffee_console=…` when the answer sets the cookie ('' when it clears it). */
  readonly setCookie: string | undefined;
}

export interface CallOptions {
  readonly body?: unknown;
  /** A `coffee_console=…` cookie to send. */
  readonly cookie?: string;
  readonly csrf?: string;
  readonly headers?: Record<string, string>;
  /** The local address to send from (any of 127.0.0.0/8): another client address for the hub. */
  readonly from?: string;
}

/**
 * One request to the hub at `url` over node:http (which, unlike fetch, can choose the local
 * address, so a test can be several clients). `path` is absolute (`/console/api/login`).
 */
export function consoleCall(
  url: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.csrf ? { [CSRF_HEADER]: options.csrf } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method, headers, ...(options.from ? { localAddress: options.from } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
          } catch {
            json = undefined;
          }
          const set = (res.headers['set-cookie'] ?? []).find((c) =>
            c.startsWith(`${SESSION_COOKIE}=`),
          );
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json,
            setCookie: set?.split(';')[0],
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A signed-in session: its cookie and CSRF token. */
export interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

/**
 * Logs in as `email` (from the local address `from`, when given); rejects unless the hub answers
 * 200 with a cookie and a CSRF token.
 */
export async function signIn(
  url: string,
  email: string,
  password: string,
  from?: string,
): Promise<Session> {
  const answer = await consoleCall(url, 'POST', '/console/api/login', {
    body: { email, password },
    ...(from ? { from } : {}),
  });
  const csrf = answer.json?.['csrfToken'];
  if (answer.status !== 200 || !answer.setCookie || typeof csrf !== 'string') {
    throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return { cookie: answer.setCookie, csrf };
}

/** Makes an operator account in `store` with `password`; resolves with its id. */
export async function seedOperator(
  store: HubStore,
  account: { email: string; password: string; role: OperatorRole; spaceId?: string; id?: string },
  at = Date.now(),
): Promise<string> {
  const id = account.id ?? `op-${account.email.split('@')[0] ?? 'x'}`;
  const added = await store.operators.addOperator({
    id,
    email: account.email,
    role: account.role,
    spaceId: account.spaceId ?? null,
    passwordHash: await hashPassword(account.password),
    createdAt: at,
  });
  if (!added) throw new Error(`operator ${account.email} exists`);
  return id;
}
