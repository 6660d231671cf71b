import { LANGS, type Lang, type Localised, type Space } from '#shared/domain/types';
import type { Result } from '#shared/result';
import { materialize } from '#shared/sync/protocol-merge';
import type { CliIo } from '../cli';
import { memoryLog } from '../log';
import type { HubStore } from '../store/store';
import { eventTable, feedTable, importLine, printable } from './agenda-tables';
import {
  addHubEvent,
  cancelEvent,
  editHubEvent,
  listEvents,
  translateEvent,
  type EventFields,
} from './editor';
import { importFeeds } from './feed-import';
import { fetchLimitsFromEnv } from './fetch-feed';
import { readFeedSource } from './feed-source';
import { addFeed, removeFeed, uploadFeed } from './feeds-admin';

/**
 * The agenda's commands of the hub CLI (hub/cli.ts dispatches `feeds …` and `events …` here):
 * feeds add|list|remove|import-now|upload and events add|edit|cancel|translate|list. Messages
 * name what is wrong, never a file's content; a feed's words are printed without control
 * characters.
 */

/** The options these commands take, for the CLI's one parseArgs. */
export const AGENDA_OPTIONS = {
  lang: { type: 'string' },
  feed: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  tz: { type: 'string' },
  url: { type: 'string' },
  location: { type: 'string' },
  occurrence: { type: 'string' },
  title: { type: 'string' },
  description: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'title-fr': { type: 'string' },
  'title-nl': { type: 'string' },
  'title-en': { type: 'string' },
  'description-fr': { type: 'string' },
  'description-nl': { type: 'string' },
  'description-en': { type: 'string' },
} as const;

export const AGENDA_USAGE = `  feeds add --space <id> <url> [--lang fr|nl|en]   add a space's iCalendar feed (http/https)
  feeds list                       feeds with their last success and last error
  feeds remove <feedId>            remove a feed; its events are deleted on every kiosk
  feeds import-now [feedId]        import every feed (or one) now
  feeds upload --space <id> <file.ics> [--lang L] | --feed <feedId> <file.ics>
  events add --space <id> --title-fr T [--title-nl T --title-en T] --start 2026-12-10T18:00
             --end 2026-12-10T20:00 [--tz Europe/Brussels] [--lang fr] [--url U] [--location L]
             [--description-fr D …]        (whole days: --start 2026-12-10 --end 2026-12-11)
  events edit <uid> [the same options; --url '' removes the link]
  events cancel <uid> [--occurrence <recurrence-id>]
  events translate <uid> --lang nl [--title T] [--description D]   (kept over every import)
  events list [--from YYYY-MM-DD] [--to YYYY-MM-DD]`;

type Values = Readonly<Record<string, string | boolean | undefined>>;

const text = (values: Values, key: string): string | undefined => {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
};

/** Prints a failed Result's message (and details) on `err`; 1. */
function failed(io: CliIo, result: Result<never>, prefix = ''): number {
  if (result.ok) return 0;
  io.err([`${prefix}${result.error.message}`, ...(result.error.details ?? [])].join('\n  '));
  return 1;
}

