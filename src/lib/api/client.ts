import {HTTP, HTTPError} from '@heroku/http-call'
import {STATUS_CODES} from 'node:http'

import {ABANDONED, ApiError, RateLimitReserveError, redact} from '../errors.js'
import {sleep as realSleep} from '../sleep.js'
import {isRetryable, isTransientFailure} from './retry.js'

export type Method = 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT'

export interface ApiRequest {
  body?: unknown
  /** Overrides the client's default headers for this request (e.g. the resolve action's Accept). */
  headers?: Record<string, string>
  method: Method
  path: string
  /** A poll of a wait loop: it gets a read budget of its own instead of spending the command's. */
  poll?: boolean
  /** Abandons the request (and its retries) when aborted: a wait that reached its deadline does not hang on. */
  signal?: AbortSignal
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
  /** The time all of the command's reads may take; shared by the clients of one command. */
  budget?: ReadBudget
  debug?: (line: string) => void
  headers: Record<string, string>
  /** What the answers said of the account's rate limit; shared by the clients of one command. */
  rateLimit?: RateLimitGauge
  retry?: RetryPolicy
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Without a budget: the longest a request may go without an answer. */
  timeoutMs?: number
  token: string
}

/** The default of HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT, in seconds. */
export const DEFAULT_READ_BUDGET_SECONDS = 30

/**
 * How long the reads of one command may take in all, retries and their pauses included
 * (HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT), so that an API that does not answer ends the command in about that.
 * A change (POST, PATCH) is not a read: it gets the whole length for itself.
 */
export class ReadBudget {
  private readonly deadline: number

  constructor(readonly limitMs: number, private readonly now: () => number = Date.now) {
    this.deadline = now() + limitMs
  }

  /** A budget of the same length that starts now (each poll of a wait gets one). */
  fresh(): ReadBudget {
    return new ReadBudget(this.limitMs, this.now)
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.now())
  }
}

/**
 * The account's request budget as the answers report it (`RateLimit-Remaining`, the latest one read). The
 * budget belongs to the token, whichever API host answers. A command that reads many sets a reserve: once
 * the remaining requests fall to it, no new request is started (and so no 429 is retried), leaving the rest
 * of the budget to the account's other users (deploys).
 */
export class RateLimitGauge {
  /** The latest count an answer reported, if one did. */
  remaining?: number
  /** Requests to leave unspent; none: no limit of ours. */
  reserve?: number

  get reserveReached(): boolean {
    return this.reserve !== undefined && this.remaining !== undefined && this.remaining <= this.reserve
  }

  observe(header: string | string[] | undefined): void {
    const value = Array.isArray(header) ? header[0] : header
    if (value === undefined || !/^\s*\d+\s*$/.test(value)) return
    this.remaining = Number(value)
  }
}

/** Frozen: a command that needs another policy (tests: no pauses) passes its own through ClientConfig.retry. */
export const defaultRetryPolicy: Readonly<RetryPolicy> = Object.freeze({attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000})

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
  /** The Next-Range header of a 206 answer: the list goes on. */
  nextRange?: string
  retryAfterMs?: number
  value?: T
}

/** Pages of one list at most: a server that keeps answering Next-Range must not keep the command going. */
const MAX_PAGES = 1000

/** One API host: the only place that sends HTTP, normalizes failures into ApiError and retries reads. */
export class ApiClient {
  /** The `Date` header of the last answer: the server's clock. */
  serverDate: string | undefined
  private readonly config: ClientConfig

  constructor(config: ClientConfig) {
    this.config = config
  }

  /** Sends one request; a GET answered with a list that the API pages (`206` + `Next-Range`) is read whole. */
  async request<T>(request: ApiRequest): Promise<T> {
    const budget = request.poll ? this.config.budget?.fresh() : this.config.budget
    let page = await this.send<T>(request, budget)
    if (page.nextRange === undefined || !Array.isArray(page.value)) return page.value as T
    const items: unknown[] = [...page.value]
    for (let pages = 1; page.nextRange !== undefined; pages++) {
      if (pages >= MAX_PAGES) throw this.invalid(request, `more than ${MAX_PAGES} pages`)
      const range: string = page.nextRange
      page = await this.send<T>({...request, headers: {...request.headers, range}}, budget)
      if (!Array.isArray(page.value)) throw this.invalid(request, 'a page that is not a list')
      if (page.nextRange === range) throw this.invalid(request, `the same Next-Range twice (${range})`)
      items.push(...page.value)
    }

    return items as T
  }

  private budgetMessage(budget: ReadBudget): string {
    return `The command's reads may take ${formatSeconds(budget.limitMs)} in all (HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT).`
  }

  private invalid(request: ApiRequest, what: string): ApiError {
    const {method, path} = request
    return new ApiError({id: 'invalid_response', message: `The API answered ${method} ${path} with ${what}.`, method, path, status: 0})
  }

