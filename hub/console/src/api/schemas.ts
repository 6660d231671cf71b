import { z } from 'zod';

/**
 * The console API's answers as the console reads them (the contract in decision 0027 and
 * hub/console-api/). Parsed, not trusted: an answer of another shape is a `bad-answer` ApiError.
 */

export const RoleSchema = z.enum(['network', 'space']);
export type Role = z.infer<typeof RoleSchema>;

export const SessionSchema = z.object({
  operator: z.object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    spaceId: z.string().nullable(),
  }),
  csrfToken: z.string(),
  idleExpiresAt: z.number(),
  absoluteExpiresAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

export const OperatorSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  spaceId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
});
export type Operator = z.infer<typeof OperatorSchema>;

export const OperatorListSchema = z.object({ operators: z.array(OperatorSchema) });
export const OperatorAddedSchema = z.object({ operator: OperatorSchema, password: z.string() });
export const OperatorChangedSchema = z.object({ operator: OperatorSchema });
export const PasswordSchema = z.object({ password: z.string() });

export const AuditEntrySchema = z.object({
  seq: z.number(),
  at: z.number(),
  actor: z.string(),
  actorEmail: z.string().nullable().optional(),
  action: z.string(),
  target: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type AuditRow = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  next: z.number().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const SpaceSchema = z.object({ id: z.string(), name: z.string() });
export type SpaceChoice = z.infer<typeof SpaceSchema>;
export const SpaceListSchema = z.object({ spaces: z.array(SpaceSchema) });

/** The hub's error body (hub/http/errors.ts). */
export const ErrorBodySchema = z.object({ type: z.literal('error'), code: z.string() });
