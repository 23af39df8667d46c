/** How the server-performance report writes its figures. */

/** 850 → "850 ms", 1234 → "1.23 s"; null → "–". */
export const formatMs = (value: number | null) => (value === null ? '–' : value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`);

/** A share as a percentage, with two decimals below 1 %. */
export const formatRate = (value: number) => `${(value * 100).toFixed(value && value < 0.01 ? 2 : 1)} %`;

/** An alert rule's threshold in its metric's unit: error rates as percentages, CLS bare, the rest in ms. */
export const formatMetric = (metric: string, value: number) =>
  metric.startsWith('errors') ? formatRate(value) : metric.startsWith('CLS') ? value.toFixed(3) : formatMs(value);
