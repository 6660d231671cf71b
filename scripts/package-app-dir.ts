// Makes dist/app, the folder electron-builder packs into the kiosk's app.asar (its "app directory"
// in electron-builder's two-package.json structure): the built shell (dist/main, dist/preload,
// dist/renderer), a package.json of its own that names only the main process's native runtime
// dependencies, and those dependencies' node_modules. Everything else main needs is bundled into
// dist/main/index.js by scripts/build-electron.mjs; the renderer's libraries are bundled by Vite.
// The hub's dependencies (fastify, pg, better-sqlite3, …) share the root package.json and never
// reach the app. See docs/decisions/0039-kiosk-packages.md.
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The modules dist/main/index.js loads at run time besides `electron` (esbuild's externals). */
export const NATIVE_RUNTIME_MODULES = ['serialport', 'node-hid'] as const;

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Where Node would resolve `name` from the package folder `from` (its node_modules lookup). */
async function resolvePackageDir(root: string, from: string, name: string): Promise<string | null> {
  for (let dir = from; dir.startsWith(root); dir = dirname(dir)) {
    if (basename(dir) === 'node_modules') continue;
    const candidate = join(dir, 'node_modules', name);
    if (await exists(join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return null;
}

/**
 * The installed package folders (relative to root) that `names` need at run time: the packages
 * themselves and their dependencies and installed optional dependencies, transitively.
 */
export async function runtimeClosure(root: string, names: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const queue: { from: string; name: string; optional: boolean }[] = names.map((name) => ({
    from: root,
    name,
    optional: false,
  }));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const dir = await resolvePackageDir(root, next.from, next.name);
    if (dir === null) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by the kiosk app) is not installed: run npm ci`);
    }
    const relative = dir.slice(root.length + 1);
    if (found.has(relative)) continue;
    found.add(relative);
    const manifest = await readManifest(dir);
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      queue.push({ from: dir, name, optional: false });
    }
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
      queue.push({ from: dir, name, optional: true });
    }
  }
  return [...found].sort();
}

/** Builds `<root>/dist/app` from an existing build (`npm run build`); returns its path. */
export async function makeAppDir(root: string, version?: string): Promise<string> {
  for (const built of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) {
    if (!(await exists(join(root, 'dist', built)))) {
      throw new Error(`dist/${built} is missing: run npm run build first`);
    }
  }
  const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Manifest & {
    readonly productName: string;
    readonly description: string;
    readonly license: string;
    readonly main: string;
  };
  const app = join(root, 'dist', 'app');
  await rm(app, { recursive: true, force: true });
  await mkdir(app, { recursive: true });
  for (const part of ['main', 'preload', 'renderer']) {
    await cp(join(root, 'dist', part), join(app, 'dist', part), { recursive: true });
  }
  const dependencies: Record<string, string> = {};
  for (const name of NATIVE_RUNTIME_MODULES) {
    dependencies[name] = (await readManifest(join(root, 'node_modules', name))).version;
  }
  const manifest = {
    name: project.name,
    productName: project.productName,
    version: version ?? project.version,
    description: project.description,
    license: project.license,
    author: 'COFFEE network',
    type: 'module',
    main: project.main,
    dependencies,
  };
  await writeFile(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const relative of await runtimeClosure(root, NATIVE_RUNTIME_MODULES)) {
    await cp(join(root, relative), join(app, relative), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  return app;
}
