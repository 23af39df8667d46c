/**
 * A lead's change history: every lead_changes row of the lead (edits, creation, recycling, bulk
 * reassignments and priorities, do-not-call) with who made it and when, newest first. Scoped like the
 * lead itself: a viewer who may not see the lead gets a 404, never its values. Owners are shown by name
 * and phones in international format, resolved here so the page needs no lookups.
 */
import 'server-only';
import { sql } from 'kysely';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags } from '../platform/cache';
import { db } from '../platform/db/client';
import { inScope, leadScope } from './scope';
import { phoneDisplay } from './phone-display';

export interface LeadHistoryEntry {
  eventId: string;
  action: string;
  at: string;
  actorName: string;
  actorRole: string;
  changes: { field: string; from: string | null; to: string | null }[];
}

const HISTORY_LIMIT = 100;

function shown(field: string, value: string | null, owner: string | null): string | null {
  if (value === null) return null;
  if (field === 'owner') return owner ?? 'a former user';
  if (field === 'phone') return phoneDisplay(value);
  return value;
}

const loadHistory = cached(
  'leads.history',
  async (leadId: string): Promise<LeadHistoryEntry[]> => {
    // The lead's latest field changes first (by its lead_id index), then their events and the names they show.
    const rows = await db.$kysely
      .selectFrom((q) =>
        q
          .selectFrom('lead_changes as lc')
          .innerJoin('audit_events as ev', 'ev.id', 'lc.event_id')
          .selectAll('lc')
          .where('lc.lead_id', '=', leadId)
          .orderBy('ev.created_at', 'desc')
          .orderBy('lc.event_id')
          .orderBy('lc.field')
          .limit(HISTORY_LIMIT)
          .as('c'),
      )
      .innerJoin('audit_events as e', 'e.id', 'c.event_id')
      .innerJoin('users as a', 'a.id', 'e.actor_id')
      .leftJoin('users as fo', (join) => join.on('c.field', '=', sql.lit('owner')).on(sql`fo.id::text`, '=', sql.ref('c.from_value')))
      .leftJoin('users as tow', (join) => join.on('c.field', '=', sql.lit('owner')).on(sql`tow.id::text`, '=', sql.ref('c.to_value')))
      .select([
        'c.event_id',
        'e.action',
        'e.created_at',
        'a.name as actor_name',
        'a.role as actor_role',
        'c.field',
        'c.from_value',
        'c.to_value',
        'fo.name as from_owner',
        'tow.name as to_owner',
      ])
      .orderBy('e.created_at', 'desc')
      .orderBy('c.event_id')
      .orderBy('c.field')
      .execute();
    const events = new Map<string, LeadHistoryEntry>();
    for (const row of rows) {
      let event = events.get(row.event_id);
      if (!event) {
        event = {
          eventId: row.event_id,
          action: row.action,
          at: row.created_at.toISOString(),
          actorName: row.actor_name,
          actorRole: row.actor_role,
          changes: [],
        };
        events.set(row.event_id, event);
      }
      event.changes.push({
        field: row.field,
        from: shown(row.field, row.from_value, row.from_owner),
        to: shown(row.field, row.to_value, row.to_owner),
      });
    }
    return [...events.values()];
  },
  // Every write to a lead invalidates its tag (edits, calls) or every lead's (bulk changes, imports).
  { tags: (leadId) => [cacheTags.lead(leadId), cacheTags.allLeads], revalidate: 300 },
);

/** The latest changes of one lead (at most 100 field changes, grouped by event), or 404 when it is not the viewer's to see. */
export async function leadHistory(viewer: Viewer, leadId: string): Promise<LeadHistoryEntry[]> {
  const lead = await db.lead.findUnique({ where: { id: leadId }, select: { ownerId: true } });
  if (!lead || !inScope(await leadScope(viewer), lead.ownerId)) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  return loadHistory(leadId);
}
