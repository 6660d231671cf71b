import { z } from 'zod';
import { LANGS, WEEKDAYS } from '#shared/domain/types';
import type { ConsoleApi } from './client';

/**
 * The spaces' console API (hub/people/spaces-routes.ts): every setting of the spaces the
 * operator may see, a space's settings changed, a new space (network operators). Refusals
 * reject as the hub's ApiError (`malformed` for a value the hub will not take).
 */

const SpanSchema = z.object({ from: z.string(), to: z.string() });
export const OpeningHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(SpanSchema));

export const SpaceSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  country: z.string(),
  timezone: z.string(),
  languages: z.array(z.enum(LANGS)),
  retentionDays: z.number().nullable(),
  closingTime: z.string().nullable(),
  openingHours: OpeningHoursSchema.nullable(),
});
export type SpaceSettings = z.infer<typeof SpaceSettingsSchema>;

/** What a change may name; `null` removes a setting (the kiosk's default then applies). */
export type SpaceChange = Partial<
  Pick<SpaceSettings, 'timezone' | 'languages' | 'retentionDays' | 'closingTime' | 'openingHours'>
>;

/** A new space: its identity and settings (`null` settings are left out). */
export type NewSpace = Pick<
  SpaceSettings,
  'id' | 'name' | 'city' | 'country' | 'timezone' | 'languages'
>;

const ListSchema = z.object({ spaces: z.array(SpaceSettingsSchema) });
const OneSchema = z.object({ space: SpaceSettingsSchema });

/** The spaces the operator may see, with every setting. */
export async function listSpaceSettings(api: ConsoleApi): Promise<SpaceSettings[]> {
  return (await api.request('GET', '/spaces', ListSchema)).spaces;
}

/** Changes space `id`'s settings named in `change`; resolves with the space as it now is. */
export async function changeSpace(
  api: ConsoleApi,
  id: string,
  change: SpaceChange,
): Promise<SpaceSettings> {
  const path = `/spaces/${encodeURIComponent(id)}`;
  return (await api.request('PATCH', path, OneSchema, change)).space;
}

/** Adds a space (network operators; `space-exists` when the id is taken). */
export async function addSpace(api: ConsoleApi, space: NewSpace): Promise<SpaceSettings> {
  return (await api.request('POST', '/spaces', OneSchema, space)).space;
}
