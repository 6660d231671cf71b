import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EnrolResponseSchema,
  ErrorResponseSchema,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
} from '#shared/sync/protocol';
import { HeartbeatResponseSchema } from '#shared/sync/heartbeat';
import { LogUploadResponseSchema } from '#shared/sync/log-upload';
import { PublishedAgendaSchema } from '../agenda/published-agenda';
import { seedOperator, signIn, type Session } from '../console-api/testing/console-http';
import { NOW, put, visit } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { storeCases } from '../test-support/stores';

/**
 * No request body of any shape yields a 5xx (property-based, fast-check): arbitrary JSON, deep
 * nestings, wrong types, huge strings, raw bytes, wrong content types and encodings, with and
 * without a credential, at every route the hub serves and some it does not, over real HTTP
 * against the real hub on each store. Every answer is the protocol's (an ErrorResponse, or the
 * route's own reply), and every refusal leaves a line in the hub's log.
 */

const ROUTES = [
  '/health',
  '/openapi.json',
  '/v1/enrol',
  '/v1/sync/push',
  '/v1/sync/pull',
  '/v1/heartbeat',
  '/v1/logs',
];
/** The published agenda, with good and bad queries (it is rate-limited: some get 429). */
const AGENDA = [
  '/agenda.ics',
  '/agenda.ics?lang=fr',
  '/agenda.json?lang=nl&country=BE',
  '/agenda.json?lang=de',
  '/agenda.ics?lang=fr&lang=nl',
  '/agenda.json?lang=en&space=%00%2F..',
  '/agenda.json?lang=en&space=nowhere&country=be',
];
/** The console API (a session opens it; login is throttled: some get 429). */
const CONSOLE = [
  '/console/api/login',
  '/console/api/session',
  '/console/api/logout',
  '/console/api/logout-everywhere',
  '/console/api/account/password',
  '/console/api/operators',
  '/console/api/operators/op-net',
  '/console/api/operators/%00/reset',
  '/console/api/audit?limit=5',
  '/console/api/audit?before=-1&limit=abc',
  '/console/api/nothing',
];
/** Console requests that end the session (it is opened again after them). */
const ENDS_SESSION = /logout|reset|password/;
const PATHS = [
  ...ROUTES,
  ...AGENDA,
  ...CONSOLE,
  '/',
  '/v1',
  '/v1/sync',
  '/v1/sync/push/x',
  '/%zz',
  '/v1/%E0%A4%A',
];

interface Raw {
  readonly status: number;
  readonly body: string;
}

/** One request with node:http, which (unlike fetch) sends a body with any method. */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** JSON text nesting arrays or objects `depth` deep (as text: JSON.stringify would overflow). */
function nestedText(depth: number, open: '[' | '{"a":'): string {
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

const DEEP = '"__deep__"';
const depthArb = fc.tuple(
  fc.integer({ min: 1, max: 20_000 }),
  fc.constantFrom('[' as const, '{"a":' as const),
);
const nested = depthArb.map(([depth, open]) => nestedText(depth, open));

const huge = fc.integer({ min: 1, max: 2 * 1024 * 1024 }).map((n) =>
  JSON.stringify({
    type: 'push',
    protocolVersion: 1,
    kioskId: 'kiosk-a',
    batch: [],
    pad: 'é'.repeat(n),
  }),
);

/** Mostly `arb`, sometimes any JSON value instead. */
function orAnything<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.jsonValue() });
}

const STAMP = `${String(NOW).padStart(15, '0')}-000000-kiosk-a`;

/** Batch elements: valid puts (fresh ids), puts whose record nests deep, near misses, anything. */
const mutationArb = fc.oneof(
  fc.uuid().map((id) => ({ ...put('visits', visit({ id })), mutationId: id })),
  fc.uuid().map((id) => ({ ...put('visits', visit({ id })), mutationId: id, record: '__deep__' })),
  fc.record({
    mutationId: orAnything(fc.uuid()),
    table: orAnything(fc.constantFrom('visits', 'members', 'visitors', 'spaces', 'events')),
    op: orAnything(fc.constantFrom('put', 'delete', 'erase')),
    recordId: orAnything(fc.string({ minLength: 1, maxLength: 10 })),
    record: fc.oneof(fc.jsonValue(), fc.constant('__deep__'), fc.string({ maxLength: 20_000 })),
    hlc: orAnything(fc.constantFrom(STAMP, STAMP.replace('kiosk-a', 'kiosk-b'), '0-0-x')),
  }),
  fc.jsonValue(),
);

