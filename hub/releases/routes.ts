import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import { kioskAuth, type KioskPrincipal } from '../http/kiosk-auth';
import type { HubLog } from '../log';
import type { HubStore } from '../store/store';
import { FEED_FILE, latestLinuxYml } from './feed';
import { CHANNEL_PATTERN, FILE_NAME_PATTERN, channelDir } from './release-file';
import { releaseFor } from './select';
import { MAX_SIGNATURE_BYTES, signatureName } from './signature';

/** What the update routes need from createHub. */
export interface UpdateRouteDeps {
  readonly store: HubStore;
  readonly log: HubLog;
  readonly principals: WeakMap<FastifyRequest, KioskPrincipal>;
  /** The hub's release folder (release-file.ts, releasesDirFor). */
  readonly dir: string;
}

const ParamsSchema = z.strictObject({
  channel: z.string().regex(CHANNEL_PATTERN),
  file: z.string().regex(FILE_NAME_PATTERN),
});

/**
 * Registers the kiosks' update feed behind the kiosk credential (decision 0040), the URL of
 * electron-updater's generic provider being `<hub>/v1/updates/<channel>`:
 * - `GET /v1/updates/:channel/latest-linux.yml`: the release that applies to the asking kiosk
 *   (select.ts: its space's pin, else the newest release whose rollout reaches it), never cached;
 *   404 `no-release` when none does.
 * - `GET /v1/updates/:channel/:file`: that release's file, streamed; any other file is 404, so a
 *   kiosk cannot fetch a release not meant for it.
 * - `GET /v1/updates/:channel/<file>.sig`: that release's detached signature (signature.ts,
 *   decision 0047), 404 `no-signature` when it was added without one.
 * Bad parameters are 400 `malformed`; a stored file gone from the disk is 404 with an error log.
 */
export function registerUpdateRoutes(app: FastifyInstance, deps: UpdateRouteDeps): void {
  const { store, log, principals, dir } = deps;
  const { authenticate, principalOf } = kioskAuth(store, log, principals);
  app.get('/v1/updates/:channel/:file', { onRequest: authenticate }, async (request, reply) => {
    const principal = principalOf(request);
    const parsed = ParamsSchema.safeParse(request.params);
    if (!parsed.success) {
      throw new HttpError(400, 'malformed', 'No such update channel or file name.');
    }
    const { channel, file } = parsed.data;
    const [releases, pins] = await Promise.all([
      store.releases.list(channel),
      store.releases.pins(channel),
    ]);
    const release = releaseFor(releases, pins, principal);
    if (file === FEED_FILE) {
      if (release === undefined) {
        throw new HttpError(404, 'no-release', `No release of ${channel} for this kiosk yet.`);
      }
      return reply
        .type('text/yaml; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(latestLinuxYml(release));
    }
    if (release !== undefined && file === signatureName(release.fileName)) {
      const signature = await readFile(join(channelDir(dir, channel), file)).catch(() => undefined);
      if (signature === undefined || signature.length > MAX_SIGNATURE_BYTES) {
        throw new HttpError(
          404,
          'no-signature',
          `${release.fileName} was added without a signature.`,
        );
      }
      return reply
        .type('application/octet-stream')
        .header('cache-control', 'no-store')
        .send(signature);
    }
    if (release === undefined || release.fileName !== file) {
      throw new HttpError(404, 'not-found', `No update file ${file} on ${channel} for this kiosk.`);
    }
    const path = join(channelDir(dir, channel), file);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || info.size !== release.size) {
      log.error('release file missing', { channel, version: release.version, file });
      throw new HttpError(404, 'release-file-missing', `The hub has lost ${file}: add it again.`);
    }
    return (
      reply
        .type('application/octet-stream')
        .header('content-length', String(info.size))
        .header('cache-control', 'no-store')
        // One large download per kiosk and release: the connection is not kept for another
        // request, so a stream's socket never holds the hub's close.
        .header('connection', 'close')
        .send(createReadStream(path))
    );
  });
}
