/** The embedded database: PGlite in-process, with the contrib extensions the schema uses. */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Opens (creating if needed) an embedded PostgreSQL; `memory://` for a throwaway one. */
export function openPglite(dataDir: string): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { pg_trgm } });
}
