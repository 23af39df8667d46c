/** How the call reports write their figures (server-rendered; shared by the dashboard's widgets). */

/** 0.4213 → "42 %"; null (nothing to divide by) → "–". */
export const formatPercent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);

/** Seconds as "45 s", "3 min 20 s" or "1 h 5 min"; null → "–". */
export const formatDuration = (seconds: number | null) =>
  seconds === null ? '–'
    : seconds < 60 ? `${Math.round(seconds)} s`
      : seconds < 3600 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
        : `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
