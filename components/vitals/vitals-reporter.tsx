'use client';

import { useEffect } from 'react';

const SAMPLE_RATE = Number(process.env.NEXT_PUBLIC_VITALS_SAMPLE_RATE ?? 1);

/** Starts the field reporter once the page has loaded; its code is not part of any page's first load. Renders nothing. */
export function VitalsReporter() {
  useEffect(() => {
    const start = () =>
      void import('@/lib/vitals/browser/reporter').then(({ startReporting }) => startReporting(SAMPLE_RATE)).catch(() => {});
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  }, []);
  return null;
}
