import type {Maintenance} from './types.js'

import {isTransientFailure} from '../api/retry.js'
import {ABANDONED, ApiError, InterruptedError} from '../errors.js'
import {isKnownStatus} from './status.js'

/** Starts a timer that resolves after `ms` unless cancelled: the deadline of a poll still unanswered. */
export type DeadlineTimer = (ms: number) => {cancel(): void; reached: Promise<void>}

/** What a wait takes from the world: the clock, the jitter, its pauses and the real timer that cuts a poll at the deadline. */
export interface WaitRuntime {
  /** A real timer: a poll is cut at the deadline whatever clock the loop reads. */
  deadlineTimer: DeadlineTimer
  now(): number
  random(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const DEFAULT_INTERVAL_MS = 5000
export const MIN_INTERVAL_MS = 1000
/** Polls in a row that may fail transiently (each already retried by ApiClient) before the wait gives up. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 5
/** Jitter of each pause, as a fraction of it: ±10 %. */
const JITTER = 0.1
/** The longest pause after failed polls, unless the interval itself is longer. */
const MAX_BACKOFF_MS = 60_000
/** How long an abandoned poll may take to tell its last failure. */
export const ABANDON_REPORT_MS = 250
/** The last poll starts at the deadline: it gets this long to answer. */
export const LAST_POLL_GRACE_MS = 500

export interface StatusEvent {
  /** Epoch milliseconds of the poll that saw the change. */
  at: number
  elapsedMs: number
  maintenance: Maintenance
  previous?: string
  status: string
}

export interface RetryEvent {
  at: number
  delayMs: number
  elapsedMs: number
  error: ApiError
  /** Failed polls in a row so far, and how many are tolerated. */
  failures: number
  maxFailures: number
}

export interface WaitTiming {
  /** Pause between polls, in milliseconds (before jitter). */
  interval: number
  /** Milliseconds; none waits for as long as it takes. */
  timeout?: number
}

export interface WaitOptions extends WaitTiming {
  deadlineTimer: DeadlineTimer
  /** One poll; the signal aborts when the wait no longer needs its answer (deadline, Ctrl-C). */
  fetch: (signal?: AbortSignal) => Promise<Maintenance>
  maxConsecutiveFailures?: number
  now: () => number
  onRetry?: (event: RetryEvent) => void
  onStatus?: (event: StatusEvent) => void
  random: () => number
  signal?: AbortSignal
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /**
   * True right after this process started the maintenance: a first `completed` is then its success, and
   * `none` means the service does not show it yet. False (wait command): either one means nothing to wait for.
   */
  triggered?: boolean
}

export interface WaitResult {
  elapsedMs: number
  maintenance: Maintenance
  polls: number
  /** False when there was nothing to wait for (no maintenance, or one completed before the wait began). */
  waited: boolean
}

/** What the wait knew when it stopped: the last maintenance read, or else the last failure of a poll. */
export interface WaitKnowledge {
  last?: Maintenance
  lastError?: ApiError
}

/** Why a wait stopped without the maintenance completing (a non-transient API failure is raised as it is). */
export type WaitStop = WaitKnowledge & (
	| {elapsedMs: number; inProgressSeen: boolean; reason: 'unknown_status'; status: string}
	| {elapsedMs: number; reason: 'timed_out'}
	| {error: ApiError; failures: number; reason: 'gave_up'}
	| {previous?: string; reason: 'no_longer_reported'}
	| {reason: 'interrupted'}
)

/** The wait stopped before completion; `stop` says why (the presentation turns it into the user's error). */
export class WaitStopped extends Error {
  constructor(readonly stop: WaitStop) {
    super(`wait stopped: ${stop.reason}`)
  }
}

function jittered(ms: number, random: () => number): number {
  return Math.round(ms * (1 + (random() * 2 - 1) * JITTER))
}

/** Rejects with InterruptedError as soon as the signal aborts, without waiting for the request to settle. */
function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError())
    signal.addEventListener('abort', onAbort, {once: true})
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      error => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Thrown by pollBeforeDeadline when the deadline came first, with the poll's last failure if it had one (a retry was pausing). */
class DeadlineReached {
  constructor(readonly lastError?: ApiError) {}
}

const DEADLINE_MARK = Symbol('deadline')

/** The failure an abandoned poll reports at once (the client tells the one it was retrying), if it does within a moment. */
async function lastFailure(answer: Promise<Maintenance>, deadlineTimer: DeadlineTimer): Promise<ApiError | undefined> {
  const moment = deadlineTimer(ABANDON_REPORT_MS)
  const late: unknown = await Promise.race([answer.then(() => null, (error: unknown) => error), moment.reached])
  moment.cancel()
  return late instanceof ApiError && late.id !== ABANDONED ? late : undefined
}

/**
 * One poll, cut at the deadline (`remainingMs`) or Ctrl-C, even while it waits for an answer or for a
 * retry inside the client: its signal then abandons it, so that nothing keeps the process waiting.
 */
async function pollBeforeDeadline(options: WaitOptions, remainingMs: number | undefined): Promise<Maintenance> {
  const {deadlineTimer, fetch, signal} = options
  const poll = new AbortController()
  const deadline = remainingMs === undefined ? undefined : deadlineTimer(Math.max(LAST_POLL_GRACE_MS, remainingMs))
  try {
    const answer = unlessAborted(fetch(poll.signal), signal)
    if (!deadline) return await answer
    const reached = deadline.reached.then(() => DEADLINE_MARK)
    const first = await Promise.race([answer, reached])
    if (first !== DEADLINE_MARK) return first as Maintenance
    // Abandon the poll, and learn the failure it was retrying, if it says so at once.
    poll.abort()
    throw new DeadlineReached(await lastFailure(answer, deadlineTimer))
  } finally {
    deadline?.cancel()
    poll.abort()
  }
}

/** The state of one wait between polls. */
interface WaitState extends WaitKnowledge {
  failures: number
  inProgressSeen: boolean
  polls: number
  started: number
}

/** What a poll's failure means: a transient one is counted (and returned); anything else stops the wait. */
function countFailure(error: unknown, state: WaitState, options: WaitOptions): void {
  const elapsedMs = options.now() - state.started
  const known = {last: state.last, lastError: state.lastError}
  if (error instanceof DeadlineReached) {
    throw new WaitStopped({...known, elapsedMs: Math.max(options.timeout ?? 0, elapsedMs), lastError: error.lastError ?? state.lastError, reason: 'timed_out'})
  }

  if (error instanceof InterruptedError) throw new WaitStopped({...known, reason: 'interrupted'})
  if (!isTransientFailure(error)) throw error
  state.failures++
  state.lastError = error
  const maxFailures = options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES
  if (state.failures >= maxFailures) throw new WaitStopped({...known, error, failures: state.failures, lastError: error, reason: 'gave_up'})
}

/** What a poll's answer means: the result when the wait is over, undefined to go on. */
function readAnswer(current: Maintenance, state: WaitState, options: WaitOptions, at: number): undefined | WaitResult {
  const elapsedMs = at - state.started
  state.polls++
  state.failures = 0
  const previous = state.last?.status
  state.last = current
  const {status} = current
  if (status !== previous) options.onStatus?.({at, elapsedMs, maintenance: current, previous, status})
  if (!isKnownStatus(status)) throw new WaitStopped({elapsedMs, inProgressSeen: state.inProgressSeen, last: current, reason: 'unknown_status', status})
  const {polls} = state
  // A completed maintenance nobody saw in progress is an old one, unless this process just started it.
  if (status === 'completed') return {elapsedMs, maintenance: current, polls, waited: state.inProgressSeen || Boolean(options.triggered)}
  if (status !== 'none') {
    state.inProgressSeen = true
    return undefined
  }

  if (state.inProgressSeen) throw new WaitStopped({last: current, previous, reason: 'no_longer_reported'})
  return options.triggered ? undefined : {elapsedMs, maintenance: current, polls, waited: false}
}

/** The pause before the next poll: the interval, doubled per failed poll in a row (up to a minute), jittered, and never past the deadline. */
function pauseBeforeNextPoll(options: WaitOptions, failures: number, elapsedMs: number): number {
  const {interval, timeout} = options
  const pause = failures > 0 ? Math.min(interval * 2 ** failures, Math.max(interval, MAX_BACKOFF_MS)) : interval
  const delayMs = jittered(pause, options.random)
  return timeout === undefined ? delayMs : Math.max(0, Math.min(delayMs, timeout - elapsedMs))
}

/**
 * Polls until the maintenance completes. It never prints: progress goes to onStatus/onRetry. It stops with
 * WaitStopped (why, and what it knew: a failure or unknown state, the deadline, an abort, lasting transient
 * failures), or raises a non-transient API failure as it is.
 */
export async function waitForCompletion(options: WaitOptions): Promise<WaitResult> {
  const {now, signal, timeout} = options
  const state: WaitState = {failures: 0, inProgressSeen: false, polls: 0, started: now()}
  const interrupted = () => new WaitStopped({last: state.last, lastError: state.lastError, reason: 'interrupted'})

  for (;;) {
    if (signal?.aborted) throw interrupted()
    let current: Maintenance | undefined
    try {
      current = await pollBeforeDeadline(options, timeout === undefined ? undefined : timeout - (now() - state.started))
    } catch (error) {
      countFailure(error, state, options)
    }

    const at = now()
    const elapsedMs = at - state.started
    const result = current ? readAnswer(current, state, options, at) : undefined
    if (result) return result
    if (timeout !== undefined && elapsedMs >= timeout) throw new WaitStopped({elapsedMs, last: state.last, lastError: state.lastError, reason: 'timed_out'})

    const delayMs = pauseBeforeNextPoll(options, state.failures, elapsedMs)
    const maxFailures = options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES
    if (state.failures > 0 && state.lastError) options.onRetry?.({at, delayMs, elapsedMs, error: state.lastError, failures: state.failures, maxFailures})
    try {
      await options.sleep(delayMs, signal)
    } catch (error) {
      if (error instanceof InterruptedError || signal?.aborted) throw interrupted()
      throw error
    }
  }
}
