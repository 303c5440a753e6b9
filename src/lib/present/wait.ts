import {DateTime} from 'luxon'

import type {Spinner} from '../progress.js'

import {ApiError, InterruptedError, MaintenanceFailedError, WaitTimeoutError} from '../errors.js'
import {approximateDuration, formatElapsed} from '../format/duration.js'
import {formatRelative, formatTime} from '../format/time.js'
import {isNotStarted} from '../maintenance/status.js'
import {type Maintenance} from '../maintenance/types.js'
import {
  type RetryEvent,
  type StatusEvent,
  waitForCompletion,
  type WaitKnowledge,
  type WaitResult,
  type WaitRuntime,
  type WaitStop,
  WaitStopped,
  type WaitTiming,
} from '../maintenance/wait.js'

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

/** `heroku data:maintenances:wait ADDON -a APP`: how to follow a maintenance again after the wait stopped. */
export function followCommand(addon: string, app: string): string {
  return `heroku data:maintenances:wait ${addon} -a ${app}`
}

function lastStatus({last, lastError}: WaitKnowledge): string {
  return last ? `last status ${last.status}` : `no status read yet${lastError ? `; last error: ${lastError.message}` : ''}`
}

/**
 * The error the user reads when a wait stopped before completion: exit 3 on the deadline, 4 on a state other
 * than completed, 130 on Ctrl-C (naming `followUp`, the command that follows the maintenance again), and the
 * API's failure (exit 2) after too many failed polls in a row.
 */
export function waitStopError(stop: WaitStop, subject: string, followUp?: string): ApiError | InterruptedError | MaintenanceFailedError | WaitTimeoutError {
  switch (stop.reason) {
  case 'gave_up': {
    const {error, failures} = stop
    const {id, method, path, status} = error
    return new ApiError({id, message: `${error.message} Gave up waiting for ${subject} after ${failures} failed polls in a row.`, method, path, status})
  }

  case 'interrupted': {
    const goesOn = followUp ? `the maintenance itself goes on: follow it again with ${followUp}` : 'the maintenance itself goes on'
    return new InterruptedError(`Interrupted: stopped waiting for ${subject} (${lastStatus(stop)}); ${goesOn}.`)
  }

  case 'no_longer_reported': {
    return new MaintenanceFailedError(`Maintenance of ${subject} is no longer reported (status none after ${stop.previous}); check data:maintenances:history ${subject}.`)
  }

  case 'timed_out': {
    return new WaitTimeoutError(`Timed out after ${formatElapsed(stop.elapsedMs)} waiting for ${subject} to complete maintenance (${lastStatus(stop)}).`)
  }

  case 'unknown_status': {
    const after = stop.inProgressSeen ? ` after ${formatElapsed(stop.elapsedMs)}` : ''
    return new MaintenanceFailedError(`Maintenance of ${subject} ended in status ${stop.status}${after}, not completed.`)
  }
  }
}

export interface FollowOptions extends WaitTiming {
  fetch: (signal?: AbortSignal) => Promise<Maintenance>
  /** The command that follows the maintenance again, named when Ctrl-C stops the wait (followCommand). */
  followUp?: string
  /** Writes one line of progress to stderr (the command's `progress`). */
  progress: (line: string) => void
  /** The clock, jitter and pauses of the wait (the command's). */
  runtime: WaitRuntime
  /** Aborted by Ctrl-C (withInterruptSignal, held by the command): the wait then stops with InterruptedError. */
  signal: AbortSignal
  /** The command's spinner when stderr is a terminal; null otherwise. */
  spinner: null | Spinner
  subject: string
  triggered: boolean
}

/**
 * What both wait commands do: poll until the end or until the signal aborts (Ctrl-C), one stderr line per
 * status change or failed poll, the spinner when there is one, and the user's error when the wait stops.
 */
export async function followMaintenance(options: FollowOptions): Promise<WaitResult> {
  const {progress, runtime, spinner, subject} = options
  const say = (line: string) => (spinner ? spinner.pause(() => progress(line)) : progress(line))
  spinner?.start(`Waiting for maintenance of ${subject}`)
  const waiting = waitForCompletion({
    deadlineTimer: ms => runtime.deadlineTimer(ms),
    fetch: options.fetch,
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
    timeout: options.timeout,
    triggered: options.triggered,
  })
  try {
    const result = await waiting
    spinner?.stop(result.waited ? 'completed' : 'nothing to wait for')
    return result
  } catch (error) {
    const failure = error instanceof WaitStopped ? waitStopError(error.stop, subject, options.followUp) : error
    spinner?.stop(failure instanceof InterruptedError ? 'interrupted' : 'failed')
    throw failure
  }
}
