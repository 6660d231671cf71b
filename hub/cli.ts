import { parseArgs } from 'node:util';
import { addKiosk, importMembersCsv, importSpacesCsv, requireSpace } from './admin/admin';
import { eraseCommand, purgeCommand } from './admin/gdpr-cli';
import { attendanceTable, eventAttendance } from './admin/attendance-report';
import { readAs } from './admin/csv';
import { readImportFile } from './admin/import-file';
import { kioskTable } from './admin/kiosk-table';
import { OPERATOR_OPTIONS, OPERATOR_USAGE, runOperatorCommand } from './admin/operator-cli';
import { KIOSK_LOGS_OPTIONS, KIOSK_LOGS_USAGE, runKioskLogsCommand } from './kiosk-logs/cli';
import { readFleet } from './fleet/fleet-view';
import { counted } from './admin/plural';
import { AGENDA_OPTIONS, AGENDA_USAGE, runAgendaCommand } from './agenda/agenda-cli';
import { readFeedSource } from './agenda/feed-source';
import { fetchLimitsFromEnv } from './agenda/fetch-feed';
import { feedsCheckCommand } from './agenda/feeds-check';
import { RELEASE_OPTIONS, RELEASE_USAGE, runReleaseCommand } from './releases/release-cli';
import { openStoreOrSay } from './open-store-or-say';
import { DEFAULT_DATABASE_URL } from './store/open-store';
import type { HubStore } from './store/store';

/**
 * The hub's command line (scripts/hub.ts runs it): serve, or one admin command, then exit.
 * Commands: (none) serve · kiosk add --space ID [--ttl-hours N] · kiosk revoke ID ·
 * kiosk reinstate ID · kiosk list [--at ISO] · kiosk logs ID [--wait] [--save] ·
 * members import FILE · spaces import FILE · erase member|visitor ID · purge ·
 * events attendance [--from D --to D] [--json] ·
 * feeds check FILE_OR_URL [--from --to --zone --lang] · feeds … and events …
 * (hub/agenda/agenda-cli.ts) · operator add|reset|disable|list (hub/admin/operator-cli.ts) ·
 * release add|list|rollout|pin|unpin (hub/releases/release-cli.ts).
 * Options: --db URL (HUB_DATABASE_URL), --port N (HUB_PORT), --host H (HUB_HOST),
 * --tls-key FILE --tls-cert FILE (HUB_TLS_KEY, HUB_TLS_CERT); serving, HUB_FEED_INTERVAL_MINUTES
 * (default 60; 0: feeds are imported on demand only) and HUB_CONSOLE_IDLE_SECONDS (a console
 * session ends after this long without a request; default 1800).
 */

export const USAGE = `usage: npm run hub -- [command] [options]
  (no command)                     serve the sync API
  kiosk add --space <id> [--ttl-hours N]   print a one-time enrolment code
  kiosk revoke <kioskId>           revoke a kiosk's credential
  kiosk reinstate <kioskId>        let a revoked kiosk enrol again (with a new code; wipe it first)
  kiosk list [--at ISO-INSTANT]    list enrolled kiosks: state (ok, attention, down, revoked,
                                   never seen) and why, last heartbeat, how far each has pulled
  members import <members.csv>     id,displayName,homeSpaceId,cardIds(;),active[,preferredLang]
  spaces import <spaces.csv>       id,name,city,country,timezone,languages(;)[,retentionDays]
                                   (a CSV separated by , or by ;, as spreadsheets write it)
  erase member|visitor <id>        erase a person everywhere (GDPR)
  purge                            purge visitors past their space's retention, then compact
                                   erasures every kiosk has pulled (GDPR)
  events attendance [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                                   attendees, first-time visitors and cross-border attendees per
                                   event (default: the last 30 days); --json: one object a line
  feeds check <file.ics|URL> [--from YYYY-MM-DD --to YYYY-MM-DD --zone IANA --lang fr|nl|en]
                                   parse a feed without storing it: one JSON line per occurrence
${AGENDA_USAGE}
${OPERATOR_USAGE}
${RELEASE_USAGE}
${KIOSK_LOGS_USAGE}
options: --db sqlite:PATH|postgres://… (HUB_DATABASE_URL, default ${DEFAULT_DATABASE_URL})
         --port N (HUB_PORT, default 8787)  --host H (HUB_HOST, default 127.0.0.1)
         --tls-key FILE --tls-cert FILE (HUB_TLS_KEY, HUB_TLS_CERT)
         HUB_TRUST_PROXY=127.0.0.1[,CIDR…]: a TLS proxy in front (its X-Forwarded-* believed)`;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
  /** All of stdin (`operator … --password-stdin`); default: the process's. */
  readonly readStdin?: () => Promise<string>;
}

