/** A widget's place while its figures load: the widget's own size, so nothing moves when it arrives. */
export function ReportSkeleton({ className, label }: { className: string; label: string }) {
  return <div className={`animate-pulse rounded-lg bg-slate-100 ${className}`} role="status" aria-label={`Loading ${label.toLowerCase()}`} />;
}
