import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '#shared/result';
import { requireSpace } from '../admin/admin';
import type { HubStore } from '../store/store';
import type { OperatorRole, OperatorRow } from '../store/operator-rows';
import type { AuditLog } from './contract';
import { MIN_PASSWORD_LENGTH, hashPassword, newPassword } from './passwords';

/**
 * Operator accounts as the console's routes and the CLI change them: one set of rules (a space
 * manager names a space the hub holds, emails are unique in any case, the last enabled network
 * operator stays), every change audited with `actor` (an operator id, or `cli`). Each function
 * resolves with an error (a stable code and a sentence) instead of writing anything when a rule
 * is broken; it rejects only on database errors.
 */

/** What the account functions need. */
export interface AccountDeps {
  readonly store: HubStore;
  readonly audit: AuditLog;
  readonly clock: () => number;
}

/** An account as the console and the audit log show it: never its password hash. */
export interface OperatorView {
  readonly id: string;
  readonly email: string;
  readonly role: OperatorRole;
  readonly spaceId: string | null;
  readonly disabled: boolean;
  readonly createdAt: number;
  readonly lastLoginAt: number | null;
}

/** The console's view of `row`. */
export function operatorView(row: OperatorRow): OperatorView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    spaceId: row.spaceId,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

/** The settings the audit log keeps of an account, before and after a change. */
function audited(row: OperatorRow) {
  return {
    email: row.email,
    role: row.role,
    spaceId: row.spaceId,
    disabled: row.disabledAt !== null,
  };
}

async function checkRole(
  store: HubStore,
  role: OperatorRole,
  spaceId: string | null,
): Promise<Result<void>> {
  if (role === 'network') return ok(undefined);
  if (spaceId === null) {
    return err({ code: 'space-required', message: 'A space manager needs a space (--space).' });
  }
  return requireSpace(store, spaceId);
}

function checkPassword(password: string): Result<void> {
  return password.length < MIN_PASSWORD_LENGTH
    ? err({
        code: 'password-too-short',
        message: `A password has at least ${MIN_PASSWORD_LENGTH} characters.`,
      })
    : ok(undefined);
}

/**
 * Creates an account; its password is `password`, or a generated one. Errors: `space-required`,
 * `space-unknown`, `password-too-short`, `operator-exists` (the email, in any case).
 */
export async function addOperator(
  deps: AccountDeps,
  actor: string,
  input: { email: string; role: OperatorRole; spaceId: string | null; password?: string },
): Promise<Result<{ operator: OperatorRow; password: string }>> {
  const spaceId = input.role === 'network' ? null : input.spaceId;
  const role = await checkRole(deps.store, input.role, spaceId);
  if (!role.ok) return role;
  const password = input.password ?? newPassword();
  const strong = checkPassword(password);
  if (!strong.ok) return strong;
  const operator: OperatorRow = {
    id: randomUUID(),
    email: input.email.trim().toLowerCase(),
    role: input.role,
    spaceId,
    passwordHash: await hashPassword(password),
    disabledAt: null,
    createdAt: deps.clock(),
    lastLoginAt: null,
  };
  if (!(await deps.store.operators.addOperator(operator))) {
    return err({
      code: 'operator-exists',
      message: `An operator ${operator.email} exists already.`,
    });
  }
  await deps.audit.record({
    actor,
    action: 'operator.add',
    target: `operator:${operator.id}`,
    after: audited(operator),
  });
  return ok({ operator, password });
}

/**
 * Gives the account a new password (`password`, or a generated one) and ends its sessions.
 * Errors: `operator-unknown`, `password-too-short`.
 */
export async function resetOperator(
  deps: AccountDeps,
  actor: string,
  id: string,
  password: string = newPassword(),
): Promise<Result<{ password: string }>> {
  const strong = checkPassword(password);
  if (!strong.ok) return strong;
  if (!(await deps.store.operators.setPasswordHash(id, await hashPassword(password)))) {
    return err({ code: 'operator-unknown', message: `No operator ${id}.` });
  }
  await deps.audit.record({ actor, action: 'operator.reset', target: `operator:${id}` });
  return ok({ password });
}

/**
 * Changes an account's role, space or state; disabling ends its sessions. Errors:
 * `operator-unknown`, `space-required`, `space-unknown`, `last-network-operator`.
 */
export async function changeOperator(
  deps: AccountDeps,
  actor: string,
  id: string,
  change: { role?: OperatorRole; spaceId?: string | null; disabled?: boolean },
): Promise<Result<OperatorRow>> {
  const current = await deps.store.operators.findOperator(id);
  if (!current) return err({ code: 'operator-unknown', message: `No operator ${id}.` });
  const role = change.role ?? current.role;
  const spaceId = role === 'network' ? null : (change.spaceId ?? current.spaceId);
  const valid = await checkRole(deps.store, role, spaceId);
  if (!valid.ok) return valid;
  const disabledAt =
    change.disabled === undefined
      ? undefined
      : change.disabled
        ? (current.disabledAt ?? deps.clock())
        : null;
  const done = await deps.store.operators.updateOperator(id, {
    role,
    spaceId,
    ...(disabledAt === undefined ? {} : { disabledAt }),
  });
  if (done.outcome !== 'updated') {
    return err(
      done.outcome === 'unknown'
        ? { code: 'operator-unknown', message: `No operator ${id}.` }
        : {
            code: 'last-network-operator',
            message: 'The last enabled network operator can be neither disabled nor demoted.',
          },
    );
  }
  await deps.audit.record({
    actor,
    action:
      change.disabled === true && done.before.disabledAt === null
        ? 'operator.disable'
        : 'operator.update',
    target: `operator:${id}`,
    before: audited(done.before),
    after: audited(done.after),
  });
  return ok(done.after);
}
