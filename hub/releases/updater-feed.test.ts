import { createHash, randomBytes } from 'node:crypto';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancellationToken,
  HttpExecutor,
  configureRequestOptions,
  configureRequestUrl,
  type DownloadOptions,
} from 'builder-util-runtime';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider';
import type { AppUpdater } from 'electron-updater';
import type { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOW, space } from '../test-support/factories';
import { useHubFixture } from '../test-support/hub-fixture';
import { hubPut } from '../test-support/hub-writes';
import { storeCases } from '../test-support/stores';
import { runReleaseCommand } from './release-cli';
import { fakePackage } from '../test-support/fake-package';

/** One store is enough: the feed's text is the same on both (routes.test.ts runs both). */
const [SQLITE] = storeCases();

/**
 * electron-updater's own client code reads the hub's feed, in Node: its GenericProvider (the
 * provider the kiosk configures) asks for the channel file with the kiosk's bearer credential,
 * parses it (Provider.parseUpdateInfo, js-yaml), resolves the files against the channel URL, and
 * builder-util-runtime's HttpExecutor downloads the file checking its sha512. The one part
 * replaced is the part only Electron has: the executor's request over Electron's `net` module
 * (ElectronHttpExecutor) is node:http here.
 */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    return request(options, callback);
  }

  /** A download to `destination` through HttpExecutor.doDownload, as the kiosk's executor does. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? {} };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          responseHandler: null,
          callback: (error) => {
            if (error) reject(error);
            else resolve(destination);
          },
        },
        0,
      );
    });
  }
}

describe('electron-updater reads the hub feed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-updater-'));
  const served = join(dir, 'served');
  if (SQLITE === undefined) throw new Error('no SQLite store case');
  const f = useHubFixture(SQLITE, { hub: { releasesDir: served } });
  let arch: string | undefined;
  beforeEach(async () => {
    await hubPut(f.store, 'spaces', [space()], NOW);
    // Its channel file name carries the CPU when not x64 (latest-linux-arm64.yml); the hub's
    // releases are x64 builds (decision 0040).
    arch = process.env['TEST_UPDATER_ARCH'];
    process.env['TEST_UPDATER_ARCH'] = 'x64';
  });
  afterEach(() => {
    if (arch === undefined) delete process.env['TEST_UPDATER_ARCH'];
    else process.env['TEST_UPDATER_ARCH'] = arch;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const provider = (token: string) => {
    const executor = new NodeHttpExecutor();
    const updater = { channel: null, isAddNoCacheQuery: true } as unknown as AppUpdater;
    const p = new GenericProvider(
      { provider: 'generic', url: `${f.url}/v1/updates/stable` },
      updater,
      {
        isUseMultipleRangeRequest: false,
        platform: 'linux',
        executor: executor as unknown as ElectronHttpExecutor,
      },
    );
    p.setRequestHeaders({ authorization: `Bearer ${token}` });
    return { p, executor };
  };

  it('parses latest-linux.yml and downloads the file, checking its sha512', async () => {
    const bytes = fakePackage('.AppImage', randomBytes(300_000).toString('latin1'));
    const file = join(dir, 'coffee-kiosk-1.5.0.AppImage');
    writeFileSync(file, bytes);
    const errors: string[] = [];
    const code = await runReleaseCommand(
      f.store,
      ['release', 'add', file],
      { 'releases-dir': served },
      {
        out: () => undefined,
        err: (l) => errors.push(l),
        env: {},
        now: () => NOW,
        dbUrl: f.db.url,
      },
      () => 2,
    );
    expect(code, errors.join('\n')).toBe(0);

    const { p, executor } = provider(f.token);
    const info = await p.getLatestVersion();
    const sha512 = createHash('sha512').update(bytes).digest('base64');
    expect(info.version).toBe('1.5.0');
    expect(info.releaseDate).toBe(new Date(NOW).toISOString());
    const [resolved] = p.resolveFiles(info);
    if (resolved === undefined) throw new Error('no file resolved');
    expect(resolved.url.href).toBe(`${f.url}/v1/updates/stable/coffee-kiosk-1.5.0.AppImage`);
    expect(resolved.info).toEqual({
      url: 'coffee-kiosk-1.5.0.AppImage',
      sha512,
      size: bytes.length,
    });

    const download = (to: string, expected: string) =>
      executor.download(resolved.url, join(dir, to), {
        headers: { authorization: `Bearer ${f.token}` },
        sha512: expected,
        cancellationToken: new CancellationToken(),
      });
    const saved = await download('downloaded.AppImage', resolved.info.sha512);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
    // Bytes that are not the feed's sha512 are refused by the same code.
    const other = createHash('sha512').update('other').digest('base64');
    await expect(download('refused.AppImage', other)).rejects.toMatchObject({
      code: 'ERR_CHECKSUM_MISMATCH',
    });
  });

  it('turns the hub’s 404 into electron-updater’s channel-file error, and a bad credential into an HTTP error', async () => {
    await expect(provider(f.token).p.getLatestVersion()).rejects.toMatchObject({
      code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
    });
    await expect(provider(`kiosk-a.${'A'.repeat(43)}`).p.getLatestVersion()).rejects.toMatchObject({
      statusCode: 401,
    });
  });
});
