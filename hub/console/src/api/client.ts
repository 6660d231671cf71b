import type { z } from 'zod';
import {
  AuditPageSchema,
  ErrorBodySchema,
  OperatorAddedSchema,
  OperatorChangedSchema,
  OperatorListSchema,
  PasswordSchema,
  SessionSchema,
  SpaceListSchema,
  type AuditPage,
  type Operator,
  type Role,
  type Session,
  type SpaceChoice,
} from './schemas';

/**
 * A refused or failed call. `code` is the hub's error code (`login-failed`, `forbidden`, …), or
 * `network` when the hub was not reached, or `bad-answer` when it answered something unreadable.
 * Pages turn codes into words (errors.ts); no code is ever shown.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Seconds to wait, from `Retry-After` (login throttling). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${String(status)} ${code}`);
    this.name = 'ApiError';
  }
}

/** The methods the console API answers. */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiOptions {
  /** The page's fetch (tests may hand another one). */
  readonly fetch: typeof fetch;
  /** Prefix of every path, e.g. `/console/api`. */
  readonly base: string;
  /** A signed-in call answered 401: the session ended (idle, absolute, signed out elsewhere). */
  readonly onSessionEnded: () => void;
}

/**
 * The console API, typed. Cookies go with every call (`credentials: 'same-origin'`); every
 * state-changing call carries the session's CSRF token in `x-csrf-token`, learnt from login or
 * session. A 401 on any call but login and session calls `onSessionEnded` and rejects.
 * Every other refusal rejects with an ApiError.
 */
export class ConsoleApi {
  #csrf = '';
  constructor(private readonly options: ApiOptions) {}

  async login(email: string, password: string): Promise<Session> {
    return this.#keep(await this.#call('POST', '/login', SessionSchema, { email, password }));
  }

  /** The current session, or null when there is none (not signed in, or it expired). */
  async session(): Promise<Session | null> {
    try {
      return this.#keep(await this.#call('GET', '/session', SessionSchema));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  }

  async logout(): Promise<void> {
    await this.#call('POST', '/logout', null, {});
    this.#csrf = '';
  }

  async logoutEverywhere(): Promise<void> {
    await this.#call('POST', '/logout-everywhere', null, {});
    this.#csrf = '';
  }

  async changePassword(current: string, next: string): Promise<void> {
    await this.#call('POST', '/account/password', null, { current, next });
  }

  async operators(): Promise<Operator[]> {
    return (await this.#call('GET', '/operators', OperatorListSchema)).operators;
  }

  async addOperator(input: {
    email: string;
    role: Role;
    spaceId?: string;
  }): Promise<{ operator: Operator; password: string }> {
    return this.#call('POST', '/operators', OperatorAddedSchema, input);
  }

  async changeOperator(
    id: string,
    change: { role?: Role; spaceId?: string | null; disabled?: boolean },
  ): Promise<Operator> {
    const path = `/operators/${encodeURIComponent(id)}`;
    return (await this.#call('PATCH', path, OperatorChangedSchema, change)).operator;
  }

  async resetOperator(id: string): Promise<string> {
    const path = `/operators/${encodeURIComponent(id)}/reset`;
    return (await this.#call('POST', path, PasswordSchema, {})).password;
  }

  async audit(before: number | null, limit = 50): Promise<AuditPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (before !== null) query.set('before', String(before));
    return this.#call('GET', `/audit?${query.toString()}`, AuditPageSchema);
  }

  async spaces(): Promise<SpaceChoice[]> {
    return (await this.#call('GET', '/spaces', SpaceListSchema)).spaces;
  }

  /**
   * Any console API call, for a section's own API module (api/<section>.ts): `path` is relative
   * to the API's base; the answer is parsed with `schema` (null: no body expected). Same CSRF,
   * session-end and refusal rules as every method above.
   */
  async request<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S | null,
    body?: unknown,
  ): Promise<z.infer<S>> {
    return this.#call(method, path, schema, body);
  }

  /** The absolute URL of a GET path (a download link: CSV, XLSX, PDF, JSON export). */
  href(path: string): string {
    return `${this.options.base}${path}`;
  }

  #keep(session: Session): Session {
    this.#csrf = session.csrfToken;
    return session;
  }

  async #call<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S | null,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && path !== '/login') headers['x-csrf-token'] = this.#csrf;
    let answer: Response;
    try {
      answer = await this.options.fetch(`${this.options.base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'network');
    }
    if (!answer.ok) throw await this.#refusal(answer, path);
    if (schema === null || answer.status === 204) return undefined as z.infer<S>;
    const parsed = schema.safeParse(await answer.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError(answer.status, 'bad-answer');
    return parsed.data;
  }

  async #refusal(answer: Response, path: string): Promise<ApiError> {
    const body = ErrorBodySchema.safeParse(await answer.json().catch(() => undefined));
    const code = body.success ? body.data.code : answer.status >= 500 ? 'server' : 'generic';
    const retry = Number(answer.headers.get('retry-after'));
    const error = new ApiError(
      answer.status,
      code,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
    if (answer.status === 401 && path !== '/login' && path !== '/session') {
      this.#csrf = '';
      this.options.onSessionEnded();
    }
    return error;
  }
}
