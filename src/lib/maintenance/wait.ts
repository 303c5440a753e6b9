import {ux} from '@oclif/core'
import {DateTime} from 'luxon'

import type {Maintenance} from './types.js'

import {isTransientFailure} from '../api/retry.js'
import {ABANDONED, ApiError, InterruptedError, MaintenanceFailedError, ValidationError, WaitTimeoutError} from '../errors.js'
import {approximateDuration, formatElapsed, parseDuration} from '../format/duration.js'
import {formatRelative, formatTime} from '../format/time.js'
import {sleep as realSleep} from '../sleep.js'
import {isKnownStatus, isNotStarted} from './status.js'

/** How the wait commands sleep, read the clock and jitter. Tests replace these members (never the object). */
export interface WaitRuntime {
  now(): number
  random(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const waitRuntime: WaitRuntime = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: realSleep,
}

export const DEFAULT_INTERVAL_MS = 5000
export const MIN_INTERVAL_MS = 1000
/** Polls in a row that may fail transiently (each already retried by ApiClient) before the wait gives up. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 5
/** Jitter of each pause, as a fraction of it: ±10 %. */
const JITTER = 0.1
/** The longest pause after failed polls, unless the interval itself is longer. */
const MAX_BACKOFF_MS = 60_000

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

/** Starts a timer that resolves after `ms` unless cancelled: the deadline of a poll still unanswered. */
export type DeadlineTimer = (ms: number) => {cancel(): void; reached: Promise<void>}

/** A real timer: a poll is cut at the deadline whatever clock the loop reads. */
export const realDeadlineTimer: DeadlineTimer = ms => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const reached = new Promise<void>(resolve => {
    timer = setTimeout(resolve, ms)
  })
  return {cancel: () => clearTimeout(timer), reached}
}

export interface WaitOptions {
  /** Ends a poll that is still unanswered at the deadline (default: a real timer). */
  deadlineTimer?: DeadlineTimer
  /** One poll; the signal aborts when the wait no longer needs its answer (deadline, Ctrl-C). */
  fetch: (signal?: AbortSignal) => Promise<Maintenance>
  /** The command that follows the maintenance again, named when the wait is interrupted. */
  followUp?: string
  /** Pause between polls, in milliseconds (before jitter). */
  interval: number
  maxConsecutiveFailures?: number
  now: () => number
  onRetry?: (event: RetryEvent) => void
  onStatus?: (event: StatusEvent) => void
  random?: () => number
  signal?: AbortSignal
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Names the add-on in error messages. */
  subject?: string
  /** Milliseconds; none waits for as long as it takes. */
  timeout?: number
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

/** How long an abandoned poll may take to tell its last failure. */
const ABANDON_REPORT_MS = 250
/** The last poll starts at the deadline: it gets this long to answer. */
export const LAST_POLL_GRACE_MS = 500

/**
 * One poll, cut at the deadline (`remainingMs`) or Ctrl-C, even while it waits for an answer or for a
 * retry inside the client: its signal then abandons it, so that nothing keeps the process waiting.
 */
async function pollBeforeDeadline(
  fetch: (signal?: AbortSignal) => Promise<Maintenance>,
  remainingMs: number | undefined,
  deadlineTimer: DeadlineTimer = realDeadlineTimer,
  signal?: AbortSignal,
): Promise<Maintenance> {
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
    const heard = new AbortController()
    const late: unknown = await Promise.race([answer.then(() => null, (error: unknown) => error), realSleep(ABANDON_REPORT_MS, heard.signal)])
    heard.abort()
    throw new DeadlineReached(late instanceof ApiError && late.id !== ABANDONED ? late : undefined)
  } finally {
    deadline?.cancel()
    poll.abort()
  }
}

const DEADLINE_MARK = Symbol('deadline')

/**
 * Polls until the maintenance completes. It never prints: progress goes to onStatus/onRetry. Failure or
 * unknown states raise MaintenanceFailedError, the deadline WaitTimeoutError, an abort InterruptedError,
 * and a lasting or non-transient API failure its ApiError.
 */
