/** /api/bench/* exist only for `npm run bench` (BENCH=on): elsewhere they are 404. */
import { getEnv } from '../env';
import { ApiError, errorResponse } from './errors';

export const benchDisabled = (): Response | null =>
  getEnv().BENCH === 'on' ? null : errorResponse(new ApiError('not_found', 'There is no such endpoint.'));
