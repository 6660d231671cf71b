import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

/**
 * Kysely's runtime values, loaded from its CommonJS build; its types are imported from 'kysely' as
 * usual (`import type`), which costs nothing at run time. Why: the hub runs under tsx (`npm run
 * hub`, every child-process hub in the tests), whose ESM loader hooks handle each imported module
 * in a worker thread, and Kysely's ESM build is 280 modules: importing it added ≈ 0.75 s of CPU to
 * every hub start, through require() ≈ 0.15 s (measured on this machine, `node --import tsx`).
 * Only this file loads Kysely, so there is one copy of its classes.
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql } = kysely;