export async function waitForCompletion(options: WaitOptions): Promise<WaitResult> {
  const {fetch, interval, now, onRetry, onStatus, signal, sleep, timeout} = options
  const random = options.random ?? Math.random
  const maxFailures = options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES
  const subject = options.subject ?? 'the add-on'
  const started = now()
  let last: Maintenance | undefined
  let lastError: ApiError | undefined
  let inProgressSeen = false
  let failures = 0
  let polls = 0

  const lastStatus = () => (last ? `last status ${last.status}` : `no status read yet${lastError ? `; last error: ${lastError.message}` : ''}`)
  const goesOn = options.followUp ? `the maintenance itself goes on: follow it again with ${options.followUp}` : 'the maintenance itself goes on'
  const interrupted = () => new InterruptedError(`Interrupted: stopped waiting for ${subject} (${lastStatus()}); ${goesOn}.`)

  const timedOut = (elapsedMs: number) => new WaitTimeoutError(`Timed out after ${formatElapsed(elapsedMs)} waiting for ${subject} to complete maintenance (${lastStatus()}).`)

  for (;;) {
    if (signal?.aborted) throw interrupted()
    let current: Maintenance | undefined
    try {
      current = await pollBeforeDeadline(fetch, timeout === undefined ? undefined : timeout - (now() - started), options.deadlineTimer, signal)
    } catch (error) {
      if (error instanceof DeadlineReached) {
        if (error.lastError) lastError = error.lastError
        throw timedOut(Math.max(timeout ?? 0, now() - started))
      }

      if (error instanceof InterruptedError) throw interrupted()
      if (!isTransientFailure(error)) throw error
      failures++
      lastError = error
      if (failures >= maxFailures) {
        const {id, method, path, status} = error
        throw new ApiError({id, message: `${error.message} Gave up waiting for ${subject} after ${failures} failed polls in a row.`, method, path, status})
      }
    }

    const at = now()
    const elapsedMs = at - started
    if (current) {
      polls++
      failures = 0
      const previous = last?.status
      last = current
      const {status} = current
      if (status !== previous) onStatus?.({at, elapsedMs, maintenance: current, previous, status})

      if (!isKnownStatus(status)) {
        throw new MaintenanceFailedError(`Maintenance of ${subject} ended in status ${status}${inProgressSeen ? ` after ${formatElapsed(elapsedMs)}` : ''}, not completed.`)
      }

      // A completed maintenance nobody saw in progress is an old one, unless this process just started it.
      if (status === 'completed') return {elapsedMs, maintenance: current, polls, waited: inProgressSeen || Boolean(options.triggered)}

      if (status === 'none') {
        if (inProgressSeen) {
          throw new MaintenanceFailedError(`Maintenance of ${subject} is no longer reported (status none after ${previous}); check data:maintenances:history ${subject}.`)
        }

        if (!options.triggered) return {elapsedMs, maintenance: current, polls, waited: false}
      } else {
        inProgressSeen = true
      }
    }

    if (timeout !== undefined && elapsedMs >= timeout) throw timedOut(elapsedMs)

    const pause = failures > 0 ? Math.min(interval * 2 ** failures, Math.max(interval, MAX_BACKOFF_MS)) : interval
    let delayMs = jittered(pause, random)
    if (timeout !== undefined) delayMs = Math.max(0, Math.min(delayMs, timeout - elapsedMs))
    if (failures > 0 && lastError) onRetry?.({at, delayMs, elapsedMs, error: lastError, failures, maxFailures})
    try {
      await sleep(delayMs, signal)
    } catch (error) {
      if (error instanceof InterruptedError || signal?.aborted) throw interrupted()
      throw error
    }
  }
}

export interface WaitTiming {
  interval: number
  timeout?: number
}

/** `--interval` (default 5s, at least 1s) and `--timeout` (optional) in milliseconds; no request is made. */
export function parseWaitTiming(flags: {interval?: string; timeout?: string}): WaitTiming {
  const interval = flags.interval === undefined ? DEFAULT_INTERVAL_MS : parseDuration(flags.interval, '--interval')
  if (interval < MIN_INTERVAL_MS) {
    throw new ValidationError(`--interval ${JSON.stringify(flags.interval)} is too short: poll at most once a second (1s or more).`)
  }

  const timeout = flags.timeout === undefined ? undefined : parseDuration(flags.timeout, '--timeout')
  return {interval, timeout}
}

function stamp(at: number, elapsedMs: number): string {
  return `${DateTime.fromMillis(at, {zone: 'utc'}).toFormat("yyyy-MM-dd HH:mm:ss 'UTC'")} (+${formatElapsed(elapsedMs)})`
}

