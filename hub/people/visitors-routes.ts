import { z } from 'zod';
import type { Visit, Visitor } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import { matchTokens, MIN_QUERY_LENGTH, queryTokens, searchTokens } from '#shared/visitor/search';
import { erasePerson } from '../admin/admin';
import { operatorOf, type ConsoleDeps, type ConsoleRoutes } from '../console-api/contract';
import { HttpError } from '../http/errors';
import { personKeyOf } from '../store/store';
import { IdParams, liveRecord, parseInput } from './input';

/**
 * Visitors' data requests in the console (issue 12, point 5; docs/gdpr.md): find a visitor by
 * name or e-mail, export everything the hub holds on them (JSON), erase them everywhere with the
 * kiosk's and the CLI's semantics (`erasePerson`: an erasure tombstone that wins everywhere; a
 * visit still open stays on the roster as an anonymous line, decision 0019). A space manager
 * reaches the visitors their space registered or received (403 otherwise). Exports and
 * erasures are audited with the visitor's id only, never their data; a search, with how many
 * visitors it found (never the words searched: they may be a name).
 */

/** Visitors a search lists at most. */
export const VISITORS_FOUND = 50;

const SearchQuery = z.strictObject({
  q: z
    .string()
    .max(200)
    .refine(
      (q) => queryTokens(q).length > 0,
      `at least ${MIN_QUERY_LENGTH} letters of a name or an e-mail`,
    ),
});

/** A visitor as a search lists them. */
interface VisitorHit {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly company: string | null;
  readonly consentAt: number;
}

/** The visits the hub holds of visitor `id` (anonymous tombstones left out). */
async function visitsOf(
  deps: ConsoleDeps,
  id: string,
): Promise<{ visit: Visit; space: string | null }[]> {
  const rows = await deps.store.people.visitsOf(personKeyOf('visitors', id));
  return rows.flatMap((r) => {
    const visit = materialize('visits', r.state) as Visit | undefined;
    return visit ? [{ visit, space: r.ownerSpace }] : [];
  });
}

/**
 * The live visitor `id` with their visits, after checking the operator may reach them: their
 * registering space, or a space they visited. Throws 404, 403.
 */
async function reachableVisitor(
  deps: ConsoleDeps,
  operator: ReturnType<typeof operatorOf>,
  id: string,
): Promise<{ visitor: Visitor; visits: Visit[] }> {
  const { record: visitor, ownerSpace } = await liveRecord(deps.store, 'visitors', id);
  const visits = await visitsOf(deps, id);
  if (
    operator.role !== 'network' &&
    ownerSpace !== operator.spaceId &&
    !visits.some((v) => v.space === operator.spaceId)
  ) {
    throw new HttpError(403, 'forbidden', 'This belongs to a space you do not manage.');
  }
  return { visitor, visits: visits.map((v) => v.visit) };
}

/** The visitors the operator may reach, in id order. */
async function reachableVisitors(
  deps: ConsoleDeps,
  operator: ReturnType<typeof operatorOf>,
): Promise<Visitor[]> {
  const all = await deps.store.people.liveRows('visitors');
  let rows = all;
  if (operator.role !== 'network') {
    const own = operator.spaceId ?? '';
    const seen = new Set(await deps.store.people.visitorsSeenAt(own));
    rows = all.filter((r) => r.ownerSpace === own || seen.has(r.recordId));
  }
  return rows.flatMap((r) => {
    const v = materialize('visitors', r.state) as Visitor | undefined;
    return v ? [v] : [];
  });
}

/** The visitors routes: `GET /visitors`, `GET /visitors/:id/export`, `POST /visitors/:id/erase`. */
export const visitorsRoutes: ConsoleRoutes = (scope, deps) => {
  scope.get('/visitors', async (request) => {
    const operator = operatorOf(request);
    const { q } = parseInput(SearchQuery, request.query, 'query');
    const query = queryTokens(q);
    const hits = (await reachableVisitors(deps, operator)).flatMap((v) => {
      const score = matchTokens(query, searchTokens(v.firstName, v.lastName, v.email));
      return score === null ? [] : [{ v, score }];
    });
    hits.sort((a, b) => a.score - b.score || (a.v.id < b.v.id ? -1 : 1));
    const visitors: VisitorHit[] = hits.slice(0, VISITORS_FOUND).map(({ v }) => ({
      id: v.id,
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email ?? null,
      company: v.company ?? null,
      consentAt: v.consentAt,
    }));
    // Who looked at visitors' data, and how much of it they were shown (docs/gdpr.md).
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'visitor.search',
      target: 'visitors',
      after: { found: hits.length, shown: visitors.length },
    });
    return { visitors, isTruncated: hits.length > VISITORS_FOUND };
  });

  scope.get('/visitors/:id/export', async (request, reply) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    const data = await reachableVisitor(deps, operator, id);
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'visitor.export',
      target: `visitor:${id}`,
    });
    // The file name names the record, never the person (docs/gdpr.md).
    return reply
      .header('content-disposition', `attachment; filename="visitor-${id}.json"`)
      .send({ exportedAt: deps.clock(), ...data });
  });

  scope.post('/visitors/:id/erase', async (request) => {
    const operator = operatorOf(request);
    const { id } = parseInput(IdParams, request.params, 'path');
    await reachableVisitor(deps, operator, id);
    await erasePerson(deps.store, 'visitors', id, deps.clock());
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'visitor.erase',
      target: `visitor:${id}`,
    });
    return { erased: id };
  });
};
