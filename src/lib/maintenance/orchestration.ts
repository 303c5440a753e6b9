import type {DataMaintenanceApi} from '../api/data.js'
import type {PlatformApi} from '../api/platform.js'
import type {AddOn, HerokuApp, Maintenance, RunAnswer} from './types.js'

import {isTransientFailure} from '../api/retry.js'
import {ExitCode, InterruptedError, MaintenanceCliError, WaitTimeoutError} from '../errors.js'
import {formatElapsed} from '../format/duration.js'
import {ensureManualMaintenanceAllowed} from './plans.js'
import {followCommand, type FollowOptions, type WaitResult, type WaitTiming} from './wait.js'

/** Everything `run --maintenance-mode` touches, injected so that tests drive it without HTTP, signals or a clock. */
export interface MaintenanceModeDependencies {
  data: Pick<DataMaintenanceApi, 'info' | 'run'>
  /** Waits for completion (followMaintenance); it is given `signal`, and gives up with InterruptedError once it aborts. */
  follow: (options: FollowOptions) => Promise<WaitResult>
  /** Epoch milliseconds, for the time spent in maintenance mode. */
  now: () => number
  /** Called with the run's answer as soon as it comes, so that it is shown even when the wait fails. */
  onStarted?: (answer: RunAnswer) => void
  platform: Pick<PlatformApi, 'getApp' | 'setMaintenanceMode'>
  /** One line of progress on stderr. */
  progress: (line: string) => void
  /** Aborted by Ctrl-C (the command's withInterruptSignal), from before maintenance mode is switched on until it is back off. */
  signal: AbortSignal
  /** Sends one request behind a `text... done` line (a spinner on a terminal). */
  step: <T>(text: string, work: () => Promise<T>) => Promise<T>
}

/** What was done to the app's maintenance mode; `--json` prints it beside the maintenance. */
export interface MaintenanceModeReport {
  app: string
  /** From the answer to switching it on to the answer to switching it off; null when it was not switched. */
  seconds_in_maintenance_mode: null | number
  switched_off: boolean
  switched_on: boolean
  /** The app was in maintenance mode before: then it is left alone, on. */
  was_on: boolean
}

/** `run --maintenance-mode --json`: the maintenance as it completed, and what was done to the app's maintenance mode. */
export interface MaintenanceModeRunResult {
  maintenance: Maintenance
  maintenance_mode: MaintenanceModeReport
}

export interface MaintenanceModeRun {
  answer: RunAnswer
  maintenance_mode: MaintenanceModeReport
  wait: WaitResult
}

/** Maintenance mode could not be switched back off: the app stays down for its users until someone does. */
export class MaintenanceModeNotRestoredError extends MaintenanceCliError {
  constructor(message: string) {
    super(message, ExitCode.api, 'maintenance_mode_not_restored')
  }
}

/** The command that undoes what this could not: a person must run it. */
export function maintenanceOffCommand(app: string): string {
  return `heroku maintenance:off -a ${app}`
}

/**
 * `run --maintenance-mode`: switch the app's maintenance mode on (only if it is off), start the maintenance,
 * wait for it to complete, and switch the mode back off. Whatever goes wrong after it was switched on (the
 * run's POST, the wait, a timeout, Ctrl-C) it is switched off again before the failure is raised, and a mode
 * that was already on is never touched. Each PATCH is sent at most once; if switching off fails, the user is
 * told loudly how to do it, and the error keeps the earlier failure's exit code (or is exit 2 on its own).
 */
