/** One fresh, migrated database per test run, dropped at the end. */
import type { TestProject } from 'vitest/node';
import { createAdapterFactory } from '../../lib/platform/db/adapter';
import { applyMigrations } from '../../lib/platform/db/migrate';
import { createTestDatabase, dropTestDatabase } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { name, url } = await createTestDatabase('callpace_test');
  const factory = createAdapterFactory({ kind: 'postgres', url, poolSize: 2 });
  await applyMigrations(factory);
  project.provide('databaseUrl', url);
  return async () => {
    await dropTestDatabase(name);
  };
}