/** `2026-11-27 18:01:14 UTC (+1m 12s) redis-lively-12345: running`; a maintenance not started yet says when it is scheduled. */
export function describeStatusEvent(event: StatusEvent, subject: string): string {
  const {maintenance, status} = event
  let detail = ''
  if (isNotStarted(status) && maintenance.scheduled_for) {
    const relative = formatRelative(maintenance.scheduled_for, DateTime.fromMillis(event.at))
    detail = `, scheduled for ${formatTime(maintenance.scheduled_for)}${relative ? ` (${relative})` : ''}`
  } else if (status === 'running' && maintenance.started_at) {
    detail = `, started ${formatTime(maintenance.started_at)}`
  }

  return `${stamp(event.at, event.elapsedMs)} ${subject}: ${status}${detail}`
}

export function describeRetryEvent(event: RetryEvent): string {
  const next = `trying again in ${formatElapsed(event.delayMs)} (failed poll ${event.failures} of ${event.maxFailures})`
  return `${stamp(event.at, event.elapsedMs)} could not read the status (${event.error.message}); ${next}`
}

/** The closing line of a wait: what completed and when, or why there was nothing to wait for. */
export function describeWaitResult(result: WaitResult, subject: string): string {
  const {maintenance} = result
  const when = maintenance.completed_at ? ` at ${formatTime(maintenance.completed_at)}` : ''
  if (!result.waited) {
    if (maintenance.status === 'none') return `No maintenance in progress for ${subject}: status none, nothing to wait for.`
    return `No maintenance in progress for ${subject}: status completed${when}, nothing to wait for.`
  }

  const took = approximateDuration(maintenance.duration_seconds)
  return `Maintenance of ${subject} completed${when}${took ? ` (took ${took})` : ''}.`
}

/** The terminal spinner, kept behind an interface so that tests can see what it was told. */
export interface ProgressSpinner {
  /** Lets a line out on stderr while the spinner runs. */
  pause(write: () => void): void
  start(text: string): void
  status(text: string): void
  stop(text: string): void
}

/** oclif's spinner. While it runs it holds back stderr writes, hence pause() for each progress line. */
export const oclifSpinner: ProgressSpinner = {
  pause: write => ux.action.pause(write),
  start: text => ux.action.start(text),
  status(text) {
    ux.action.status = text
  },
  stop: text => ux.action.stop(text),
}

export interface FollowOptions extends WaitTiming {
  fetch: (signal?: AbortSignal) => Promise<Maintenance>
  /** The command that follows the maintenance again, named when Ctrl-C stops the wait (followCommand). */
  followUp?: string
  /** Writes one line of progress to stderr (the command's `progress`). */
  progress: (line: string) => void
  /** Defaults to waitRuntime, read at each call (so that tests may replace its members). */
  runtime?: WaitRuntime
  /** Aborted by Ctrl-C (withInterruptSignal, held by the command): the wait then stops with InterruptedError. */
  signal: AbortSignal
  /** Defaults to oclif's spinner when stderr is a terminal, none otherwise. */
  spinner?: null | ProgressSpinner
  subject: string
  triggered: boolean
}

/** `heroku data:maintenances:wait ADDON -a APP`: how to follow a maintenance again after the wait stopped. */
export function followCommand(addon: string, app: string): string {
  return `heroku data:maintenances:wait ${addon} -a ${app}`
}

/**
 * What both wait commands do: poll with waitRuntime until the end or until the signal aborts (Ctrl-C), one
 * stderr line per status change or failed poll, and a spinner when stderr is a terminal.
 */
export async function followMaintenance(options: FollowOptions): Promise<WaitResult> {
  const {progress, subject} = options
  const runtime = options.runtime ?? waitRuntime
  const spinner = options.spinner === undefined ? (process.stderr.isTTY ? oclifSpinner : null) : options.spinner
  const say = (line: string) => (spinner ? spinner.pause(() => progress(line)) : progress(line))
  spinner?.start(`Waiting for maintenance of ${subject}`)
  const waiting = waitForCompletion({
    fetch: options.fetch,
    followUp: options.followUp,
    interval: options.interval,
    now: () => runtime.now(),
    onRetry: event => say(describeRetryEvent(event)),
    onStatus(event) {
      say(describeStatusEvent(event, subject))
      spinner?.status(event.status)
    },
    random: () => runtime.random(),
    signal: options.signal,
    sleep: (ms, abort) => runtime.sleep(ms, abort),
    subject,
    timeout: options.timeout,
    triggered: options.triggered,
  })
  try {
    const result = await waiting
    spinner?.stop(result.waited ? 'completed' : 'nothing to wait for')
    return result
  } catch (error) {
    spinner?.stop(error instanceof InterruptedError ? 'interrupted' : 'failed')
    throw error
  }
}