/** `--lang` as a language, undefined when absent, or null when it is none of fr, nl, en. */
function langOf(values: Values): Lang | undefined | null {
  const lang = text(values, 'lang');
  if (lang === undefined) return undefined;
  return (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : null;
}

/** `--title-fr` … or `--description-nl` … as words per language, undefined when none given. */
function wordsOf(values: Values, field: 'title' | 'description'): Localised | undefined {
  const out: Localised = {};
  for (const lang of LANGS) {
    const t = text(values, `${field}-${lang}`);
    if (t !== undefined) out[lang] = t;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The event options given; '' clears an optional one. */
function fieldsOf(values: Values, lang: Lang | undefined): EventFields {
  const clearable = (key: string) => {
    const v = text(values, key);
    return v === undefined ? {} : { [key === 'tz' ? 'timeZone' : key]: v === '' ? null : v };
  };
  const title = wordsOf(values, 'title');
  const description = wordsOf(values, 'description');
  const start = text(values, 'start');
  const end = text(values, 'end');
  return {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(lang ? { lang } : {}),
    ...clearable('tz'),
    ...clearable('url'),
    ...clearable('location'),
  };
}

/** `YYYY-MM-DD` as its UTC midnight; NaN when it is not such a date. */
function dayOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
}

/** One agenda command's words and options, with `--lang` already checked. */
interface Command {
  readonly store: HubStore;
  readonly verb: string | undefined;
  readonly arg: string | undefined;
  readonly values: Values;
  readonly io: CliIo;
  readonly now: number;
  readonly lang: Lang | undefined;
}

async function feeds(command: Command): Promise<number | undefined> {
  const { store, verb, arg, values, io, now, lang } = command;
  const deps = { store, log: memoryLog(), limits: fetchLimitsFromEnv(io.env) };
  const space = text(values, 'space');
  if (verb === 'add' && space && arg) {
    const added = await addFeed(store, space, arg, lang, now);
    if (!added.ok) return failed(io, added);
    io.out(`Added feed ${added.value.id} for ${space}: ${added.value.url ?? ''}`);
    io.err(`A serving hub imports it within the hour; now: feeds import-now ${added.value.id}`);
    return 0;
  }
  if (verb === 'list' && arg === undefined) {
    for (const line of feedTable(await store.agenda.listFeeds())) io.out(printable(line));
    return 0;
  }
  if (verb === 'remove' && arg) {
    const removed = await removeFeed(store, arg, now);
    if (!removed.ok) return failed(io, removed);
    io.out(`Removed feed ${arg}; ${removed.value.removed} events deleted on the kiosks.`);
    return 0;
  }
  if (verb === 'import-now') {
    if (arg !== undefined && !(await store.agenda.findFeed(arg))) {
      io.err(`No feed ${arg}.`);
      return 1;
    }
    const outcomes = await importFeeds(deps, now, arg);
    if (outcomes.length === 0) io.out('No feed to import: add one with feeds add.');
    for (const { feed, result } of outcomes) io.out(printable(importLine(feed, result)));
    return outcomes.some((o) => !o.result.ok) ? 1 : 0;
  }
  if (verb === 'upload' && arg && (space || text(values, 'feed'))) {
    const source = await readFeedSource(arg, deps.limits);
    if (!source.ok) return failed(io, source, `Cannot read ${arg}: `);
    const feedId = text(values, 'feed');
    const target = feedId ? { feedId } : { spaceId: space ?? '', ...(lang ? { lang } : {}) };
    const uploaded = await uploadFeed(deps, target, source.value, now);
    if (!uploaded.ok) return failed(io, uploaded, `Cannot import ${arg}: `);
    io.out(printable(importLine(uploaded.value.feed, { ok: true, value: uploaded.value.summary })));
    return 0;
  }
  return undefined;
}

async function events(command: Command): Promise<number | undefined> {
  const { store, verb, arg, values, io, now, lang } = command;
  const space = text(values, 'space');
  if (verb === 'add' && space) {
    const added = await addHubEvent(store, space, fieldsOf(values, lang), now);
    if (!added.ok) return failed(io, added, 'Nothing added: ');
    io.out(added.value.uid);
    io.err(`Added event ${added.value.id} to ${space}; kiosks get it at their next sync.`);
    return 0;
  }
  if (verb === 'edit' && arg) {
    const edited = await editHubEvent(store, arg, fieldsOf(values, lang), now);
    if (!edited.ok) return failed(io, edited, 'Nothing changed: ');
    io.out(`Event ${arg} saved.`);
    return 0;
  }
  if (verb === 'cancel' && arg) {
    const cancelled = await cancelEvent(store, arg, text(values, 'occurrence'), now);
    if (!cancelled.ok) return failed(io, cancelled);
    io.out(`Cancelled ${cancelled.value.changed} occurrence(s) of ${arg}.`);
    return 0;
  }
  if (verb === 'translate' && arg) {
    if (lang === undefined) return usage(io, 'events translate needs --lang fr|nl|en.');
    const title = text(values, 'title');
    const description = text(values, 'description');
    const words = {
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
    };
    const translated = await translateEvent(store, arg, lang, words, now);
    if (!translated.ok) return failed(io, translated);
    io.out(`Translated ${arg} (${lang}): ${translated.value.changed} occurrence(s) rewritten.`);
    return 0;
  }
  if (verb === 'list' && arg === undefined) {
    const from = dayOf(text(values, 'from'));
    const to = dayOf(text(values, 'to'));
    if (Number.isNaN(from) || Number.isNaN(to)) {
      return usage(io, '--from and --to take a date, YYYY-MM-DD.');
    }
    const list = await listEvents(store, {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    const spaces = new Map<string, Space>();
    for (const id of new Set(list.map((e) => e.spaceId))) {
      const row = await store.readRecord('spaces', id);
      const s = row ? (materialize('spaces', row.state) as Space | undefined) : undefined;
      if (s) spaces.set(id, s);
    }
    for (const line of eventTable(list, spaces)) io.out(line);
    return 0;
  }
  return undefined;
}

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n${AGENDA_USAGE}`);
  return 2;
}

/**
 * Runs `feeds …` or `events …` on `store` at `now`: the exit code (0, 1 for a failed command,
 * 2 for bad options), or undefined when the words are no complete agenda command (the CLI then
 * says what is missing). Rejects only on database errors.
 */
export function runAgendaCommand(
  store: HubStore,
  [group, verb, arg]: readonly (string | undefined)[],
  values: Values,
  io: CliIo,
  now: number,
): Promise<number | undefined> {
  if (group !== 'feeds' && group !== 'events') return Promise.resolve(undefined);
  const lang = langOf(values);
  if (lang === null) return Promise.resolve(usage(io, '--lang must be fr, nl or en.'));
  const command = { store, verb, arg, values, io, now, lang };
  return group === 'feeds' ? feeds(command) : events(command);
}
