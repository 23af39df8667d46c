/**
 * GET /api/reports/calls's answer: the call report over the viewer's team (or one agent of it), hours
 * and days in the viewer's own time zone.
 */
import 'server-only';
import type { Viewer } from '../platform/auth/viewer';
import { getCallReport } from './call-report';
import { reportAgents } from './report-scope';

export interface TeamCallReportQuery {
  from: Date;
  to: Date;
  agentId?: string;
}

export async function getTeamCallReport(viewer: Pick<Viewer, 'id' | 'role' | 'timezone'>, { from, to, agentId }: TeamCallReportQuery) {
  const agentIds = await reportAgents(viewer, agentId);
  const timeZone = viewer.timezone;
  const report = await getCallReport({ from, to, agentIds, timeZone });
  return { from: from.toISOString(), to: to.toISOString(), timeZone, agentId: agentId ?? null, ...report };
}
