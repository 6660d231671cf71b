import { z } from 'zod';
import { LANGS } from '#shared/domain/types';
import { RecordIdSchema } from '#shared/sync/protocol-records';
import { HttpError } from '../http/errors';

/** Longest period a request may ask for: bounded work per request (three years and a day). */
export const MAX_PERIOD_DAYS = 3 * 366;
/** Most spaces one request may name. */
export const MAX_SPACES = 200;

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'a real date',
  );

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD[&spaces=a,b][&lang=fr|nl|en]`: local dates, `to` exclusive and
 * after `from`, at most MAX_PERIOD_DAYS apart; `spaces` a comma list of space ids (absent: every
 * space the operator may see); `lang` the exports' language (default en). Other parameters are
 * ignored.
 */
export const IndicatorQuerySchema = z
  .object({
    from: DateText,
    to: DateText,
    spaces: z
      .string()
      .max(MAX_SPACES * 130)
      .transform((s) => s.split(',').filter((id) => id !== ''))
      .pipe(z.array(RecordIdSchema).min(1).max(MAX_SPACES))
      .optional(),
    lang: z.enum(LANGS).default('en'),
  })
  .refine((q) => q.to > q.from, { error: '`to` must be after `from`', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= MAX_PERIOD_DAYS, {
    error: `at most ${MAX_PERIOD_DAYS} days`,
    path: ['to'],
  });
export type IndicatorQuery = z.infer<typeof IndicatorQuerySchema>;

/** The query of a request, or a 400 `bad-query` naming each problem. */
export function parseIndicatorQuery(query: unknown): IndicatorQuery {
  const parsed = IndicatorQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new HttpError(
      400,
      'bad-query',
      'The period or the spaces are not valid.',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`),
    );
  }
  return parsed.data;
}