export async function runInMaintenanceMode(addon: AddOn, timing: WaitTiming, deps: MaintenanceModeDependencies): Promise<MaintenanceModeRun> {
  const {platform, progress, signal, step} = deps
  ensureManualMaintenanceAllowed(addon, 'run maintenance manually')
  const app = await platform.getApp(addon.app.name)
  const report: MaintenanceModeReport = {app: app.name, seconds_in_maintenance_mode: null, switched_off: false, switched_on: false, was_on: app.maintenance}
  if (signal.aborted) throw new InterruptedError('Interrupted: nothing was changed.')

  let switchedOnAt = 0
  if (app.maintenance) {
    progress(`${app.name} is already in maintenance mode: it stays on after the maintenance.`)
  } else {
    try {
      await step(`Enabling maintenance mode for ${app.name}`, () => platform.setMaintenanceMode(app.name, true))
    } catch (error) {
      // Without a clear refusal it may have been switched on: it was off before, so switching it off is safe.
      if (isTransientFailure(error)) await switchOff(app, deps, report, {failed: true, since: undefined})
      throw error
    }

    report.switched_on = true
    switchedOnAt = deps.now()
  }

  let failure: unknown
  let outcome: undefined | {answer: RunAnswer; wait: WaitResult}
  const progressOf = {started: false}
  try {
    // A mode switched on is switched back off before the failure is raised, whose closing sentence then names
    // the command that follows the maintenance; otherwise the interrupted wait names it.
    const followUp = report.switched_on ? undefined : followCommand(addon.name, app.name)
    outcome = await runAndWait(addon, timing, deps, {followUp, progressOf})
  } catch (error) {
    failure = error
  }

  const restoreError = report.switched_on ? await switchOff(app, deps, report, {failed: failure !== undefined, since: switchedOnAt}) : undefined
  if (failure !== undefined) {
    // Stopped waiting (a timeout or Ctrl-C) after the run started: the failover may still be going on,
    // now with the app serving its users again. Say so where the user reads the failure.
    if (progressOf.started && report.switched_on && (failure instanceof WaitTimeoutError || failure instanceof InterruptedError)) {
      const follow = followCommand(addon.name, app.name)
      failure.message = report.switched_off
        ? `${failure.message} ${describeSwitchedOffDuringFailover(app.name, addon.name)}`
        : `${failure.message} The failover of ${addon.name} may still be running: follow it with ${follow}.`
    }

    throw failure
  }

  if (restoreError !== undefined) {
    const message = restoreError instanceof Error ? restoreError.message : String(restoreError)
    const still = `${app.name} is still in maintenance mode: run ${maintenanceOffCommand(app.name)}`
    throw new MaintenanceModeNotRestoredError(`Maintenance of ${addon.name} completed, but ${still}. Switching it off failed: ${message}`)
  }

  return {...(outcome as {answer: RunAnswer; wait: WaitResult}), maintenance_mode: report}
}

/** The failover may still be running while the app is out of maintenance mode again. */
export function describeSwitchedOffDuringFailover(app: string, addon: string): string {
  return `Maintenance mode of ${app} is off again, but the failover of ${addon} may still be running: follow it with ${followCommand(addon, app)}.`
}

async function runAndWait(
  addon: AddOn,
  timing: WaitTiming,
  deps: MaintenanceModeDependencies,
  {followUp, progressOf}: {followUp: string | undefined; progressOf: {started: boolean}},
): Promise<{answer: RunAnswer; wait: WaitResult}> {
  const {data, signal} = deps
  if (signal.aborted) throw new InterruptedError(`Interrupted: maintenance of ${addon.name} was not started.`)
  const answer = await deps.step(`Starting maintenance for ${addon.name}`, () => data.run(addon.id))
  progressOf.started = true
  deps.onStarted?.(answer)
  if (signal.aborted) {
    throw new InterruptedError(`Interrupted: maintenance of ${addon.name} was started and goes on; stopped before waiting for it${followUp ? `: follow it with ${followUp}` : ''}.`)
  }

  const wait = await deps.follow({
    ...timing,
    fetch: poll => data.info(addon.id, {poll: true, signal: poll}),
    followUp,
    progress: deps.progress,
    signal,
    subject: addon.name,
    triggered: true,
  })
  return {answer, wait}
}

/** Switches maintenance mode off once; returns the error when that fails, after saying so loudly. */
async function switchOff(app: HerokuApp, deps: MaintenanceModeDependencies, report: MaintenanceModeReport, context: {failed: boolean; since: number | undefined}): Promise<unknown> {
  const {platform, progress} = deps
  const text = context.failed
    ? `Switching maintenance mode back off for ${app.name}, as it was before`
    : `Disabling maintenance mode for ${app.name}`
  try {
    await deps.step(text, () => platform.setMaintenanceMode(app.name, false))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // Without `since` nobody knows whether switching it on took effect.
    const state = context.since === undefined ? 'MAY STILL BE IN MAINTENANCE MODE' : `IS STILL IN MAINTENANCE MODE (for ${formatElapsed(deps.now() - context.since)} so far)`
    progress(`!! ${app.name} ${state}: switching it off failed: ${message}`)
    progress(`!! Switch it off yourself now: ${maintenanceOffCommand(app.name)}`)
    return error
  }

  report.switched_off = true
  if (context.since !== undefined) {
    const elapsed = deps.now() - context.since
    report.seconds_in_maintenance_mode = Math.round(elapsed / 1000)
    progress(`${app.name} was in maintenance mode for ${formatElapsed(elapsed)}.`)
  }

  return undefined
}
