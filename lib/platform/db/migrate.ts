/**
 * Migrations through Prisma's WebAssembly schema engine, because the Prisma
 * CLI downloads a native engine at start and this machine cannot reach its
 * host. The engine writes the standard `_prisma_migrations` table, so
 * `prisma migrate deploy` stays compatible wherever the CLI works.
 * Operator-side only (scripts/): the app never loads the engine.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { MIGRATIONS_DIR, loadMigrations } from './migration-files';

export const SCHEMA_PATH = path.resolve('prisma/schema.prisma');
const noFilters = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import('@prisma/schema-engine-wasm');
let engineModule: Promise<EngineModule> | undefined;

/**
 * The package is built for bundlers (`import * as wasm from '*.wasm'`), which
 * Node cannot load, so instantiate the WebAssembly module by hand.
 */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

async function withEngine<T>(factory: SqlMigrationAwareDriverAdapterFactory, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const logs: string[] = [];
  const { SchemaEngine } = await loadEngineModule();
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await run(engine);
  } catch (error) {
    throw new Error(`schema engine: ${describeEngineError(error)}`, { cause: error });
  } finally {
    engine.free();
  }
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error && 'message' in error) return String(error.message);
  return String(error);
}

/** Applies pending migrations; returns the names just applied. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await loadMigrations();
  const result = await withEngine(factory, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters }));
  return result.appliedMigrationNames;
}

/**
 * SQL that takes the migrations folder to the current schema, computed by
 * replaying the folder on a shadow database (the factory's). Empty when the
 * schema has no changes.
 */
export async function diffMigrationsToSchema(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const migrationsList = await loadMigrations();
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const result = await withEngine(factory, (engine) =>
    engine.diff({
      from: migrationsList.migrationDirectories.length ? { tag: 'migrations', ...migrationsList } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    }),
  );
  return withoutKnownExtensions((result.stdout ?? '').trim(), migrationsList);
}

/**
 * The engine does not see extensions created on a PGlite shadow database and
 * re-emits `CREATE EXTENSION IF NOT EXISTS`; drop those an earlier migration
 * already creates, so an unchanged schema diffs to nothing.
 */
function withoutKnownExtensions(sql: string, list: MigrationList): string {
  const earlier = list.migrationDirectories
    .map((d) => (d.migrationFile.content.tag === 'ok' ? d.migrationFile.content.value : ''))
    .join('\n');
  const cleaned = sql
    .replace(/(?:-- CreateExtension\n)?(CREATE EXTENSION IF NOT EXISTS "[^"]+";)\n?/g, (block, statement: string) =>
      earlier.includes(statement) ? '' : block,
    )
    .trim();
  return /^(-- This is an empty migration\.?)?$/.test(cleaned) ? '' : cleaned;
}

/** Writes `<timestamp>_<name>/migration.sql` in Prisma's folder format. */
export async function writeMigration(name: string, sql: string, now = new Date()): Promise<string> {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (!slug) throw new Error('give the migration a name, e.g. npm run db:migration -- add_lead_tags');
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = path.join(MIGRATIONS_DIR, `${stamp}_${slug}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), `${sql}\n`);
  const lock = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  await readFile(lock).catch(() =>
    writeFile(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    ),
  );
  return folder;
}
