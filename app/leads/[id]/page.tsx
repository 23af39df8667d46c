import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CallHistory } from '@/components/leads/call-history';
import { CallLogger } from '@/components/leads/call-logger';
import { LeadEditor } from '@/components/leads/lead-editor';
import { LeadHistory } from '@/components/leads/lead-history';
import { WorkflowEnd } from '@/components/leads/workflow-end';
import { RememberLead } from '@/components/offline/remember-lead';
import { AppHeader } from '@/components/ui/app-header';
import { ApiError } from '@/lib/platform/http/errors';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getLeadDetail, getLeadQueue } from '@/lib/leads/reads';
import { localTime } from '@/lib/leads/calling-hours';
import { leadHistory } from '@/lib/leads/history';
import { reserveLead } from '@/lib/leads/reserve-lead';
import { LeadId } from '@/lib/leads/lead-schema';

export const metadata: Metadata = { title: 'Lead' };

const STATUS: Record<string, string> = {
  NEW: 'New',
  CONTACTED: 'Contacted',
  CALLBACK: 'Callback',
  QUALIFIED: 'Qualified',
  NOT_INTERESTED: 'Not interested',
  DO_NOT_CALL: 'Do not call',
  WRONG_NUMBER: 'Wrong number',
  ATTEMPTS_USED_UP: 'Attempts used up',
  CLOSED: 'Closed',
};

/**
 * A lead's calling screen. In neither route group: agents reach it from the queue and managers from the
 * lead table, and it has a header of its own (the agent header with a way back to the queue).
 */
export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(['AGENT', 'MANAGER', 'ADMIN'], `/leads/${id}`);
  if (!LeadId.safeParse({ id }).success) notFound();
  const lead = await getLeadDetail(viewer, id).catch((error) => {
    if (error instanceof ApiError && error.code === 'not_found') notFound();
    throw error;
  });
  const [reservedUntil, queue, history] = await Promise.all([
    viewer.role === 'AGENT' ? reserveLead(viewer, lead.id) : Promise.resolve(null),
    getLeadQueue(viewer, { limit: 2 }),
    leadHistory(viewer, lead.id),
  ]);
  const next = queue.items.find((item) => item.id !== lead.id);
  const heldByOther = viewer.role === 'AGENT' && !reservedUntil;
  const callable = lead.status !== 'DO_NOT_CALL' && !heldByOther;

  return (
    <>
      <AppHeader name={viewer.name}>
        <Link href="/queue" className="flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-brand-50">
          Queue
        </Link>
      </AppHeader>
      <WorkflowEnd name="time-to-next-lead" />
      <main className="mx-auto max-w-3xl space-y-6 px-3 py-4">
        <section aria-labelledby="lead-name" className="rounded-lg border border-slate-200 p-4">
          <h1 id="lead-name" className="text-2xl font-bold">
            {lead.firstName} {lead.lastName}
          </h1>
          {lead.company ? <p className="text-ink-700">{lead.company}</p> : null}
          <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
            <div>
              <dt className="text-ink-500">Status</dt>
              <dd className="font-medium">{STATUS[lead.status] ?? lead.status}</dd>
            </div>
            <div>
              <dt className="text-ink-500">Score · priority</dt>
              <dd className="font-medium">
                {lead.score} · P{lead.priority}
              </dd>
            </div>
            <div>
              <dt className="text-ink-500">Their local time</dt>
              <dd className="font-medium">
                {localTime(lead.timezone)} {lead.inCallingHours ? '' : '(outside calling hours)'}
                <span className="block text-xs font-normal text-ink-500">{lead.timezone}</span>
              </dd>
            </div>
            <div>
              <dt className="text-ink-500">Next call</dt>
              <dd className="font-medium">
                {lead.nextCallAt
                  ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: viewer.timezone }).format(
                      new Date(lead.nextCallAt),
                    )
                  : '—'}
                {lead.due ? ' (due)' : ''}
              </dd>
            </div>
            <div className="col-span-2">
              <dt className="text-ink-500">Phone</dt>
              <dd>
                <a href={`tel:${lead.phone}`} className="font-medium text-brand-700">
                  {lead.phoneDisplay}
                </a>
              </dd>
            </div>
            {lead.email ? (
              <div className="col-span-2">
                <dt className="text-ink-500">Email</dt>
                <dd className="font-medium break-all">{lead.email}</dd>
              </div>
            ) : null}
            {lead.notes ? (
              <div className="col-span-2">
                <dt className="text-ink-500">Notes</dt>
                <dd>{lead.notes}</dd>
              </div>
            ) : null}
          </dl>
        </section>
        {callable ? (
          <CallLogger
            key={lead.id}
            leadId={lead.id}
            leadName={`${lead.firstName} ${lead.lastName}`}
            phone={lead.phone}
            displayPhone={lead.phoneDisplay}
            nextHref={next ? `/leads/${next.id}` : '/queue'}
          />
        ) : (
          <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {lead.status === 'DO_NOT_CALL'
              ? 'This lead is do-not-call. It stays out of every queue.'
              : 'Someone else is working this lead right now; it is skipped in your queue until they finish.'}
          </p>
        )}
        {/* Only what the form edits crosses to the client (not the call history). */}
        <LeadEditor
          lead={{
            id: lead.id,
            firstName: lead.firstName,
            lastName: lead.lastName,
            company: lead.company,
            phoneDisplay: lead.phoneDisplay,
            email: lead.email,
            timezone: lead.timezone,
            notes: lead.notes,
            status: lead.status,
            priority: lead.priority,
          }}
          canManage={viewer.role !== 'AGENT'}
        />
        <CallHistory calls={lead.calls} timezone={viewer.timezone} />
        <LeadHistory entries={history} timezone={viewer.timezone} />
        <RememberLead lead={{ ...lead, calls: lead.calls.slice(0, 20) }} nextId={next?.id ?? null} />
      </main>
    </>
  );
}
