'use client';

import { useEffect } from 'react';
import type { LeadItem } from '@/lib/leads/lead-item';
import type { StoredCall } from '@/lib/offline/browser/idb';

interface Props {
  lead: LeadItem & { notes: string | null; calls: StoredCall[] };
  nextId: string | null;
}

/** Keeps the lead just opened (with its call history) on the phone, readable offline. Renders nothing. */
export function RememberLead({ lead, nextId }: Props) {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200));
    idle(() => {
      void import('@/lib/offline/browser/snapshot').then(({ saveLead }) => saveLead({ ...lead, nextId })).catch(() => {});
    });
  }, [lead, nextId]);
  return null;
}
