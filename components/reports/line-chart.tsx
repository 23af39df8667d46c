const WIDTH = 320;
const HEIGHT = 120;
const PAD = { top: 8, right: 8, bottom: 18, left: 8 };

export interface LineChartProps {
  title: string;
  /** One value per step; null is a gap (no data), never a zero. */
  values: (number | null)[];
  firstLabel: string;
  lastLabel: string;
  /** Dashed reference lines, e.g. thresholds. */
  lines?: { value: number; className: string }[];
  format: (value: number | null) => string;
  /** Shown when no step has a value. */
  empty?: string;
}

/**
 * A line over time as server-rendered SVG, for reports: no chart library
 * reaches the browser. Consecutive values form one line; a null breaks it.
 * The accessible name states the range, lowest, highest and latest values.
 */
export function LineChart({ title, values, firstLabel, lastLabel, lines = [], format, empty = 'not enough data' }: LineChartProps) {
  const known = values.filter((value): value is number => value !== null);
  const yMax = Math.max(...known, ...lines.slice(0, 1).map((line) => line.value), Number.MIN_VALUE) * 1.15;
  const x = (index: number) => PAD.left + (values.length <= 1 ? 0 : (index / (values.length - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (value: number) => PAD.top + (1 - value / yMax) * (HEIGHT - PAD.top - PAD.bottom);

  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));

  const last = [...values].reverse().find((value) => value !== null) ?? null;
  const label = known.length
    ? `${title}, ${firstLabel} to ${lastLabel}: lowest ${format(Math.min(...known))}, highest ${format(Math.max(...known))}, latest ${format(last)}. ${known.length} of ${values.length} points have data.`
    : `${title}: ${empty}.`;

  return (
    <figure className="rounded-lg border border-slate-200 p-3">
      <figcaption className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-ink-900">{title}</span>
        <span className="text-ink-500">{known.length ? `latest ${format(last)}` : empty}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="mt-2 h-auto w-full">
        {lines.filter((line) => line.value < yMax).map((line) => (
          <line key={line.value} x1={PAD.left} x2={WIDTH - PAD.right} y1={y(line.value)} y2={y(line.value)} className={line.className} strokeDasharray="4 3" strokeWidth="1" />
        ))}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="stroke-slate-300" strokeWidth="1" />
        {segments.map((points) =>
          points.includes(' ') ? (
            <polyline key={points} points={points} fill="none" className="stroke-brand-600" strokeWidth="2" strokeLinejoin="round" />
          ) : (
            <circle key={points} cx={points.split(',')[0]} cy={points.split(',')[1]} r="2.5" className="fill-brand-600" />
          ),
        )}
        <text x={PAD.left} y={HEIGHT - 4} className="fill-ink-500 text-[10px]">{firstLabel}</text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end" className="fill-ink-500 text-[10px]">{lastLabel}</text>
      </svg>
    </figure>
  );
}
