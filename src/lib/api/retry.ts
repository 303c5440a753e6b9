import type {ApiRequest} from './client.js'

import {ApiError} from '../errors.js'

/** Answers that may be different when asked again: a timeout, the rate limit, and the server errors that pass by nature. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504])

/** Whether an HTTP answer with this status may be different when asked again (the webhook's posts follow it too). */
export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status)
}

/**
 * The one rule for a failure worth asking again, for idempotent reads only (the client's retries and a wait's
 * polls): no answer or an unreadable one (status 0), 408, 429, 500, 502, 503 or 504. Any other answer (a 4xx, or
 * a 5xx such as 501 that says the request itself is the problem) will not change by asking again.
 */
export function isTransientFailure(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 0 || isTransientStatus(error.status))
}

/** Whether a request may be sent again after a transient failure: a GET unless the caller says otherwise; a change never by default. */
export function isRetryable(request: Pick<ApiRequest, 'method' | 'retry'>): boolean {
  return request.retry ?? request.method === 'GET'
}
