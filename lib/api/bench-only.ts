/** The bench's yardstick routes exist only when the bench starts the server (BENCH=on): 404 otherwise. */
import { getEnv } from '../env';
import { errorResponse, ApiError } from './errors';

export const benchDisabled = (): Response | null => (getEnv().BENCH === 'on' ? null : errorResponse(new ApiError('not_found', 'No such endpoint.')));
