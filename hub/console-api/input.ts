import { z } from 'zod';
import { HttpError } from '../http/errors';

/** Where in a request a value came from, for the error's words. */
export type RequestPart = 'body' | 'query' | 'path';

/**
 * Reads a console request's params, query or body as `schema` describes; every console route
 * (operators, people and places, fleet) reads its input here. Throws 400 `malformed` naming the
 * request's `part` and, in `details`, the first fields at fault (paths and schema messages, never
 * values: a password must not reach an error body or the log).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestPart = 'body',
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || `(${part})`}: ${i.message}`.slice(0, 200));
  throw new HttpError(400, 'malformed', `The request's ${part} is not valid.`, details);
}

/**
 * A string of `min`..`max` characters without NUL, which PostgreSQL cannot store in text (it
 * would fail the query: a 500 instead of a 400).
 */
export function text(min: number, max: number) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL');
}
