/**
 * The OpenAPI description of the published agenda (publish-routes.ts), for hub/http/openapi.ts;
 * `error` makes a reference to the protocol's error body there.
 */
export function publishedAgendaPaths(
  error: (description: string) => Record<string, unknown>,
): Record<string, unknown> {
  const parameters = [
    { name: 'lang', in: 'query', required: true, schema: { enum: ['fr', 'nl', 'en'] } },
    {
      name: 'space',
      in: 'query',
      required: false,
      description: 'One space of the network (its id).',
      schema: { type: 'string' },
    },
    {
      name: 'country',
      in: 'query',
      required: false,
      description: 'The spaces of one country (ISO 3166-1 alpha-2, e.g. BE, FR).',
      schema: { type: 'string', pattern: '^[A-Z]{2}$' },
    },
    { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
  ];
  const refusals = {
    '304': { description: 'Not modified: the If-None-Match ETag is current.' },
    '400': error('A query parameter is missing or not one of the values above (`malformed`).'),
    '404': error('No such space (`space-unknown`).'),
    '429': error('Too many requests from this address (`rate-limited`); see Retry-After.'),
  };
  const caching = {
    ETag: { schema: { type: 'string' } },
    'Cache-Control': { schema: { type: 'string' } },
  };
  return {
    '/agenda.ics': {
      get: {
        summary:
          'The network agenda as one VCALENDAR (one VEVENT per occurrence, its id as UID), words in the asked language. No credential.',
        parameters,
        responses: {
          '200': {
            description: 'iCalendar (RFC 5545) with a VTIMEZONE for each zone used.',
            headers: caching,
            content: { 'text/calendar': { schema: { type: 'string' } } },
          },
          ...refusals,
        },
      },
    },
    '/agenda.json': {
      get: {
        summary:
          'The network agenda as JSON: every occurrence with its words in the asked language (or the nearest, named). No credential.',
        parameters,
        responses: {
          '200': {
            description: 'The occurrences, by start.',
            headers: caching,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PublishedAgenda' } },
            },
          },
          ...refusals,
        },
      },
    },
  };
}
