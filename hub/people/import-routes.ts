import { z } from 'zod';
import type { Member } from '#shared/domain/types';
import { materialize } from '#shared/sync/protocol-merge';
import { importMembersCsv, planMembersImport, type MembersPlan } from '../admin/admin';
import {
  assertSpace,
  operatorOf,
  type ConsoleDeps,
  type ConsoleRoutes,
} from '../console-api/contract';
import { orRefuse, parseInput } from './input';

/**
 * The members CSV import in the console, with a preview (issue 12, point 5). The file's text
 * comes in a JSON body; the checks are the CLI's (hub/admin/admin.ts, planMembersImport): every
 * bad row with its line and every problem, all or nothing. A space manager may import only
 * members of their space (rows naming another home space, or rewriting another space's member:
 * 403). The import is audited as `member.import` with the counts, never a row.
 */

/** The largest file the console takes (≈ 10 000 members); bigger ones go through the CLI. */
export const MAX_CONSOLE_IMPORT_CHARS = 1_000_000;

const ImportBody = z.strictObject({ csv: z.string().min(1).max(MAX_CONSOLE_IMPORT_CHARS) });

/** What a preview finds: the bad rows, and what the good ones would do. */
export interface ImportPreview {
  readonly delimiter: string;
  readonly badRows: readonly string[];
  readonly notes: readonly string[];
  readonly new: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** Whether `incoming` would change anything of `stored` (the fields a row writes). */
function changes(stored: Member, incoming: Member): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
  return (
    stored.displayName !== incoming.displayName ||
    stored.homeSpaceId !== incoming.homeSpaceId ||
    stored.isActive !== incoming.isActive ||
    !same(stored.cardIds, incoming.cardIds) ||
    (incoming.preferredLang !== undefined && stored.preferredLang !== incoming.preferredLang)
  );
}

/**
 * Checks the file (400 `import-unreadable`-like codes of the CSV reader when it is no table) and
 * the operator's scope over every member it names; resolves with the plan and the members the
 * hub holds under the file's ids.
 */
async function checkedPlan(
  deps: ConsoleDeps,
  operator: ReturnType<typeof operatorOf>,
  csv: string,
): Promise<{ plan: MembersPlan; stored: Map<string, Member> }> {
  const planned = await planMembersImport(deps.store, csv, deps.clock());
  const plan = orRefuse(planned);
  const named = new Set(plan.members.map((m) => m.id));
  const stored = new Map<string, Member>();
  // One read of every member rather than one per row: a file names thousands.
  for (const row of await deps.store.people.liveRows('members')) {
    if (!named.has(row.recordId)) continue;
    const member = materialize('members', row.state) as Member | undefined;
    if (member) stored.set(member.id, member);
  }
  for (const incoming of plan.members) {
    assertSpace(operator, incoming.homeSpaceId);
    const before = stored.get(incoming.id);
    if (before) assertSpace(operator, before.homeSpaceId);
  }
  return { plan, stored };
}

/** The import routes: `POST /members/import/preview` and `POST /members/import`. */
export const importRoutes: ConsoleRoutes = (scope, deps) => {
  scope.post('/members/import/preview', async (request): Promise<ImportPreview> => {
    const { csv } = parseInput(ImportBody, request.body, 'body');
    const { plan, stored } = await checkedPlan(deps, operatorOf(request), csv);
    let changed = 0;
    let unchanged = 0;
    for (const m of plan.members) {
      const before = stored.get(m.id);
      if (before === undefined) continue;
      if (changes(before, m)) changed += 1;
      else unchanged += 1;
    }
    return {
      delimiter: plan.delimiter,
      badRows: plan.badRows,
      notes: plan.notes,
      new: plan.members.length - changed - unchanged,
      changed,
      unchanged,
    };
  });

  scope.post('/members/import', async (request) => {
    const operator = operatorOf(request);
    const { csv } = parseInput(ImportBody, request.body, 'body');
    await checkedPlan(deps, operator, csv);
    const done = orRefuse(await importMembersCsv(deps.store, csv, deps.clock()));
    await deps.audit.record({
      actor: operator.operatorId,
      action: 'member.import',
      target: 'members:csv',
      after: { imported: done.imported },
    });
    return { imported: done.imported, delimiter: done.delimiter };
  });
};
