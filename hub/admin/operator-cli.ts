import { z } from 'zod';
import type { Result } from '#shared/result';
import type { CliIo } from '../cli';
import { storeAuditLog } from '../console-api/audit-log';
import {
  addOperator,
  changeOperator,
  resetOperator,
  type AccountDeps,
} from '../console-api/operator-accounts';
import type { HubStore } from '../store/store';
import { textTable } from './table';

/**
 * The `operator …` commands of the hub CLI (hub/cli.ts dispatches them here): add, reset,
 * disable, list. They follow the console's rules (hub/console-api/operator-accounts.ts) and write
 * the same audit entries, with `cli` as the actor. A generated password is printed once, alone
 * on stdout; `--password-stdin` reads one instead (its first line). Errors go to stderr with
 * exit code 1 (nothing written) or 2 (bad usage).
 */

/** The options these commands take, for the CLI's one parseArgs. */
export const OPERATOR_OPTIONS = {
  email: { type: 'string' },
  role: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

export const OPERATOR_USAGE = `  operator add --email <e> --role network|space [--space <id>] [--password-stdin]
                                   a console account; prints a one-time password once
                                   (or reads the password from stdin)
  operator reset --email <e> [--password-stdin]   a new password; their sessions end
  operator disable --email <e>     their sessions end; they can no longer sign in
  operator list                    the accounts, their role, space, state and last login`;

type Values = Readonly<Record<string, string | boolean | undefined>>;

const Email = z.email().max(254);

function failed(io: CliIo, result: Result<unknown>): number {
  if (!result.ok) io.err(result.error.message);
  return result.ok ? 0 : 1;
}

async function readPassword(io: CliIo): Promise<string> {
  const text = await (io.readStdin ?? readProcessStdin)();
  return text.split(/\r?\n/)[0] ?? '';
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const utc = (ms: number | null) =>
  ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Runs `operator <verb>`; resolves undefined when the words are not an operator command, else
 * the exit code. `usage` prints a usage error and answers 2.
 */
export async function runOperatorCommand(
  store: HubStore,
  [group, verb]: readonly (string | undefined)[],
  values: Values,
  io: CliIo,
  usage: (message: string) => number,
): Promise<number | undefined> {
  if (group !== 'operator') return undefined;
  const deps: AccountDeps = { store, audit: storeAuditLog(store.operators, io.now), clock: io.now };
  if (verb === 'list') {
    const rows = (await store.operators.listOperators()).map((o) => [
      o.email,
      o.role,
      o.spaceId ?? '-',
      o.disabledAt === null ? 'enabled' : 'disabled',
      utc(o.lastLoginAt),
    ]);
    if (rows.length === 0) {
      io.out('No operator yet: make the first with operator add --email <e> --role network.');
      return 0;
    }
    for (const line of textTable(['EMAIL', 'ROLE', 'SPACE', 'STATE', 'LAST LOGIN (UTC)'], rows)) {
      io.out(line);
    }
    return 0;
  }
  if (verb !== 'add' && verb !== 'reset' && verb !== 'disable') {
    return usage(`Unknown command: operator ${verb ?? ''}`.trim());
  }
  const email = Email.safeParse(values['email']);
  if (!email.success) return usage(`operator ${verb} needs --email <an email address>.`);
  const stdin = values['password-stdin'] === true;
  if (verb === 'add') {
    const role = values['role'];
    if (role !== 'network' && role !== 'space') {
      return usage('operator add needs --role network or --role space.');
    }
    const space = values['space'];
    if (role === 'network' && space !== undefined) {
      return usage('--space is for a space manager (--role space).');
    }
    const added = await addOperator(deps, 'cli', {
      email: email.data,
      role,
      spaceId: typeof space === 'string' ? space : null,
      ...(stdin ? { password: await readPassword(io) } : {}),
    });
    if (!added.ok) return failed(io, added);
    const { operator, password } = added.value;
    const what = role === 'network' ? 'network operator' : `manager of ${operator.spaceId ?? ''}`;
    if (stdin) {
      io.out(`Operator ${operator.email} added (${what}).`);
    } else {
      io.out(password);
      io.err(
        `Operator ${operator.email} added (${what}). Hand them the one-time password above; it is not shown again.`,
      );
    }
    return 0;
  }
  const operator = await store.operators.findOperatorByEmail(email.data);
  if (!operator) {
    io.err(`No operator ${email.data}.`);
    return 1;
  }
  if (verb === 'reset') {
    const reset = await resetOperator(
      deps,
      'cli',
      operator.id,
      ...(stdin ? [await readPassword(io)] : []),
    );
    if (!reset.ok) return failed(io, reset);
    if (stdin) io.out(`New password set for ${operator.email}; their sessions ended.`);
    else {
      io.out(reset.value.password);
      io.err(`New one-time password for ${operator.email}, shown once; their sessions ended.`);
    }
    return 0;
  }
  const disabled = await changeOperator(deps, 'cli', operator.id, { disabled: true });
  if (!disabled.ok) return failed(io, disabled);
  io.out(`Operator ${operator.email} disabled; their sessions ended.`);
  return 0;
}
