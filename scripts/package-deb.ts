// Makes the kiosk's .deb with dpkg-deb from electron-builder's unpacked Linux app (`--linux dir`):
// electron-builder's own deb target downloads fpm, which this network cannot reach. Layout:
// /opt/coffee-kiosk (the app), /usr/bin/coffee-kiosk (a link to it), the card readers' udev rules,
// the systemd unit that runs the app under cage on tty1, and the maintainer scripts of build/deb/.
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ROLLBACK_FLOOR_PATH } from './package-rollback-floor';

export const PACKAGE_NAME = 'coffee-kiosk';
export const INSTALL_DIR = '/opt/coffee-kiosk';
export const UNIT_PATH = '/usr/lib/systemd/system/coffee-kiosk.service';
export const UDEV_RULES_PATH = '/usr/lib/udev/rules.d/70-coffee-kiosk-readers.rules';
/** The root installer of staged updates (build/deb/install-staged-update, decision 0047). */
export const UPDATE_INSTALLER_PATH = '/usr/lib/coffee-kiosk/install-staged-update';
export const UPDATE_UNIT_PATHS = [
  '/usr/lib/systemd/system/coffee-kiosk-update.path',
  '/usr/lib/systemd/system/coffee-kiosk-update.service',
] as const;
/** The network's update public key (PEM), when the package was built with a signing key. */
export const UPDATE_KEY_PATH = '/usr/share/coffee-kiosk/update-signing-key.pem';

/**
 * What the app needs from the system: cage (the Wayland kiosk compositor), systemd (its unit;
 * deb-systemd-helper for the maintainer scripts), passwd (useradd), openssl (the root installer
 * verifies an update's signature with it), and the libraries Electron's
 * binary links to (electron-builder's own deb defaults, plus GBM and ALSA that Chromium loads).
 * Debian 13's 64-bit-time renames (libgtk-3-0t64, libasound2t64, …) provide these names.
 */
export const DEPENDS = [
  'cage',
  'systemd',
  'passwd',
  'openssl',
  'libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
  'libgbm1',
  'libasound2',
];

export interface DebOptions {
  /** The repository's root (build/deb and build/udev are read from it). */
  readonly root: string;
  /** electron-builder's `linux-unpacked` folder. */
  readonly unpackedDir: string;
  readonly version: string;
  /** Debian architecture (amd64, arm64). */
  readonly arch: string;
  readonly description: string;
  /** Folder the .deb is written to. */
  readonly outDir: string;
  /** The public key (PEM) staged updates must be signed with; none: every update is refused. */
  readonly updateKeyPem?: string | undefined;
  /** The oldest version this package lets root go back to (package-rollback-floor.ts). */
  readonly rollbackFloor?: string | undefined;
}

function installedSizeKiB(dir: string): number {
  return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** Builds `<outDir>/coffee-kiosk_<version>_<arch>.deb`; returns its path. */
export async function makeDeb(options: DebOptions): Promise<string> {
  const { root, outDir } = options;
  const staging = join(outDir, 'deb-root');
  await rm(staging, { recursive: true, force: true });
  const inRoot = (path: string): string => join(staging, path);

  await mkdir(inRoot('/opt'), { recursive: true });
  await cp(options.unpackedDir, inRoot(INSTALL_DIR), { recursive: true, verbatimSymlinks: true });
  // electron-updater picks its Linux updater from this file (DebUpdater: it downloads the .deb
  // of the feed; without it, the AppImage updater, which finds no AppImage), as electron-builder's
  // own deb target writes it.
  await writeFile(inRoot(`${INSTALL_DIR}/resources/package-type`), 'deb');
  await mkdir(inRoot('/usr/bin'), { recursive: true });
  await symlink(`${INSTALL_DIR}/coffee-kiosk`, inRoot('/usr/bin/coffee-kiosk'));
  await mkdir(inRoot('/usr/lib/udev/rules.d'), { recursive: true });
  await copyFile(join(root, 'build/udev/70-coffee-kiosk-readers.rules'), inRoot(UDEV_RULES_PATH));
  await mkdir(inRoot('/usr/lib/systemd/system'), { recursive: true });
  await copyFile(join(root, 'build/deb/coffee-kiosk.service'), inRoot(UNIT_PATH));
  for (const unit of UPDATE_UNIT_PATHS) {
    await copyFile(join(root, 'build/deb', basename(unit)), inRoot(unit));
  }
  await mkdir(inRoot(dirname(UPDATE_INSTALLER_PATH)), { recursive: true });
  await copyFile(join(root, 'build/deb/install-staged-update'), inRoot(UPDATE_INSTALLER_PATH));
  await chmod(inRoot(UPDATE_INSTALLER_PATH), 0o755);
  if (options.updateKeyPem !== undefined) {
    await mkdir(inRoot(dirname(UPDATE_KEY_PATH)), { recursive: true });
    await writeFile(inRoot(UPDATE_KEY_PATH), options.updateKeyPem);
    await chmod(inRoot(UPDATE_KEY_PATH), 0o644);
  }
  if (options.rollbackFloor !== undefined) {
    await mkdir(inRoot(dirname(ROLLBACK_FLOOR_PATH)), { recursive: true });
    await writeFile(inRoot(ROLLBACK_FLOOR_PATH), `${options.rollbackFloor}\n`);
    await chmod(inRoot(ROLLBACK_FLOOR_PATH), 0o644);
  }

  await mkdir(inRoot('/DEBIAN'), { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) {
    await copyFile(join(root, 'build/deb', script), inRoot(`/DEBIAN/${script}`));
    await chmod(inRoot(`/DEBIAN/${script}`), 0o755);
  }
  const control = [
    `Package: ${PACKAGE_NAME}`,
    `Version: ${options.version}`,
    `Architecture: ${options.arch}`,
    'Maintainer: COFFEE network <kiosk@coffee.invalid>',
    `Installed-Size: ${String(installedSizeKiB(staging))}`,
    `Depends: ${DEPENDS.join(', ')}`,
    'Section: misc',
    'Priority: optional',
    `Description: ${options.description}`,
    ' The COFFEE Kiosk reception app, run full screen under cage on the first virtual',
    ' terminal by the coffee-kiosk service, with access to its USB card readers.',
    '',
  ].join('\n');
  await writeFile(inRoot('/DEBIAN/control'), control);

  const deb = join(outDir, `${PACKAGE_NAME}_${options.version}_${options.arch}.deb`);
  await rm(deb, { force: true });
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', staging, deb], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await rm(staging, { recursive: true, force: true });
  return deb;
}
