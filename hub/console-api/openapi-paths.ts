import { z } from 'zod';
import { PasswordChangeSchema } from './account-routes';
import { AddOperatorSchema, ChangeOperatorSchema } from './operator-routes';
import { LoginRequestSchema } from './session-routes';
import { CSRF_HEADER, SESSION_COOKIE } from './sessions';

/**
 * The OpenAPI description of the console API's own endpoints (sessions, account, operators,
 * audit), for hub/http/openapi.ts; `error` makes a reference to the hub's error body there.
 * Request bodies are generated from the zod schemas the routes validate with.
 */

const body = (s: z.ZodType) => ({
  required: true,
  content: {
    'application/json': { schema: z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) },
  },
});

const ok = (description: string, schema: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema } },
});

const OPERATOR = {
  type: 'object',
  required: ['id', 'email', 'role', 'spaceId', 'disabled', 'createdAt', 'lastLoginAt'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    role: { enum: ['network', 'space'] },
    spaceId: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    createdAt: { type: 'integer', description: 'Epoch ms.' },
    lastLoginAt: { type: ['integer', 'null'], description: 'Epoch ms.' },
  },
};

const SESSION = {
  type: 'object',
  required: ['operator', 'csrfToken', 'idleExpiresAt', 'absoluteExpiresAt'],
  properties: {
    operator: {
      type: 'object',
      required: ['id', 'email', 'role', 'spaceId'],
      properties: {
        id: { type: 'string' },
        email: { type: 'string' },
        role: { enum: ['network', 'space'] },
        spaceId: { type: ['string', 'null'] },
      },
    },
    csrfToken: { type: 'string', description: `Send it as ${CSRF_HEADER} on every change.` },
    idleExpiresAt: { type: 'integer', description: 'Epoch ms; moves on with each request.' },
    absoluteExpiresAt: { type: 'integer', description: 'Epoch ms; 12 h after login by default.' },
  },
};

const AUDIT = {
  type: 'object',
  required: ['entries', 'next'],
  properties: {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'at', 'actor', 'actorEmail', 'action', 'target', 'before', 'after'],
        properties: {
          seq: { type: 'integer' },
          at: { type: 'integer', description: 'Epoch ms.' },
          actor: { type: 'string', description: 'An operator id, or `cli`.' },
          actorEmail: { type: ['string', 'null'] },
          action: { type: 'string' },
          target: { type: 'string' },
          before: {},
          after: {},
        },
      },
    },
    next: { type: ['integer', 'null'], description: 'The `before` of the next page.' },
  },
};

const ID = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

/** The paths, with `/console/api` in front. */
export function consoleApiPaths(
  error: (description: string) => Record<string, unknown>,
): Record<string, unknown> {
  const session = { console: [] };
  const common = {
    '401': error('No session (`session-required`) or an ended one (`session-expired`).'),
    '403': error("A change without the session's CSRF token (`csrf-failed`)."),
  };
  const network = {
    ...common,
    '403': error('Not a network operator (`forbidden`), or no CSRF token (`csrf-failed`).'),
  };
  const refusals = (extra: Record<string, unknown> = {}) => ({
    '400': error('Not the body described (`malformed`), or a rule broken (its code).'),
    ...extra,
  });
  return {
    '/console/api/login': {
      post: {
        summary: `Sign in; sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Strict, Path=/console; Secure over TLS), a new one at each login.`,
        requestBody: body(LoginRequestSchema),
        responses: {
          '200': ok('Signed in.', SESSION),
          ...refusals(),
          '401': error(
            'Unknown email, wrong password or disabled account, alike (`login-failed`).',
          ),
          '429': error(
            'Too many failures for this account or address (`login-throttled`); see Retry-After.',
          ),
        },
      },
    },
    '/console/api/session': {
      get: {
        summary: 'The current session.',
        security: [session],
        responses: { '200': ok('Signed in.', SESSION), ...common },
      },
    },
    '/console/api/logout': {
      post: {
        summary: 'End this session.',
        security: [session],
        responses: { '204': { description: 'Ended; the cookie is cleared.' }, ...common },
      },
    },
    '/console/api/logout-everywhere': {
      post: {
        summary: 'End every session of this operator.',
        security: [session],
        responses: { '204': { description: 'Ended.' }, ...common },
      },
    },
    '/console/api/account/password': {
      post: {
        summary: "Change one's password (at least 12 characters); one's other sessions end.",
        security: [session],
        requestBody: body(PasswordChangeSchema),
        responses: {
          '204': { description: 'Changed.' },
          ...refusals(),
          ...common,
          '403': error('The current password is wrong (`password-wrong`), or no CSRF token.'),
        },
      },
    },
    '/console/api/operators': {
      get: {
        summary: 'Every operator account (network operators only).',
        security: [session],
        responses: {
          '200': ok('The accounts, by email.', {
            type: 'object',
            required: ['operators'],
            properties: { operators: { type: 'array', items: OPERATOR } },
          }),
          ...network,
        },
      },
      post: {
        summary: 'Add an account; its one-time password is shown once (network operators only).',
        security: [session],
        requestBody: body(AddOperatorSchema),
        responses: {
          '201': ok('Added.', {
            type: 'object',
            required: ['operator', 'password'],
            properties: { operator: OPERATOR, password: { type: 'string' } },
          }),
          ...refusals(),
          ...network,
          '409': error('The email is taken, in any case (`operator-exists`).'),
        },
      },
    },
    '/console/api/operators/{id}': {
      patch: {
        summary:
          "Change an account's role, space or state; disabling ends its sessions (network operators only).",
        security: [session],
        parameters: ID,
        requestBody: body(ChangeOperatorSchema),
        responses: {
          '200': ok('Changed.', {
            type: 'object',
            required: ['operator'],
            properties: { operator: OPERATOR },
          }),
          ...refusals(),
          ...network,
          '404': error('No such account (`operator-unknown`).'),
          '409': error('It would leave no enabled network operator (`last-network-operator`).'),
        },
      },
    },
    '/console/api/operators/{id}/reset': {
      post: {
        summary:
          'A new one-time password, shown once; the sessions of the account end (network operators only).',
        security: [session],
        parameters: ID,
        responses: {
          '200': ok('Reset.', {
            type: 'object',
            required: ['password'],
            properties: { password: { type: 'string' } },
          }),
          ...network,
          '404': error('No such account (`operator-unknown`).'),
        },
      },
    },
    '/console/api/audit': {
      get: {
        summary: 'The audit log, newest first (network operators only).',
        security: [session],
        parameters: [
          { name: 'before', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        ],
        responses: { '200': ok('One page.', AUDIT), ...refusals(), ...network },
      },
    },
  };
}
