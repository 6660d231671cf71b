import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeedPlanner } from '../agenda/plan-feed';
import type { FetchLimits } from '../agenda/fetch-feed';
import { HttpError } from '../http/errors';
import type { HubLog } from '../log';
import type { HubStore } from '../store/store';

/**
 * What every part of the operators' console API (`/console/api/…`) builds on: who is asking, what
 * they may touch, and how a change is recorded. The session layer (operators.ts and its
 * neighbours) authenticates the request and sets `request.operator` before any route module runs;
 * a route module only reads it through `operatorOf` and checks scope with `assertSpace` /
 * `spacesFor` — roles are enforced here, in the API, never only in the console's pages.
 */

/** A network operator sees and manages everything; a space manager, one space. */
export type OperatorRole = 'network' | 'space';

/** The signed-in operator of a console request. */
export interface OperatorPrincipal {
  readonly operatorId: string;
  readonly email: string;
  readonly role: OperatorRole;
  /** The managed space of a `space` operator; null for a network operator. */
  readonly spaceId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the console's session layer on every authenticated `/console/api/` request. */
    operator?: OperatorPrincipal;
  }
}

/**
 * The operator of `request`. Throws 401 `session-required` when the session layer set none (a
 * route registered outside the authenticated scope is a bug this makes loud, not a hole).
 */
export function operatorOf(request: FastifyRequest): OperatorPrincipal {
  const operator = request.operator;
  if (operator === undefined) throw new HttpError(401, 'session-required', 'Sign in first.');
  return operator;
}

/** Whether `operator` may manage (read or change) what belongs to `spaceId`. */
export function managesSpace(operator: OperatorPrincipal, spaceId: string): boolean {
  return operator.role === 'network' || operator.spaceId === spaceId;
}

/** Throws 403 `forbidden` unless `operator` manages `spaceId`. */
export function assertSpace(operator: OperatorPrincipal, spaceId: string): void {
  if (!managesSpace(operator, spaceId)) {
    throw new HttpError(403, 'forbidden', 'This belongs to a space you do not manage.');
  }
}

/** Throws 403 `forbidden` unless `operator` is a network operator. */
export function assertNetwork(operator: OperatorPrincipal): void {
  if (operator.role !== 'network') {
    throw new HttpError(403, 'forbidden', 'Only a network operator may do this.');
  }
}

/**
 * The spaces a request may read, given the ones it asked for (`undefined`: all it may see).
 * A network operator gets what was asked; a space manager gets their space, and a request naming
 * any other space is refused with 403 rather than silently narrowed.
 */
export function spacesFor(
  operator: OperatorPrincipal,
  asked: readonly string[] | undefined,
): readonly string[] | undefined {
  if (operator.role === 'network') return asked;
  const own = operator.spaceId ?? '';
  if (asked !== undefined && asked.some((id) => id !== own)) {
    throw new HttpError(403, 'forbidden', 'This belongs to a space you do not manage.');
  }
  return [own];
}

/**
 * One change made through the console or the CLI, for the audit log. `before`/`after` carry
 * settings (a space's retention, an operator's role), never a visitor's personal data: a change
 * to a person names the record id only.
 */
export interface AuditEntry {
  /** Operator id, or `cli` for the command line. */
  readonly actor: string;
  /** A stable verb, e.g. `member.update`, `kiosk.revoke`, `space.update`, `operator.add`. */
  readonly action: string;
  /** What was changed: `<kind>:<id>`, e.g. `space:co-nnexion-mons`. */
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Writes audit entries (the operators' part implements it over the store). */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** What a console route module is given. */
export interface ConsoleDeps {
  readonly store: HubStore;
  readonly log: HubLog;
  /** Hub wall clock, epoch ms (tests inject it). */
  readonly clock: () => number;
  readonly audit: AuditLog;
  /** How feeds are fetched when an operator imports one now (default DEFAULT_FETCH_LIMITS). */
  readonly feedLimits?: FetchLimits;
  /** How an import parses and plans a feed: the hub's feed worker (default: on this thread). */
  readonly feedPlanner?: FeedPlanner;
}

/**
 * A console route module: registers its routes on `scope`, the authenticated `/console/api`
 * prefix (paths are relative to it: `scope.get('/fleet', …)` answers `/console/api/fleet`).
 * Every request reaching a route has passed the session check, and a state-changing one (POST,
 * PUT, PATCH, DELETE) the CSRF check; the route still checks scope with the helpers above.
 */
export type ConsoleRoutes = (scope: FastifyInstance, deps: ConsoleDeps) => void;
