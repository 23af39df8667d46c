/**
 * Database commands that work offline (the Prisma CLI needs a native engine
 * it cannot download here):
 *   db:migrate              apply pending migrations
 *   db:migration -- <name>  create a migration from schema changes
 *   db:seed [-- --scale small|large]
 *   db:reset                drop everything, migrate, seed
 * DATABASE_URL picks PostgreSQL; without it the embedded PGlite is used.
 */
import { parseArgs } from 'node:util';
import { targetFromEnv } from '../lib/platform/db/adapter';
import { applyMigrations, diffMigrationsToSchema, writeMigration } from '../lib/platform/db/migrate';
import { EnvError, parseEnv } from '../lib/platform/env';
import { SCALES, seed, type Scale } from '../prisma/seed';
import { dropSchema, openDatabase } from './database';

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { scale: { type: 'string', default: 'small' } },
  });
  const scale = values.scale as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const target = targetFromEnv(parseEnv(process.env));

  if (command === 'migration') {
    const name = positionals[0];
    if (!name) throw new Error('name the migration: npm run db:migration -- add_lead_tags');
    // The migrations folder is replayed on a throwaway PGlite: no server needed.
    const sql = await diffMigrationsToSchema(
      await import('../lib/platform/db/adapter').then((m) => m.createAdapterFactory({ kind: 'pglite', dataDir: 'memory://' })),
    );
    if (!sql) return console.log('The schema matches the migrations: nothing to create.');
    console.log(`Created ${await writeMigration(name, sql)}`);
    return;
  }

  const db = await openDatabase(target);
  console.log(`Using ${db.label}`);
  try {
    if (command === 'reset') {
      await dropSchema(db.sql);
      console.log('Dropped all tables.');
    }
    if (command === 'migrate' || command === 'reset') {
      const applied = await applyMigrations(db.factory);
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Migrations are up to date.');
    }
    if (command === 'seed' || command === 'reset') {
      const result = await seed(db.sql, { scale, log: (m) => console.log(`  ${m}`) });
      console.log(
        `Seeded ${scale}: ${result.leads} leads, ${result.calls} calls, ${result.vitals} vital samples in ${result.seconds.toFixed(1)} s`,
      );
    }
    if (!['migrate', 'seed', 'reset'].includes(command)) throw new Error(`unknown command "${command}" (migrate, migration, seed, reset)`);
  } finally {
    await db.close();
  }
}

main().catch((error: Error) => {
  console.error(error instanceof EnvError ? error.message : `db: ${error.message}`);
  process.exit(1);
});