const envelope = {
  protocolVersion: fc.oneof(
    { weight: 8, arbitrary: fc.constant(PROTOCOL_VERSION) },
    { weight: 1, arbitrary: fc.constantFrom(0, PROTOCOL_VERSION + 1) },
    { weight: 1, arbitrary: fc.jsonValue() },
  ),
  // Mostly absent (JSON.stringify drops undefined): a wrong epoch refuses the whole push.
  hubEpoch: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: orAnything(fc.string({ maxLength: 70 })) },
  ),
};

/** Messages close to each route's, any field replaced by anything, records nested deep. */
const messageArb = fc
  .oneof(
    fc.record(
      {
        type: orAnything(fc.constant('push')),
        kioskId: orAnything(fc.constantFrom('kiosk-a', 'kiosk-b')),
        batch: orAnything(fc.array(mutationArb, { maxLength: 8 })),
        ...envelope,
      },
      { requiredKeys: ['type', 'protocolVersion', 'kioskId', 'batch'] },
    ),
    fc.record(
      {
        type: orAnything(fc.constant('pull')),
        cursor: orAnything(fc.oneof(fc.nat(), fc.integer(), fc.double())),
        limit: orAnything(fc.integer({ min: -5, max: 2000 })),
        ...envelope,
      },
      { requiredKeys: ['type', 'protocolVersion', 'cursor', 'limit'] },
    ),
    fc.record(
      {
        type: orAnything(fc.constant('heartbeat')),
        kioskId: orAnything(fc.constantFrom('kiosk-a', 'kiosk-b')),
        appVersion: orAnything(fc.constantFrom('1.4.0', '1.3.2-rc.1', '')),
        uptimeSeconds: orAnything(fc.nat()),
        sentAt: orAnything(fc.constantFrom(NOW, NOW + 3_600_000, 0)),
        lastSyncOkAt: orAnything(fc.constantFrom(null, NOW - 60_000)),
        outboxSize: orAnything(fc.nat()),
        outboxOldestAt: orAnything(fc.constantFrom(null, NOW - 86_400_000)),
        readers: orAnything(
          fc.array(
            fc.record({
              name: orAnything(fc.string({ minLength: 1, maxLength: 70 })),
              kind: orAnything(fc.constantFrom('serial', 'hid', 'wedge')),
              state: orAnything(fc.constantFrom('connected', 'disconnected')),
            }),
            { maxLength: 20 },
          ),
        ),
        freeDiskBytes: orAnything(fc.constantFrom(null, 5e9, -1)),
        lastErrorCode: orAnything(fc.constantFrom(null, 'hub-network', 'BAD CODE')),
        protocolVersion: envelope.protocolVersion,
      },
      { requiredKeys: ['type', 'protocolVersion', 'kioskId', 'sentAt'] },
    ),
    fc.record({
      type: orAnything(fc.constant('enrol')),
      code: orAnything(fc.string({ minLength: 8, maxLength: 20 })),
      kioskId: orAnything(fc.string({ maxLength: 70 })),
      protocolVersion: envelope.protocolVersion,
    }),
  )
  .chain((m) =>
    depthArb.map(([depth, open]) => JSON.stringify(m).replaceAll(DEEP, nestedText(depth, open))),
  );

/** Bodies close to the console's: its fields, any of them replaced by anything. */
const consoleArb = fc
  .record(
    {
      email: orAnything(fc.constantFrom('guess@coffee.example', 'x', 'a\u0000@b.c', '')),
      password: orAnything(fc.string({ maxLength: 40 })),
      current: orAnything(fc.string({ maxLength: 20 })),
      next: orAnything(fc.string({ maxLength: 40 })),
      role: orAnything(fc.constantFrom('network', 'space', 'boss')),
      spaceId: orAnything(fc.constantFrom('co-nnexion-mons', 'nowhere', '\u0000', null)),
      disabled: orAnything(fc.boolean()),
    },
    { requiredKeys: [] },
  )
  .map((m) => JSON.stringify(m));

const bodyText = fc.oneof(
  { weight: 4, arbitrary: messageArb },
  { weight: 2, arbitrary: consoleArb },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: huge },
);

