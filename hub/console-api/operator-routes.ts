import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KioskError } from '#shared/result';
import { HttpError } from '../http/errors';
import { assertNetwork, operatorOf, type ConsoleDeps } from './contract';
import { parseInput, text } from './input';
import { addOperator, changeOperator, operatorView, resetOperator } from './operator-accounts';

const Role = z.enum(['network', 'space']);
const SpaceId = text(1, 100);
const Params = z.strictObject({ id: text(1, 100) });
export const AddOperatorSchema = z.strictObject({
  email: z.email().max(254),
  role: Role,
  spaceId: SpaceId.nullable().optional(),
});
export const ChangeOperatorSchema = z.strictObject({
  role: Role.optional(),
  spaceId: SpaceId.nullable().optional(),
  disabled: z.boolean().optional(),
});

const STATUS: Readonly<Record<string, number>> = {
  'operator-unknown': 404,
  'operator-exists': 409,
  'last-network-operator': 409,
  'space-unknown': 400,
  'space-required': 400,
};

function refused(error: KioskError): HttpError {
  return new HttpError(STATUS[error.code] ?? 400, error.code, error.message);
}

/**
 * The operators' accounts, for network operators only (403 `forbidden` otherwise):
 * `GET /operators`, `POST /operators` (201 with a one-time password shown once),
 * `PATCH /operators/:id` (disabling ends their sessions; 409 `last-network-operator`) and
 * `POST /operators/:id/reset` (a new one-time password; their sessions end). Rules and audit:
 * operator-accounts.ts.
 */
export function operatorRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  scope.get('/operators', async (request) => {
    assertNetwork(operatorOf(request));
    return { operators: (await deps.store.operators.listOperators()).map(operatorView) };
  });
  scope.post('/operators', async (request, reply) => {
    const actor = operatorOf(request);
    assertNetwork(actor);
    const body = parseInput(AddOperatorSchema, request.body);
    const added = await addOperator(deps, actor.operatorId, {
      email: body.email,
      role: body.role,
      spaceId: body.spaceId ?? null,
    });
    if (!added.ok) throw refused(added.error);
    return reply
      .status(201)
      .send({ operator: operatorView(added.value.operator), password: added.value.password });
  });
  scope.patch('/operators/:id', async (request) => {
    const actor = operatorOf(request);
    assertNetwork(actor);
    const { id } = parseInput(Params, request.params);
    const body = parseInput(ChangeOperatorSchema, request.body);
    const changed = await changeOperator(deps, actor.operatorId, id, {
      ...(body.role === undefined ? {} : { role: body.role }),
      ...(body.spaceId === undefined ? {} : { spaceId: body.spaceId }),
      ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
    });
    if (!changed.ok) throw refused(changed.error);
    return { operator: operatorView(changed.value) };
  });
  scope.post('/operators/:id/reset', async (request) => {
    const actor = operatorOf(request);
    assertNetwork(actor);
    const { id } = parseInput(Params, request.params);
    const reset = await resetOperator(deps, actor.operatorId, id);
    if (!reset.ok) throw refused(reset.error);
    return { password: reset.value.password };
  });
}
