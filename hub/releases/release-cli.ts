import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { rcompare, valid } from 'semver';
import { err, ok, type Result } from '#shared/result';
import type { CliIo } from '../cli';
import { requireSpace } from '../admin/admin';
import { makeFolderSync } from '../make-folder';
import { textTable } from '../admin/table';
import { storeAuditLog } from '../console-api/audit-log';
import type { Rollout } from '../store/releases';
import type { HubStore } from '../store/store';
import { FEED_FILE, latestLinuxYml } from './feed';
import {
  CHANNEL_PATTERN,
  channelDir,
  checkReleaseFile,
  releasesDirFor,
  storeReleaseFile,
} from './release-file';
import { rolloutText } from './select';
import { findSignature, signatureName, storeSignature } from './signature';

/**
 * The `release …` commands of the hub CLI (hub/cli.ts dispatches them here, decision 0040):
 * add, list, rollout, pin, unpin. Every change is written to the audit log with `cli` as the
 * actor. Errors go to stderr with exit code 1 (nothing changed) or 2 (bad usage).
 */

/** The options these commands take, for the CLI's one parseArgs. */
export const RELEASE_OPTIONS = {
  channel: { type: 'string' },
  version: { type: 'string' },
  spaces: { type: 'string' },
  percent: { type: 'string' },
  sha512: { type: 'string' },
  signature: { type: 'string' },
  'releases-dir': { type: 'string' },
} as const;

export const RELEASE_USAGE = `  release add <file> [--channel stable] [--version X.Y.Z] [--sha512 B64] [--signature F.sig]
                [--spaces a,b | --percent N]
                                   add a kiosk package (.AppImage, .deb, .rpm): checked, hashed,
                                   stored beside the database, latest-linux.yml written;
                                   rolled out to every kiosk unless --spaces or --percent;
                                   its signature (--signature, else <file>.sig beside it) is
                                   served next to it (kiosks install only signed .deb updates)
  release list [--channel C]       releases, their rollout, and pinned spaces
  release rollout --channel C --version V (--spaces a,b | --percent N)
                                   who gets that release (a list of spaces, or N % of kiosks)
  release pin --space S --version V [--channel stable]
                                   hold a space's kiosks at a version (a rollback)
  release unpin --space S [--channel stable]
  (files in --releases-dir DIR, HUB_RELEASES_DIR, default: beside the SQLite database)`;

interface ReleaseValues {
  readonly channel?: string | undefined;
  readonly version?: string | undefined;
  readonly spaces?: string | undefined;
  readonly percent?: string | undefined;
  readonly sha512?: string | undefined;
  readonly signature?: string | undefined;
  readonly space?: string | undefined;
  readonly 'releases-dir'?: string | undefined;
}

const DEFAULT_CHANNEL = 'stable';
const ACTOR = 'cli';

/** The rollout the options name, undefined when neither is given. */
function rolloutOf(values: ReleaseValues): Result<Rollout | undefined> {
  if (values.spaces !== undefined && values.percent !== undefined) {
    return err({ code: 'usage', message: 'Give --spaces or --percent, not both.' });
  }
  if (values.percent !== undefined) {
    const percent = Number(values.percent);
    if (!/^\d{1,3}$/.test(values.percent) || percent > 100) {
      return err({ code: 'usage', message: '--percent must be a whole number from 0 to 100.' });
    }
    return ok({ kind: 'percent', percent });
  }
  if (values.spaces !== undefined) {
    const spaces = [...new Set(values.spaces.split(',').map((s) => s.trim()))].filter(Boolean);
    if (spaces.length === 0) return err({ code: 'usage', message: '--spaces lists no space.' });
    return ok({ kind: 'spaces', spaces });
  }
  return ok(undefined);
}

/** Writes the channel's newest release as its latest-linux.yml (through a temporary name). */
async function writeChannelFeed(store: HubStore, dir: string, channel: string): Promise<void> {
  const [newest] = (await store.releases.list(channel)).sort((a, b) =>
    rcompare(a.version, b.version),
  );
  if (newest === undefined) return;
  const folder = channelDir(dir, channel);
  makeFolderSync(folder);
  const partial = join(folder, `.${FEED_FILE}.partial`);
  await writeFile(partial, latestLinuxYml(newest));
  await rename(partial, join(folder, FEED_FILE));
}

/**
 * Runs `release <verb>`; resolves undefined when the words are not a release command, else the
 * exit code. `usage` prints a usage error and answers 2.
 */