  /** One request with its retries: each attempt within the budget, and no attempt once the rate-limit reserve is reached. */
  private async send<T>(request: ApiRequest, budget: ReadBudget | undefined): Promise<Attempt<T>> {
    const policy = this.config.retry ?? defaultRetryPolicy
    const retryable = isRetryable(request)
    const attempts = retryable ? Math.max(1, policy.attempts) : 1
    const sleep = this.config.sleep ?? realSleep
    const readBudget = retryable ? budget : undefined
    let last: Attempt<T> = {}
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (request.signal?.aborted) throw last.error ?? this.abandoned(request)
      this.checkReserve(request, last.error)
      if (readBudget && readBudget.remainingMs() <= 0) throw last.error ?? this.outOfTime(request, readBudget)
      const previous = last.error
      last = await this.attempt<T>(request, readBudget, retryable)
      if (!last.error) return last
      // Abandoned in flight: what the caller may want to know is the failure before, if any.
      if (request.signal?.aborted) throw previous ?? this.abandoned(request)
      if (!isTransientFailure(last.error) || attempt === attempts) break
      // A retry is a new request: none once the reserve is reached.
      this.checkReserve(request, last.error)
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() / 4)
      // Never sooner than the server asked; a longer pause than we accept is no retry at all.
      const delay = last.retryAfterMs ?? backoff
      if (last.retryAfterMs !== undefined && last.retryAfterMs > policy.maxDelayMs) {
        this.debug(`not retrying ${request.method} ${request.path}: the API asks to wait ${Math.round(delay)} ms (Retry-After), more than ${policy.maxDelayMs} ms`)
        break
      }

      if (readBudget && delay >= readBudget.remainingMs()) {
        this.debug(`not retrying ${request.method} ${request.path}: the pause of ${Math.round(delay)} ms would end after the read budget`)
        break
      }

      this.debug(`retrying ${request.method} ${request.path} in ${Math.round(delay)} ms (attempt ${attempt + 1} of ${attempts})`)
      await sleep(delay, request.signal)
    }

    throw last.error
  }

  private abandoned(request: ApiRequest): ApiError {
    const {method, path} = request
    return new ApiError({id: ABANDONED, message: `${method} ${path} was abandoned before an answer.`, method, path, status: 0})
  }

  private checkReserve(request: ApiRequest, previous?: ApiError): void {
    const gauge = this.config.rateLimit
    if (!gauge?.reserveReached) return
    const remaining = gauge.remaining ?? 0
    const why = `the API rate limit has ${remaining} requests left, at or below the reserve of ${gauge.reserve} kept for the account's other uses`
    throw new RateLimitReserveError({
      message: `Not sent: ${request.method} ${request.path}: ${why}${previous ? ` (last answer: ${previous.message})` : ''}.`,
      remaining,
      reserve: gauge.reserve ?? 0,
    })
  }

  private outOfTime(request: ApiRequest, budget: ReadBudget): ApiError {
    const {method, path} = request
    return new ApiError({id: 'network_error', message: `Not sent: ${method} ${path}: no time left for reads. ${this.budgetMessage(budget)}`, method, path, status: 0})
  }

  private async attempt<T>(request: ApiRequest, budget: ReadBudget | undefined, retryable: boolean): Promise<Attempt<T>> {
    const url = `${this.config.baseUrl}${request.path}`
    const started = Date.now()
    const limitMs = budget ? budget.remainingMs() : (this.config.budget?.limitMs ?? this.config.timeoutMs ?? DEFAULT_READ_BUDGET_SECONDS * 1000)
    this.debug(`→ ${request.method} ${url}`)
    const http = new SingleAttemptHTTP<T>(url, {
      body: request.body as never,
      headers: {
        ...this.config.headers,
        authorization: `Bearer ${this.config.token}`,
        ...request.headers,
      },
      method: request.method,
      // Pages are followed here, each one a request of its own (retried, counted, within the budget).
      partial: true,
      timeout: 0,
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      http.request?.destroy(new Error('Request timed out'))
    }, limitMs)
    const abandon = () => http.request?.destroy(new Error('Request abandoned'))
    request.signal?.addEventListener('abort', abandon, {once: true})
    try {
      await http._request()
      this.config.rateLimit?.observe(http.headers['ratelimit-remaining'])
      const {date} = http.headers
      if (typeof date === 'string') this.serverDate = date
      this.debug(`← ${http.statusCode} ${request.method} ${url} (${Date.now() - started} ms)`)
      const next = http.headers['next-range']
      const nextRange = http.statusCode === 206 ? (Array.isArray(next) ? next[0] : next) || undefined : undefined
      return {nextRange, value: http.body}
    } catch (error) {
      if (error instanceof HTTPError) this.config.rateLimit?.observe(error.http.headers['ratelimit-remaining'])
      let failure = this.toApiError(error, request, retryable)
      if (timedOut && budget && this.config.budget) {
        const {id, message, method, path, status} = failure
        failure = new ApiError({id, message: `${message} ${this.budgetMessage(budget)}`, method, path, status})
      }

      this.debug(`← ${failure.status || 'no answer'} ${request.method} ${url} (${Date.now() - started} ms): ${failure.message}`)
      return {error: failure, retryAfterMs: retryAfter(error)}
    } finally {
      clearTimeout(timer)
      request.signal?.removeEventListener('abort', abandon)
    }
  }

  private debug(line: string): void {
    this.config.debug?.(redact(line, [this.config.token]))
  }

  private toApiError(error: unknown, request: ApiRequest, retryable: boolean): ApiError {
    const {method, path} = request
    const secrets = [this.config.token]
    const where = `${method} ${path}`
    // A change that failed on the server side or in transit may still have been applied.
    const hint = retryable ? '' : ' It was sent once and not retried: check whether it took effect before trying again.'
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

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 1 ? 2 : 1)} s`
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