/** Requests a kiosk could send, gone wrong in their body only. */
const aimedArb = fc.record({
  method: fc.constant('POST'),
  path: fc.constantFrom('/v1/enrol', '/v1/sync/push', '/v1/sync/pull', '/v1/heartbeat', '/v1/logs'),
  body: bodyText.map((t) => Buffer.from(t)),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  encoding: fc.constantFrom(null, null, 'gzip-valid'),
  auth: fc.constant('valid'),
});

/** Anything at all, at any path, with any method, type, encoding and credential. */
const anyArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.constantFrom(...PATHS),
  body: fc.oneof(
    bodyText.map((t) => Buffer.from(t)),
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
    fc.constant(null),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/octet-stream',
    'multipart/form-data; boundary=x',
    'nonsense',
    null,
  ),
  encoding: fc.constantFrom(null, 'gzip', 'gzip-valid', 'br', 'gzip, identity', 'x'),
  auth: fc.constantFrom('valid', 'none', 'garbage', 'forged', 'session', 'session-no-csrf'),
});

/** Console requests with a session, gone wrong in their body only. */
const aimedConsoleArb = fc.record({
  method: fc.constantFrom('POST', 'PATCH'),
  path: fc.constantFrom(...CONSOLE),
  body: consoleArb.map((t) => Buffer.from(t)),
  contentType: fc.constant('application/json'),
  encoding: fc.constantFrom(null, 'gzip-valid'),
  auth: fc.constant('session'),
});

const requestArb = fc.oneof(aimedArb, aimedConsoleArb, anyArb);

describe.each(storeCases())('no body yields a 5xx on $name', (storeCase) => {
  const f = useHubFixture(storeCase, { per: 'all' });

  it('answers every request below 500, with the protocol body, and logs each refusal', async () => {
    const operator = { email: 'net@coffee.example', password: 'a long enough password' };
    await seedOperator(f.store, { ...operator, role: 'network', id: 'op-net' });
    // From another local address than the requests, which may get it throttled.
    const open = () => signIn(f.url, operator.email, operator.password, '127.0.0.2');
    let session: Session = await open();
    const auths = (): Record<string, Record<string, string>> => ({
      valid: { authorization: `Bearer ${f.token}` },
      none: {},
      garbage: { authorization: 'Bearer ???' },
      forged: { authorization: `Bearer kiosk-a.${'A'.repeat(43)}` },
      session: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      'session-no-csrf': { cookie: session.cookie },
    });
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const headers: Record<string, string> = { ...auths()[r.auth] };
        if (r.contentType !== null) headers['content-type'] = r.contentType;
        let body = r.body;
        if (r.encoding !== null) {
          headers['content-encoding'] = r.encoding === 'gzip-valid' ? 'gzip' : r.encoding;
          if (r.encoding === 'gzip-valid' && body !== null) body = gzipSync(body);
        }
        // Framed, so a GET's body is HTTP too (node:http would send it unframed).
        if (body !== null) headers['content-length'] = String(body.length);
        const logged = f.log.entries.length;
        const reply = await send(f.url, r.method, r.path, headers, body);
        expect(reply.status, `${r.method} ${r.path}`).toBeLessThan(500);
        if (r.auth === 'session' && ENDS_SESSION.test(r.path)) session = await open();
        if (reply.status === 204) return;
        if (reply.status === 200 && r.path.startsWith('/agenda.ics')) {
          expect(reply.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
          return;
        }
        const parsed: unknown = JSON.parse(reply.body);
        if (reply.status >= 400) {
          const error = ErrorResponseSchema.parse(parsed);
          const lines = f.log.entries.slice(logged);
          expect(lines).toContainEqual(
            expect.objectContaining({
              message: 'request refused',
              status: reply.status,
              code: error.code,
            }),
          );
          return;
        }
        if (r.path.startsWith('/console/api/')) return;
        expect(reply.status).toBe(200);
        const schema = {
          '/v1/enrol': EnrolResponseSchema,
          '/v1/sync/push': PushResponseSchema,
          '/v1/sync/pull': PullResponseSchema,
          '/v1/heartbeat': HeartbeatResponseSchema,
          '/v1/logs': LogUploadResponseSchema,
        }[r.path];
        if (schema) schema.parse(parsed);
        else if (r.path.startsWith('/agenda.json')) PublishedAgendaSchema.parse(parsed);
        else expect(['/health', '/openapi.json']).toContain(r.path);
      }),
      { numRuns: 600 },
    );
    expect(f.log.entries.filter((e) => e.level === 'error')).toEqual([]);
  }, 300_000);
});
