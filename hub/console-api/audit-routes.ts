import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assertNetwork, operatorOf, type ConsoleDeps } from './contract';
import { parseInput } from './input';

const QuerySchema = z.strictObject({
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * `GET /audit?before=<seq>&limit=<1..200>` (network operators only): entries newest first, each
 * with its actor's email when the actor is an operator; `next` is the `before` of the next page,
 * or null on the last.
 */
export function auditRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  scope.get('/audit', async (request) => {
    assertNetwork(operatorOf(request));
    const query = parseInput(QuerySchema, request.query);
    const rows = await deps.store.operators.auditPage(query.before, query.limit + 1);
    const entries = rows.slice(0, query.limit);
    const last = entries.at(-1);
    return { entries, next: rows.length > query.limit && last ? last.seq : null };
  });
}
