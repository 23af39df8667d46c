/**
 * The migrations folder (prisma/migrations, Prisma's standard format), read
 * the way the Prisma CLI reads it: folders sorted by name, one migration.sql each.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';

export const MIGRATIONS_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), 'prisma', 'migrations');

export async function migrationNames(dir = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockfile = {
    path: 'migration_lock.toml',
    content: await readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(() => null),
  };
  const migrationDirectories = await Promise.all(
    (await migrationNames(dir)).map(async (name) => {
      const content = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
        .then((value) => ({ tag: 'ok' as const, value }))
        .catch((error: Error) => ({ tag: 'error' as const, value: error.message }));
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return { baseDir: dir, lockfile, shadowDbInitScript: '', migrationDirectories };
}

/** Names of migrations in the folder that the database has not finished applying. */
export async function pendingMigrationNames(appliedNames: string[]): Promise<string[]> {
  const applied = new Set(appliedNames);
  return (await migrationNames()).filter((name) => !applied.has(name));
}
