import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import type { SessionRow } from '../store/operator-rows';
import { parseInput } from './input';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  hashPassword,
  verifyPassword,
} from './passwords';
import type { ConsoleApiDeps } from './register';

export const PasswordChangeSchema = z.strictObject({
  current: z.string().max(MAX_PASSWORD_LENGTH),
  next: z.string().max(MAX_PASSWORD_LENGTH),
});

/**
 * `POST /account/password {current, next}`: 204, the operator's other sessions ended; 400
 * `password-too-short` (under MIN_PASSWORD_LENGTH), 403 `password-wrong` (current does not match:
 * not 401, which would read as a lost session).
 */
export function registerAccountRoutes(
  scope: FastifyInstance,
  deps: ConsoleApiDeps,
  sessionOf: (request: FastifyRequest) => SessionRow,
): void {
  scope.post('/account/password', async (request, reply) => {
    const body = parseInput(PasswordChangeSchema, request.body);
    const session = sessionOf(request);
    if (body.next.length < MIN_PASSWORD_LENGTH) {
      throw new HttpError(
        400,
        'password-too-short',
        `A password has at least ${MIN_PASSWORD_LENGTH} characters.`,
      );
    }
    if (!(await verifyPassword(session.operator.passwordHash, body.current))) {
      throw new HttpError(403, 'password-wrong', 'The current password is wrong.');
    }
    const id = session.operator.id;
    await deps.store.operators.setPasswordHash(id, await hashPassword(body.next), session.idHash);
    await deps.audit.record({ actor: id, action: 'operator.password', target: `operator:${id}` });
    return reply.status(204).send();
  });
}