/** A started server, so the caller can stop it on a signal. */
export interface Serving {
  stop(): Promise<void>;
}

/**
 * Runs one command. Resolves with an exit code for admin commands, or with a Serving once the
 * server listens (it prints `{"event":"listening",…}` on `out`). Never throws for bad usage
 * (code 2) or a failed command (code 1); the message goes to `err`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | Serving> {
  // Needs no database and has options of its own (hub/agenda/feeds-check.ts).
  if (argv[0] === 'feeds' && argv[1] === 'check') {
    return feedsCheckCommand(argv.slice(2), {
      ...io,
      readFile: readImportFile,
      fetchFeed: (url) => readFeedSource(url, fetchLimitsFromEnv(io.env)),
    });
  }
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  const dbUrl = values.db ?? io.env['HUB_DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const command = positionals.join(' ');
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    // Loaded only to serve: an admin command never loads the server and its HTTP libraries.
    const { serve } = await import('./serve-command');
    return serve(values, dbUrl, io, (m) => usage(io, m));
  }
  const store = await openStoreOrSay(dbUrl, io);
  if (store === null) return 1;
  try {
    return await admin(store, positionals, values, io, command);
  } finally {
    await store.close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      space: { type: 'string' },
      'ttl-hours': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      json: { type: 'boolean' },
      at: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...AGENDA_OPTIONS,
      ...OPERATOR_OPTIONS,
      ...RELEASE_OPTIONS,
      ...KIOSK_LOGS_OPTIONS,
    },
  });
}

type Values = ReturnType<typeof parse>['values'];

/** What each admin command needs when it was named without it (so the error says so). */
const MISSING_ARGUMENT: Readonly<Record<string, string>> = {
  'kiosk add': '--space <spaceId>',
  'kiosk revoke': 'a kiosk id',
  'kiosk reinstate': 'a kiosk id',
  'members import': 'a CSV file',
  'spaces import': 'a CSV file',
  'erase member': 'a member id',
  'erase visitor': 'a visitor id',
  'feeds add': '--space <spaceId> and a feed URL',
  'feeds remove': 'a feed id',
  'feeds upload': '--space <spaceId> (or --feed <feedId>) and an .ics file',
  'events add': '--space <spaceId>',
  'events edit': 'an event UID',
  'events cancel': 'an event UID',
  'events translate': 'an event UID',
};

