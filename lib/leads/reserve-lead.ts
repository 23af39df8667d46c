/**
 * Reservations keep two people from working one lead: opening a lead holds
 * it for RESERVATION_MINUTES, renewed while the page is open, and other
 * queues skip it until the hold expires by itself (no cleanup job needed).
 */
import type { Viewer } from '../auth/viewer';
import { db } from '../db/client';

export const RESERVATION_MINUTES = 5;

/** Reserves or renews; returns the hold's end, or null when someone else holds the lead. */
export async function reserveLead(viewer: Viewer, leadId: string): Promise<Date | null> {
  const rows = await db.$queryRawUnsafe<{ reserved_until: Date }[]>(
    `UPDATE leads SET reserved_by_id = $2::uuid, reserved_until = now() + make_interval(mins => $3)
      WHERE id = $1::uuid AND (reserved_by_id IS NULL OR reserved_until < now() OR reserved_by_id = $2::uuid)
      RETURNING reserved_until`,
    leadId, viewer.id, RESERVATION_MINUTES,
  );
  return rows[0]?.reserved_until ?? null;
}
