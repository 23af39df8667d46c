import { describe, expect, it } from 'vitest';
import { createAdapterFactory } from '@/lib/platform/db/adapter';
import { applyMigrations, diffMigrationsToSchema } from '@/lib/platform/db/migrate';
import { migrationNames } from '@/lib/platform/db/migration-files';
import { openSqlRunner } from '@/lib/platform/db/sql';

const target = { kind: 'postgres' as const, url: process.env.DATABASE_URL!, poolSize: 2 };

describe('migrations', () => {
  it('are all applied to the fresh test database, and applying again is a no-op', async () => {
    expect(await applyMigrations(createAdapterFactory(target))).toEqual([]);
    const sql = await openSqlRunner(target);
    const rows = await sql.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
    );
    await sql.close();
    expect(rows.map((r) => r.migration_name)).toEqual(await migrationNames());
  });

  it('create every table of the domain', async () => {
    const sql = await openSqlRunner(target);
    const tables = await sql.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    await sql.close();
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining([
        'users',
        'leads',
        'calls',
        'vital_samples',
        'vital_histograms',
        'request_histograms',
        'slow_queries',
        'alert_rules',
        'alert_events',
      ]),
    );
  });

  it('create the indexes later queries rely on', async () => {
    const sql = await openSqlRunner(target);
    const indexes = await sql.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    );
    await sql.close();
    const byName = new Map(indexes.map((i) => [i.indexname, i.indexdef]));
    for (const column of ['first_name', 'last_name', 'company', 'phone', 'email']) {
      expect(byName.get(`leads_${column}_trgm_idx`)).toMatch(new RegExp(`USING gin \\(${column} gin_trgm_ops\\)`));
    }
    // The queue's sort key comes from this index alone (an index-only scan): every column it reads is in it.
    expect(byName.get('leads_queue_idx')).toContain(
      '(owner_id, status, priority, score DESC, last_called_at, next_call_at, timezone, reserved_by_id, reserved_until, id)',
    );
    expect(byName.get('leads_owner_next_call_idx')).toContain('(owner_id, next_call_at)');
    expect(byName.get('calls_client_id_key')).toContain('UNIQUE');
    expect(byName.get('calls_agent_id_started_at_idx')).toContain('(agent_id, started_at)');
    expect(byName.get('calls_lead_id_started_at_idx')).toContain('(lead_id, started_at)');
    expect(byName.get('calls_started_at_idx')).toContain('(started_at)');
  });

  it('match the schema: replaying them on a shadow database leaves nothing to migrate', async () => {
    expect(await diffMigrationsToSchema(createAdapterFactory({ kind: 'pglite', dataDir: 'memory://' }))).toBe('');
  });
});
