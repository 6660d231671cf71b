// A throwaway Debian root for the package test (build/package.test.ts): made once by mmdebstrap
// (minbase, plus the kiosk package's dependencies) from Debian's archive, kept as a tarball in a
// cache folder keyed by what went into it, and unpacked afresh for each run. The package is then
// installed, upgraded, removed and purged in it with dpkg under chroot, as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DebianRootSpec {
  readonly suite: string;
  readonly mirror: string;
  /** Installed on top of minbase. */
  readonly packages: readonly string[];
  readonly cacheDir: string;
}

const CHROOT_ENV = {
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  DEBIAN_FRONTEND: 'noninteractive',
};

/** The host's Debian suite (bookworm, trixie), or bookworm elsewhere. */
export async function hostDebianSuite(): Promise<string> {
  const release = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(release)?.[1];
  return field('ID') === 'debian' ? (field('VERSION_CODENAME') ?? 'bookworm') : 'bookworm';
}

/**
 * The Debian archive this machine uses (the first `URIs:` or `deb` line of its apt sources that
 * ends in /debian, a mirror or proxy CI may impose), else deb.debian.org.
 */
export async function hostDebianMirror(): Promise<string> {
  const sources = await Promise.all(
    ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'].map((file) =>
      readFile(file, 'utf8').catch(() => ''),
    ),
  );
  for (const text of sources) {
    const uri = /^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+\/debian)\/?(?:\s|$)/m.exec(text)?.[1];
    if (uri !== undefined) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** The cached root tarball for `spec`, made by mmdebstrap when missing; returns its path. */
export async function debianRootTarball(spec: DebianRootSpec): Promise<string> {
  if (process.getuid?.() !== 0) {
    throw new Error('the package test installs into a Debian root with chroot: run it as root');
  }
  const probe = spawnSync('mmdebstrap', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    throw new Error('mmdebstrap is missing: bash scripts/system-deps.sh (as root) installs it');
  }
  const key = createHash('sha256')
    .update(JSON.stringify([spec.suite, spec.mirror, [...spec.packages].sort()]))
    .digest('hex')
    .slice(0, 16);
  const name = `debian-root-${spec.suite}-${key}.tar`;
  const tarball = join(spec.cacheDir, name);
  if (
    await stat(tarball).then(
      () => true,
      () => false,
    )
  ) {
    return tarball;
  }
  await mkdir(spec.cacheDir, { recursive: true });
  // Roots made for an older dependency list are of no more use.
  for (const old of await readdir(spec.cacheDir)) {
    if (old.startsWith('debian-root-') && old !== name)
      await rm(join(spec.cacheDir, old), { force: true });
  }
  const partial = `${tarball}.partial`;
  try {
    execFileSync(
      'mmdebstrap',
      [
        '--variant=minbase',
        '--format=tar',
        '--quiet',
        `--include=${spec.packages.join(',')}`,
        spec.suite,
        partial,
        `deb ${spec.mirror} ${spec.suite} main`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw new Error(`mmdebstrap could not make the Debian root from ${spec.mirror}`, {
      cause: error,
    });
  }
  await rename(partial, tarball);
  return tarball;
}

export interface DebianRoot {
  readonly dir: string;
  /** Runs a command inside the root; throws with its output when it fails. */
  run(command: string, ...args: string[]): string;
  /** Runs a command inside the root; its exit status and output, never throws. */
  attempt(command: string, ...args: string[]): { status: number | null; output: string };
  /** Every path in the root, relative to it, sorted. */
  paths(): string[];
  remove(): Promise<void>;
}

/** Unpacks `tarball` into a new temporary folder. */
export async function openDebianRoot(tarball: string): Promise<DebianRoot> {
  const dir = await mkdtemp(join(tmpdir(), 'coffee-kiosk-root-'));
  try {
    execFileSync('tar', ['-xf', tarball, '-C', dir, '--numeric-owner']);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const attempt = (command: string, ...args: string[]) => {
    const done = spawnSync('chroot', [dir, command, ...args], {
      env: CHROOT_ENV,
      encoding: 'utf8',
    });
    return { status: done.status, output: `${done.stdout}${done.stderr}` };
  };
  return {
    dir,
    attempt,
    run(command, ...args) {
      const done = attempt(command, ...args);
      if (done.status !== 0) {
        throw new Error(
          `${[command, ...args].join(' ')} failed (${String(done.status)}):\n${done.output}`,
        );
      }
      return done.output;
    },
    paths() {
      return execFileSync('find', [dir, '-mindepth', '1', '-printf', '%P\\n'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      })
        .split('\n')
        .filter((line) => line !== '')
        .sort();
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
