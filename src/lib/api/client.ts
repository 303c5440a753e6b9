import {HTTP, HTTPError} from '@heroku/http-call'
import {STATUS_CODES} from 'node:http'

import {ApiError, redact} from '../errors.js'

export type Method = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT'

export interface ApiRequest {
  body?: unknown
  /** Overrides the client's default headers for this request (e.g. the resolve action's Accept). */
  headers?: Record<string, string>
  method: Method
  path: string
  /**
   * Whether a transient failure may be retried. Defaults to true for GET only. A request that changes
   * something is sent at most once, whatever happens to the connection.
   */
  retry?: boolean
}

export interface RetryPolicy {
  /** Total attempts for a retryable request, first one included. */
  attempts: number
  baseDelayMs: number
  /** Longest pause we accept from a Retry-After header. */
  maxDelayMs: number
}

export interface ClientConfig {
  baseUrl: string
  debug?: (line: string) => void
  headers: Record<string, string>
  retry?: RetryPolicy
  sleep?: (ms: number) => Promise<void>
  timeoutMs?: number
  token: string
}

export const defaultRetryPolicy: RetryPolicy = {attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000}

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504])

/**
 * http-call retries any method up to five times on a dropped connection, which could send a maintenance
 * run twice; and its debug output prints response bodies, which could echo a token. Retries and debug
 * output are decided by ApiClient alone.
 */
class SingleAttemptHTTP<T> extends HTTP<T> {
  override async _maybeRetry(error: Error): Promise<void> {
    throw error
  }
}

Object.assign(SingleAttemptHTTP.prototype, {
  _debugRequest() {},
  _debugResponse() {},
})

interface Attempt<T> {
  error?: ApiError
  retryAfterMs?: number
  value?: T
}

const realSleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

/** One API host: the only place that sends HTTP, normalizes failures into ApiError and retries reads. */
export class ApiClient {
  /** The `Date` header of the last answer: the server's clock. */
  serverDate: string | undefined
  private readonly config: ClientConfig

  constructor(config: ClientConfig) {
    this.config = config
  }

  get baseUrl(): string {
    return this.config.baseUrl
  }

  async request<T>(request: ApiRequest): Promise<T> {
    const policy = this.config.retry ?? defaultRetryPolicy
    const retryable = request.retry ?? request.method === 'GET'
    const attempts = retryable ? Math.max(1, policy.attempts) : 1
    const sleep = this.config.sleep ?? realSleep
    let last: Attempt<T> = {}
    for (let attempt = 1; attempt <= attempts; attempt++) {
      last = await this.attempt<T>(request)
      if (!last.error) return last.value as T
      const transient = last.error.status === 0 || TRANSIENT_STATUSES.has(last.error.status)
      if (!transient || attempt === attempts) break
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() / 4)
      const delay = Math.min(last.retryAfterMs ?? backoff, policy.maxDelayMs)
      this.debug(`retrying ${request.method} ${request.path} in ${Math.round(delay)} ms (attempt ${attempt + 1} of ${attempts})`)
      await sleep(delay)
    }

    throw last.error
  }

  private async attempt<T>(request: ApiRequest): Promise<Attempt<T>> {
    const url = `${this.config.baseUrl}${request.path}`
    const started = Date.now()
    this.debug(`→ ${request.method} ${url}`)
    try {
      const response = await SingleAttemptHTTP.request<T>(url, {
        body: request.body as never,
        headers: {
          ...this.config.headers,
          authorization: `Bearer ${this.config.token}`,
          ...request.headers,
        },
        method: request.method,
        timeout: this.config.timeoutMs ?? 30_000,
      })
      this.debug(`← ${response.statusCode} ${request.method} ${url} (${Date.now() - started} ms)`)
      if (typeof response.headers.date === 'string') this.serverDate = response.headers.date
      return {value: response.body}
    } catch (error) {
      const failure = this.toApiError(error, request)
      this.debug(`← ${failure.status || 'no answer'} ${request.method} ${url} (${Date.now() - started} ms): ${failure.message}`)
      return {error: failure, retryAfterMs: retryAfter(error)}
    }
  }

  private debug(line: string): void {
    this.config.debug?.(redact(line, [this.config.token]))
  }

  private toApiError(error: unknown, request: ApiRequest): ApiError {
    const {method, path} = request
    const secrets = [this.config.token]
    const where = `${method} ${path}`
    const retried = request.retry ?? method === 'GET'
    // A change that failed on the server side or in transit may still have been applied.
    const hint = retried ? '' : ' It was sent once and not retried: check whether it took effect before trying again.'
    if (error instanceof HTTPError) {
      const status = error.statusCode
      const body = error.body as unknown
      const statusText = `${status} ${STATUS_CODES[status] ?? ''}`.trim()
      const {id, message} = (body && typeof body === 'object' ? body : {}) as {id?: unknown; message?: unknown}
      const apiId = typeof id === 'string' && id ? id : `http_${status}`
      // A blank message would print as `Error:  (404 Not Found)`.
      const serverHint = status >= 500 && hint ? `.${hint}` : ''
      if (typeof message === 'string' && message.trim()) {
        return new ApiError({id: apiId, message: redact(`${message.trim()} (${statusText})${serverHint}`, secrets), method, path, status})
      }

      return new ApiError({id: apiId, message: `The API answered ${where} with ${statusText} and no error message${serverHint || '.'}`, method, path, status})
    }

    if (error instanceof SyntaxError) {
      return new ApiError({id: 'invalid_response', message: `The API answered ${where} with malformed JSON.`, method, path, status: 0})
    }

    const code = (error as {code?: string})?.code
    const reason = code ?? (error instanceof Error ? error.message : String(error))
    const {host} = new URL(this.config.baseUrl)
    return new ApiError({
      id: 'network_error',
      message: redact(`No answer from ${host} for ${where} (${reason}).${hint}`, secrets),
      method,
      path,
      status: 0,
    })
  }
}

function retryAfter(error: unknown): number | undefined {
  if (!(error instanceof HTTPError)) return undefined
  const header = error.http.headers['retry-after']
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/** Checks that a successful answer has the shape a caller needs, so a broken server is an ApiError, not a crash. */
export function expectObject<T>(value: unknown, request: {method: Method; path: string}, check: (v: Record<string, unknown>) => boolean): T {
  if (value && typeof value === 'object' && !Array.isArray(value) && check(value as Record<string, unknown>)) return value as T
  throw new ApiError({
    id: 'invalid_response',
    message: `The API answered ${request.method} ${request.path} with ${value === '' || value === undefined ? 'an empty body' : 'an unexpected body'}.`,
    method: request.method,
    path: request.path,
    status: 0,
  })
}