export async function runReleaseCommand(
  store: HubStore,
  [group, verb, arg]: readonly (string | undefined)[],
  values: ReleaseValues,
  io: CliIo & { readonly dbUrl: string },
  usage: (message: string) => number,
): Promise<number | undefined> {
  if (group !== 'release') return undefined;
  const audit = storeAuditLog(store.operators, io.now);
  const channel = values.channel ?? DEFAULT_CHANNEL;
  if (!CHANNEL_PATTERN.test(channel)) {
    return usage('--channel: lower-case letters, digits and dashes, up to 32.');
  }
  const rollout = rolloutOf(values);
  if (!rollout.ok) return usage(rollout.error.message);
  const fail = (message: string) => {
    io.err(message);
    return 1;
  };
  const checkSpaces = async (r: Rollout | undefined): Promise<string | undefined> => {
    for (const space of r?.kind === 'spaces' ? r.spaces : []) {
      const known = await requireSpace(store, space);
      if (!known.ok) return known.error.message;
    }
    return undefined;
  };

  if (verb === 'add') {
    if (arg === undefined) return usage('release add needs a package file.');
    const unknownSpace = await checkSpaces(rollout.value);
    if (unknownSpace !== undefined) return fail(unknownSpace);
    const file = await checkReleaseFile(arg, { version: values.version, sha512: values.sha512 });
    if (!file.ok) return fail(`Cannot add ${arg}: ${file.error.message}`);
    const { version, fileName, sha512, size } = file.value;
    const signature = await findSignature(arg, values.signature);
    if (!signature.ok) return fail(`Cannot add ${arg}: ${signature.error.message}`);
    const previous = await store.releases.find(channel, version);
    if (previous !== undefined) {
      return fail(`${channel} already has ${version} (${previous.fileName}): nothing added.`);
    }
    const dir = releasesDirFor(io.dbUrl, values['releases-dir'] ?? io.env['HUB_RELEASES_DIR']);
    const stored = await storeReleaseFile(file.value, dir, channel);
    if (!stored.ok) return fail(`Cannot add ${arg}: ${stored.error.message}`);
    if (signature.value !== undefined) {
      await storeSignature(signature.value, dir, channel, fileName);
    }
    const row = {
      channel,
      version,
      fileName,
      sha512,
      size,
      addedAt: io.now(),
      rollout: rollout.value ?? { kind: 'percent' as const, percent: 100 },
    };
    if (!(await store.releases.add(row))) {
      return fail(`${channel} already has ${version}: nothing added.`);
    }
    await audit.record({
      actor: ACTOR,
      action: 'release.add',
      target: `release:${channel}/${version}`,
      after: {
        fileName,
        sha512,
        size,
        rollout: row.rollout,
        signed: signature.value !== undefined,
      },
    });
    await writeChannelFeed(store, dir, channel);
    io.out(
      `Added ${channel} ${version} (${fileName}, ${size} bytes), ${rolloutText(row.rollout)}.`,
    );
    io.out(`sha512 ${sha512}`);
    io.out(
      signature.value === undefined
        ? 'No signature (--signature or <file>.sig): Linux kiosks will refuse to install it.'
        : `Signature ${signatureName(fileName)} served beside it.`,
    );
    return 0;
  }
  if (verb === 'list' && arg === undefined) {
    const releases = await store.releases.list(values.channel);
    const pins = await store.releases.pins(values.channel);
    if (releases.length === 0) {
      io.out('No release yet: add one with release add <file> --channel stable.');
      return 0;
    }
    const rows = releases
      .sort((a, b) => a.channel.localeCompare(b.channel) || rcompare(a.version, b.version))
      .map((r) => [
        r.channel,
        r.version,
        r.fileName,
        new Date(r.addedAt).toISOString().slice(0, 16).replace('T', ' '),
        rolloutText(r.rollout),
        pins
          .filter((p) => p.channel === r.channel && p.version === r.version)
          .map((p) => p.spaceId)
          .join(',') || '-',
      ]);
    const headers = ['CHANNEL', 'VERSION', 'FILE', 'ADDED (UTC)', 'ROLLOUT', 'PINNED'];
    for (const line of textTable(headers, rows)) io.out(line);
    return 0;
  }
  if (verb === 'rollout' && arg === undefined) {
    if (values.version === undefined || rollout.value === undefined) {
      return usage('release rollout needs --version and --spaces or --percent.');
    }
    const unknownSpace = await checkSpaces(rollout.value);
    if (unknownSpace !== undefined) return fail(unknownSpace);
    const before = await store.releases.find(channel, values.version);
    if (before === undefined) return fail(`No release ${values.version} on ${channel}.`);
    await store.releases.setRollout(channel, values.version, rollout.value);
    await audit.record({
      actor: ACTOR,
      action: 'release.rollout',
      target: `release:${channel}/${values.version}`,
      before: before.rollout,
      after: rollout.value,
    });
    io.out(`${channel} ${values.version} now reaches ${rolloutText(rollout.value)}.`);
    return 0;
  }
  if ((verb === 'pin' || verb === 'unpin') && arg === undefined) {
    const space = values.space;
    if (space === undefined) return usage(`release ${verb} needs --space <spaceId>.`);
    const known = await requireSpace(store, space);
    if (!known.ok) return fail(known.error.message);
    const before = (await store.releases.pins(channel)).find((p) => p.spaceId === space);
    if (verb === 'unpin') {
      if (!(await store.releases.unpin(space, channel))) {
        return fail(`${space} is not pinned on ${channel}.`);
      }
      await audit.record({
        actor: ACTOR,
        action: 'release.unpin',
        target: `space:${space}`,
        before: { channel, version: before?.version },
      });
      io.out(`${space} follows ${channel}'s rollout again.`);
      return 0;
    }
    const version = values.version;
    if (version === undefined || valid(version) !== version) {
      return usage('release pin needs --version X.Y.Z.');
    }
    if ((await store.releases.find(channel, version)) === undefined) {
      return fail(`No release ${version} on ${channel}: add it first.`);
    }
    await store.releases.pin({ spaceId: space, channel, version, pinnedAt: io.now() });
    await audit.record({
      actor: ACTOR,
      action: 'release.pin',
      target: `space:${space}`,
      ...(before ? { before: { channel, version: before.version } } : {}),
      after: { channel, version },
    });
    io.out(`${space} is pinned to ${channel} ${version}.`);
    return 0;
  }
  return usage(`Unknown command: release ${verb ?? ''}`.trimEnd());
}
