import { z } from 'zod';
import {
  EnrolRequestSchema,
  EnrolResponseSchema,
  ErrorResponseSchema,
  PROTOCOL_VERSION,
  PullRequestSchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
} from '#shared/sync/protocol';
import {
  AgendaEventSchema,
  MemberSchema,
  SpaceSchema,
  VisitSchema,
  VisitorSchema,
} from '#shared/sync/protocol-records';
import { HeartbeatRequestSchema, HeartbeatResponseSchema } from '#shared/sync/heartbeat';
import { LogUploadRequestSchema, LogUploadResponseSchema } from '#shared/sync/log-upload';
import { publishedAgendaPaths } from '../agenda/published-openapi';
import { PublishedAgendaSchema } from '../agenda/published-agenda';
import { consoleApiPaths } from '../console-api/openapi-paths';

/**
 * The hub's OpenAPI 3.1 document, served at /openapi.json. Message schemas are generated from the
 * protocol's zod schemas, so the description cannot drift from what the hub validates.
 */

function schema(s: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
}

function error(description: string) {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

function json(ref: string, description = 'OK') {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
  };
}

const AUTH_ERRORS = {
  '400': error(
    'Not JSON, not gzip, nested over 32 deep, not the message (`malformed`), or an unsupported (newer) protocol version (`protocol-unsupported`).',
  ),
  '401': error('Missing, malformed or unknown credential.'),
  '403': error('Revoked kiosk, or a record of another space: nothing was written.'),
  '413': error('Body (after gzip) or batch too large.'),
  '415': error('Not application/json, or a content encoding other than gzip.'),
  '426': error('Kiosk too old: its protocol version is no longer accepted.'),
};

/** Builds the document; `serverUrl` is where clients reach the hub, when known. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'COFFEE Kiosk hub',
      version: String(PROTOCOL_VERSION),
      description:
        'Sync between reception kiosks and the network hub (docs/sync-protocol.md). Request and response bodies may be gzipped (Content-Encoding / Accept-Encoding).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        kiosk: { type: 'http', scheme: 'bearer', description: 'The credential from /v1/enrol.' },
        console: {
          type: 'apiKey',
          in: 'cookie',
          name: 'coffee_console',
          description:
            'An operator session from POST /console/api/login; changes also carry its csrfToken as x-csrf-token. Never opens /v1/.',
        },
      },
      schemas: {
        PushRequest: schema(PushRequestSchema),
        PushResponse: schema(PushResponseSchema),
        PullRequest: schema(PullRequestSchema),
        PullResponse: schema(PullResponseSchema),
        EnrolRequest: schema(EnrolRequestSchema),
        EnrolResponse: schema(EnrolResponseSchema),
        HeartbeatRequest: schema(HeartbeatRequestSchema),
        HeartbeatResponse: schema(HeartbeatResponseSchema),
        LogUploadRequest: schema(LogUploadRequestSchema),
        LogUploadResponse: schema(LogUploadResponseSchema),
        Error: schema(ErrorResponseSchema),
        // Records in pull pages (`changes[].record`, by `table`), and in full in push puts (a put
        // may carry a patch: `id` plus the fields written). A Space's optional retentionDays is
        // the GDPR retention after a visitor's last visit (30 when absent); a Visit whose personId
        // is ANONYMOUS_PERSON_ID ('anonymous') was kept as a count after its visitor was purged.
        Space: schema(SpaceSchema),
        Member: schema(MemberSchema),
        Visitor: schema(VisitorSchema),
        Visit: schema(VisitSchema),
        AgendaEvent: schema(AgendaEventSchema),
        PublishedAgenda: schema(PublishedAgendaSchema),
      },
    },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and the hub epoch.',
          responses: {
            '200': {
              description: 'The hub is up.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['status', 'store', 'hubEpoch', 'protocolVersion'],
                    properties: {
                      status: { const: 'ok' },
                      store: { enum: ['sqlite', 'postgres'] },
                      hubEpoch: { type: 'string' },
                      protocolVersion: { type: 'integer' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document.', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
      '/v1/enrol': {
        post: {
          summary: 'Trade a one-time enrolment code for a kiosk credential.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/EnrolRequest' } },
            },
          },
          responses: {
            '200': json('EnrolResponse', 'Enrolled; the token is shown once.'),
            '400': AUTH_ERRORS['400'],
            '401': error('Unknown, used or expired enrolment code.'),
            '409': error('The kiosk id is enrolled for another space.'),
            '413': AUTH_ERRORS['413'],
            '426': AUTH_ERRORS['426'],
          },
        },
      },
      '/v1/sync/push': {
        post: {
          summary: 'Push an outbox batch; answered only after commit.',
          security: [{ kiosk: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PushRequest' } },
            },
          },
          responses: {
            '200': json(
              'PushResponse',
              'Verdict of every mutation; a batch element that is no mutation is rejected alone (`mutation-malformed`, keyed by its id, or `#<index>` when the id is not valid).',
            ),
            ...AUTH_ERRORS,
            '409': error(
              "`epoch-mismatch`: the push's hubEpoch is another hub database's; nothing was written. Pull (the cursor resets), then push again.",
            ),
          },
        },
      },
      ...publishedAgendaPaths(error),
      ...consoleApiPaths(error),
      '/v1/heartbeat': {
        post: {
          summary:
            "A kiosk's health, with every sync and every 5 minutes (decision 0029): version, uptime, last good sync, outbox, readers, its clock (the hub measures the offset), free disk, last error code. No personal data.",
          security: [{ kiosk: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/HeartbeatRequest' } },
            },
          },
          responses: {
            '200': json('HeartbeatResponse', 'Stored; the hub clock and the offset it measured.'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/v1/logs': {
        post: {
          summary:
            "A kiosk's recent logs, sent after a heartbeat reply carrying `sendLogs: true` (decision 0041): its log files, oldest first, the current one last, 2 MiB of text at most. No personal data.",
          security: [{ kiosk: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/LogUploadRequest' } },
            },
          },
          responses: {
            '200': json('LogUploadResponse', "Stored; the kiosk's request is cleared."),
            ...AUTH_ERRORS,
          },
        },
      },
      '/v1/sync/pull': {
        post: {
          summary: 'Pull the change log after a cursor.',
          security: [{ kiosk: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PullRequest' } },
            },
          },
          responses: { '200': json('PullResponse', 'One page of changes.'), ...AUTH_ERRORS },
        },
      },
    },
  };
}
