/**
 * The one error envelope, `{ error: { code, message, details? } }`, and the
 * one place a code maps to its HTTP status.
 */
import { NextResponse } from 'next/server';
import type { ZodError } from 'zod';

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { issues?: FieldIssue[] } & Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return errorStatus[this.code];
  }

  static fromZod(error: ZodError, what = 'request'): ApiError {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
    const first = issues[0];
    return new ApiError('unprocessable_entity', `Invalid ${what}: ${first ? `${first.path} ${first.message}` : 'bad input'}`, { issues });
  }
}

export function errorResponse(error: ApiError, requestId?: string): NextResponse {
  const body = { error: { code: error.code, message: error.message, ...(error.details ?? {}), ...(requestId ? { requestId } : {}) } };
  return NextResponse.json(body, { status: error.status, headers: error.headers });
}
