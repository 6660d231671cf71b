import type { z } from 'zod';
import { checkProtocolVersion } from '#shared/sync/protocol';
import { HttpError } from './errors';

/**
 * Reads a request body as the message `schema` describes, checking the protocol version first (an
 * older kiosk's message may have another shape). Throws an HttpError: 426 `kiosk-too-old`, 400
 * `protocol-unsupported` (no or a newer version), 400 `malformed` with the first fields at fault
 * in `details` (field names and schema messages, never values).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const version = checkProtocolVersion(body);
  if (!version.ok) {
    throw new HttpError(
      version.error.code === 'kiosk-too-old' ? 426 : 400,
      version.error.code,
      version.error.message,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`.slice(0, 200));
    throw new HttpError(400, 'malformed', 'The request body does not match the protocol.', details);
  }
  return parsed.data;
}
