import { getAgentLeaderboard, type CallReportQuery } from '@/lib/reports/call-report';
import { formatDuration, formatPercent } from '@/lib/reports/format';

const HEADINGS = ['Agent', 'Calls', 'Calls / hour worked', 'Connect rate', 'Talk time', 'Qualified'];

/** Each agent's calls, pace, connect rate, talk time and qualified leads in the range. */
export async function AgentLeaderboard({ query }: { query: CallReportQuery }) {
  const agents = await getAgentLeaderboard(query);
  return (
    <section aria-labelledby="agents-title" className="mt-6 [contain-intrinsic-size:auto_32rem] [content-visibility:auto]">
      <h2 id="agents-title" className="text-lg font-semibold">Agents</h2>
      {agents.length === 0 ? <p className="mt-2 text-ink-500">No calls in this range.</p> : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="border-b border-slate-200 text-ink-500">
              <tr>{HEADINGS.map((heading, i) => <th key={heading} scope="col" className={`py-2 pr-3 font-medium ${i ? 'text-right' : ''}`}>{heading}</th>)}</tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr key={agent.agentId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-normal">{agent.name}</th>
                  <td className="py-2 pr-3 text-right tabular-nums">{agent.calls.toLocaleString('en')}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{agent.callsPerHour ?? '–'}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatPercent(agent.connectRate)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatDuration(agent.talkSec)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{agent.qualified}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
