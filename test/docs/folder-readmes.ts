import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The trees whose every folder has a README.md that names its files and subfolders. */
export const DOCUMENTED_TREES = ['electron', 'renderer/src', 'shared', 'hub'] as const;
/** Top-level folders that have a README of their own (not recursively). */
export const DOCUMENTED_FOLDERS = ['renderer', 'e2e', 'scripts', 'test', 'docs', 'build'] as const;

const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  'dist',
  '.bench',
  'test-results',
  'test-results-console',
  'playwright-report',
]);
/** Source files a README must name; tests and type declarations are described by their folder. */
const SOURCE = /\.(ts|svelte|mjs|cjs)$/;
const NOT_LISTED = /(\.test\.ts|\.d\.ts)$/;
/** A backticked name that claims to be a file or folder of the repository. */
const PATH_LIKE = /^[\w@.-]+(\/[\w@.-]+)*(\/|\.(ts|svelte|mjs|cjs|js|sh|css|html|md|json|yml))$/;
/** Paths a README may name although a clean checkout does not have them (build or run output). */
const RUNTIME = /^(dist|data|node_modules|\.bench|test-results)\//;
/** Run-time files in a user's machine, not in the repository. */
const RUNTIME_FILES = new Set(['kiosk.json', 'credential.json', 'hub.sqlite', 'latest-linux.yml']);

export interface ReadmeProblem {
  readonly folder: string;
  readonly problem: string;
}

function folders(root: string, tree: string): string[] {
  const out = [tree];
  for (const entry of readdirSync(path.join(root, tree), { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) {
      out.push(...folders(root, `${tree}/${entry.name}`));
    }
  }
  return out;
}

/** The backticked names of a README that look like repository paths. */
export function namedPaths(readme: string): string[] {
  return [...readme.matchAll(/`([^`\n]+)`/g)]
    .map((m) => (m[1] ?? '').trim())
    .filter((name) => PATH_LIKE.test(name) && !RUNTIME.test(name) && !RUNTIME_FILES.has(name));
}

/** Whether `name` exists below `folder` (at any depth) or from any folder above it. */
function resolves(root: string, folder: string, name: string): boolean {
  for (let dir = folder; ; dir = path.posix.dirname(dir)) {
    if (existsSync(path.join(root, dir, name))) return true;
    if (dir === '.' || dir === '') break;
  }
  return folders(root, folder).some((dir) => existsSync(path.join(root, dir, name)));
}

function checkFolder(root: string, folder: string, listsFiles: boolean): ReadmeProblem[] {
  const readmePath = path.join(root, folder, 'README.md');
  if (!existsSync(readmePath)) return [{ folder, problem: 'has no README.md' }];
  const readme = readFileSync(readmePath, 'utf8');
  const problems: ReadmeProblem[] = [];
  for (const name of namedPaths(readme)) {
    if (!resolves(root, folder, name))
      problems.push({ folder, problem: `names \`${name}\`, which does not exist` });
  }
  if (!listsFiles) return problems;
  for (const entry of readdirSync(path.join(root, folder))) {
    if (SKIP_DIRS.has(entry) || entry === 'README.md') continue;
    const isDir = statSync(path.join(root, folder, entry)).isDirectory();
    if (!isDir && (!SOURCE.test(entry) || NOT_LISTED.test(entry))) continue;
    const shown = isDir
      ? new RegExp(`\`(\\S*/)?${entry}/`)
      : new RegExp(`\`(\\S*/)?${entry.replace(/\./g, '\\.')}\``);
    if (!shown.test(readme))
      problems.push({ folder, problem: `does not name ${isDir ? `${entry}/` : entry}` });
  }
  return problems;
}

/**
 * Every problem of the repository's folder READMEs: a folder of a documented tree without a README,
 * a README that names a path that does not exist, or one that does not name a source file or a
 * subfolder of its folder. Empty when the READMEs match the code.
 */
export function folderReadmeProblems(root: string): ReadmeProblem[] {
  const problems: ReadmeProblem[] = [];
  for (const tree of DOCUMENTED_TREES) {
    for (const folder of folders(root, tree)) problems.push(...checkFolder(root, folder, true));
  }
  for (const folder of DOCUMENTED_FOLDERS) problems.push(...checkFolder(root, folder, false));
  problems.push(...checkFolder(root, '.', false).map((p) => ({ ...p, folder: 'README.md (top)' })));
  return problems;
}
