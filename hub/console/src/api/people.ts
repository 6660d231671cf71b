import { z } from 'zod';
import { LANGS, type Lang } from '#shared/domain/types';
import type { ConsoleApi } from './client';

/**
 * The members and visitor-requests part of the console API (hub/people/), over
 * `ConsoleApi.request`: answers parsed with the schemas below (another shape is a `bad-answer`
 * ApiError), refusals as ApiError like every console call. Visitor data lives only in what these
 * calls return: nothing here keeps or logs it.
 */

export const MemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  homeSpaceId: z.string(),
  cardIds: z.array(z.string()),
  preferredLang: z.enum(LANGS).optional(),
  isActive: z.boolean(),
  updatedAt: z.number(),
});
export type ConsoleMember = z.infer<typeof MemberSchema>;

const MemberPageSchema = z.object({ members: z.array(MemberSchema), next: z.string().nullable() });
export type MemberPage = z.infer<typeof MemberPageSchema>;
const OneMemberSchema = z.object({ member: MemberSchema });

export const ImportPreviewSchema = z.object({
  delimiter: z.string(),
  badRows: z.array(z.string()),
  notes: z.array(z.string()),
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
const ImportDoneSchema = z.object({ imported: z.number(), delimiter: z.string() });

export const VisitorHitSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  consentAt: z.number(),
});
export type VisitorHit = z.infer<typeof VisitorHitSchema>;
const VisitorsFoundSchema = z.object({
  visitors: z.array(VisitorHitSchema),
  isTruncated: z.boolean(),
});
export type VisitorsFound = z.infer<typeof VisitorsFoundSchema>;

/** What an operator may change of a member (the API's PATCH body). */
export interface MemberChange {
  readonly displayName?: string;
  readonly homeSpaceId?: string;
  readonly preferredLang?: Lang | null;
}

/** Members listed per page (the API's default and this screen's). */
export const MEMBERS_PER_PAGE = 50;

const at = (id: string) => encodeURIComponent(id);

/** The members and visitors endpoints, typed; each rejects with ApiError as the client does. */
export class PeopleApi {
  constructor(private readonly api: ConsoleApi) {}

  /** A page of members answering `query` (all when empty), from `cursor` (null: the first). */
  searchMembers(query: string, cursor: string | null): Promise<MemberPage> {
    const q = new URLSearchParams({ q: query, limit: String(MEMBERS_PER_PAGE) });
    if (cursor !== null) q.set('cursor', cursor);
    return this.api.request('GET', `/members?${q.toString()}`, MemberPageSchema);
  }

  async member(id: string): Promise<ConsoleMember> {
    return (await this.api.request('GET', `/members/${at(id)}`, OneMemberSchema)).member;
  }

  async changeMember(id: string, change: MemberChange): Promise<ConsoleMember> {
    return (await this.api.request('PATCH', `/members/${at(id)}`, OneMemberSchema, change)).member;
  }

  async deactivate(id: string): Promise<ConsoleMember> {
    const path = `/members/${at(id)}/deactivate`;
    return (await this.api.request('POST', path, OneMemberSchema, {})).member;
  }

  /** Adds `card` in any form; the member answered holds it in its normalised form. */
  async addCard(id: string, card: string): Promise<ConsoleMember> {
    const path = `/members/${at(id)}/cards`;
    return (await this.api.request('POST', path, OneMemberSchema, { card })).member;
  }

  async removeCard(id: string, card: string): Promise<ConsoleMember> {
    const path = `/members/${at(id)}/cards/remove`;
    return (await this.api.request('POST', path, OneMemberSchema, { card })).member;
  }

  /** What importing `csv` would do, every bad row listed; nothing is written. */
  previewImport(csv: string): Promise<ImportPreview> {
    return this.api.request('POST', '/members/import/preview', ImportPreviewSchema, { csv });
  }

  /** Imports `csv`, all or nothing; resolves with the number of members written. */
  async importMembers(csv: string): Promise<number> {
    return (await this.api.request('POST', '/members/import', ImportDoneSchema, { csv })).imported;
  }

  /** Visitors answering `query` (a name or an e-mail, three letters at least). */
  findVisitors(query: string): Promise<VisitorsFound> {
    const q = new URLSearchParams({ q: query });
    return this.api.request('GET', `/visitors?${q.toString()}`, VisitorsFoundSchema);
  }

  /** The link that downloads everything the hub holds on visitor `id`, as JSON. */
  visitorExportHref(id: string): string {
    return this.api.href(`/visitors/${at(id)}/export`);
  }

  /** Erases visitor `id` everywhere (a tombstone every kiosk applies at its next sync). */
  async eraseVisitor(id: string): Promise<void> {
    await this.api.request(
      'POST',
      `/visitors/${at(id)}/erase`,
      z.object({ erased: z.string() }),
      {},
    );
  }
}
