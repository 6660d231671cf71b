import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of arrays and objects in JSON `text`, counting only brackets outside
 * strings; stops counting (and returns `limit + 1`) as soon as `limit` is passed, so a body of
 * 100 000 `[` costs one short scan. Pure, linear, never throws; on text that is not JSON the
 * count means nothing, and the JSON parser refuses that text anyway.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Makes `app` accept `application/json` bodies only, nested at most `maxDepth` deep, parsed by
 * Fastify's own secure parser (it refuses `__proto__` and `constructor.prototype` keys). Fastify's
 * default `text/plain` parser is removed, so any other media type gets 415. A deeper body gets 400
 * `malformed` before it is parsed: nothing downstream (schema checks, JSON.stringify) ever walks a
 * structure deep enough to overflow the stack.
 */
export function registerJsonBody(app: FastifyInstance, maxDepth: number): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepth(text, maxDepth) > maxDepth) {
      done(
        new HttpError(400, 'malformed', `The body nests arrays and objects over ${maxDepth} deep.`),
        undefined,
      );
      return;
    }
    void parseJson(request, text, done);
  });
}
