'use server';

import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireViewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import { checkWebhookUrl } from './webhook-address';

const RuleEdit = z
  .object({
    id: z.uuid('unknown rule'),
    warning: z.coerce.number('warning must be a number').finite().min(0, 'warning cannot be negative'),
    critical: z.coerce.number('critical must be a number').finite().min(0, 'critical cannot be negative'),
    minSamples: z.coerce.number().int('minimum samples must be a whole number').min(1, 'minimum samples must be at least 1').max(1_000_000),
    consecutiveBreaches: z.coerce
      .number()
      .int('breaches must be a whole number')
      .min(1, 'breaches must be at least 1')
      .max(60, 'at most 60 windows in a row'),
    windowMinutes: z.coerce
      .number()
      .int('the window must be whole minutes')
      .min(1, 'the window is at least 1 minute')
      .max(1440, 'the window is at most a day'),
    webhookUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, message: 'the webhook must be an http(s) URL' })]),
    enabled: z.literal('on').optional(),
  })
  .refine((rule) => rule.warning <= rule.critical, { path: ['critical'], message: 'critical must be at least the warning threshold' });

/** Saves an admin's edit of one alert rule (managers read the rules only); back to the page with what happened. */
export async function updateAlertRule(form: FormData): Promise<void> {
  await requireViewer(['ADMIN'], '/reports/performance');
  const parsed = RuleEdit.safeParse(Object.fromEntries(form));
  const back = new URLSearchParams({ range: String(form.get('range') ?? '24h') });
  const refuse = (message: string): never => {
    back.set('rule', String(form.get('id') ?? ''));
    back.set('error', message);
    redirect(`/reports/performance?${back}#alerts`);
  };
  if (!parsed.success) refuse(parsed.error.issues.map((issue) => issue.message).join('; '));
  if (!parsed.success) return;
  // The address check resolves the host now; delivery checks again at connect time (webhook-address.ts).
  const webhookProblem = parsed.data.webhookUrl ? await checkWebhookUrl(parsed.data.webhookUrl) : null;
  if (webhookProblem) refuse(webhookProblem);
  const { id, webhookUrl, enabled, ...thresholds } = parsed.data;
  const updated = await db.alertRule.updateMany({
    where: { id },
    data: { ...thresholds, webhookUrl: webhookUrl || null, enabled: enabled === 'on' },
  });
  back.set(updated.count ? 'saved' : 'error', updated.count ? id : 'That rule no longer exists.');
  redirect(`/reports/performance?${back}#alerts`);
}

/** Runs the alert evaluation now (it also runs every minute), e.g. right after changing a threshold. */
export async function evaluateAlertsNow(form: FormData): Promise<void> {
  await requireViewer(['MANAGER', 'ADMIN'], '/reports/performance');
  const { evaluateAlerts } = await import('./evaluate');
  const transitions = await evaluateAlerts();
  const back = new URLSearchParams({ range: String(form.get('range') ?? '24h'), evaluated: String(transitions.length) });
  redirect(`/reports/performance?${back}#alerts`);
}