async function admin(
  store: HubStore,
  [group, verb, arg]: readonly (string | undefined)[],
  values: Values,
  io: CliIo,
  command: string,
): Promise<number> {
  const now = io.now();
  if (group === 'kiosk' && verb === 'add' && values.space) {
    const hours = Number(values['ttl-hours'] ?? 168);
    if (!Number.isFinite(hours) || hours <= 0)
      return usage(io, '--ttl-hours must be a positive number');
    const known = await requireSpace(store, values.space);
    if (!known.ok) {
      io.err(known.error.message);
      return 1;
    }
    const { code, expiresAt } = await addKiosk(store, values.space, now, hours * 3600_000);
    io.out(code);
    io.err(
      `One-time enrolment code for a kiosk of ${values.space}, valid until ${new Date(expiresAt).toISOString()}.`,
    );
    return 0;
  }
  if (group === 'kiosk' && verb === 'revoke' && arg) {
    if (!(await store.revokeKiosk(arg, now))) {
      io.err(`No kiosk ${arg}.`);
      return 1;
    }
    io.out(`Kiosk ${arg} revoked.`);
    return 0;
  }
  if (group === 'kiosk' && verb === 'reinstate' && arg) {
    const outcome = await store.reinstateKiosk(arg);
    if (outcome !== 'reinstated') {
      io.err(outcome === 'unknown' ? `No kiosk ${arg}.` : `Kiosk ${arg} is not revoked.`);
      return 1;
    }
    io.out(`Kiosk ${arg} reinstated: it may enrol again with a new code (kiosk add).`);
    io.err(
      'Wipe its local data first: writes it kept from before the revocation could bring back people erased since.',
    );
    return 0;
  }
  if (group === 'kiosk' && verb === 'list') {
    // --at: the states as they will read then (heartbeats stopping, opening hours coming).
    const at = values.at === undefined ? now : Date.parse(values.at);
    if (!Number.isFinite(at)) return usage(io, '--at must be an ISO 8601 instant');
    const kiosks = await store.listKiosks();
    for (const line of kioskTable(kiosks, await readFleet(store, at))) io.out(line);
    return 0;
  }
  if ((group === 'members' || group === 'spaces') && verb === 'import' && arg) {
    const text = readImportFile(arg);
    if (!text.ok) {
      io.err(`Cannot read ${arg}: ${text.error.message}`);
      return 1;
    }
    const result =
      group === 'members'
        ? await importMembersCsv(store, text.value, now)
        : await importSpacesCsv(store, text.value, now);
    if (!result.ok) {
      // The path and the reasons (lines, columns, field names), never the file's content.
      const reasons = [result.error.message, ...(result.error.details ?? [])];
      io.err(`Cannot import ${arg}: ${reasons.join('\n  ')}`);
      return 1;
    }
    const { imported, delimiter } = result.value;
    const noun = group === 'members' ? 'member' : 'space';
    io.out(`Imported ${counted(imported, noun)} (${readAs(delimiter)}).`);
    return 0;
  }
  if (group === 'erase' && (verb === 'member' || verb === 'visitor') && arg) {
    return eraseCommand(store, verb, arg, now, io);
  }
  if (group === 'purge' && verb === undefined) return purgeCommand(store, now, io);
  if (group === 'events' && verb === 'attendance' && arg === undefined) {
    const report = await eventAttendance(store, { from: values.from, to: values.to }, now);
    if (!report.ok) return usage(io, report.error.message);
    const lines =
      values.json === true
        ? report.value.map((l) => JSON.stringify(l))
        : attendanceTable(report.value);
    for (const line of lines) io.out(line);
    return 0;
  }
  const agenda = await runAgendaCommand(store, [group, verb, arg], values, io, now);
  if (agenda !== undefined) return agenda;
  const logs = await runKioskLogsCommand(store, [group, verb, arg], values, io, (message) =>
    usage(io, message),
  );
  if (logs !== undefined) return logs;
  const operator = await runOperatorCommand(store, [group, verb], values, io, (message) =>
    usage(io, message),
  );
  if (operator !== undefined) return operator;
  const dbUrl = values.db ?? io.env['HUB_DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const release = await runReleaseCommand(
    store,
    [group, verb, arg],
    values,
    { ...io, dbUrl },
    (m) => usage(io, m),
  );
  if (release !== undefined) return release;
  const needs = MISSING_ARGUMENT[`${group ?? ''} ${verb ?? ''}`];
  if (needs !== undefined) return usage(io, `${group ?? ''} ${verb ?? ''} needs ${needs}.`);
  return usage(io, `Unknown command: ${command}`);
}

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n${USAGE}`);
  return 2;
}
