import type {DataMaintenanceApi} from '../api/data.js'
import type {PlatformApi} from '../api/platform.js'
import type {AddOn, HerokuApp, Maintenance, RunAnswer} from './types.js'

import {isTransientFailure} from '../api/retry.js'
import {ExitCode, InterruptedError, MaintenanceCliError, WaitTimeoutError} from '../errors.js'
import {ensureManualMaintenanceAllowed} from './plans.js'
import {ensureRunnable} from './run.js'
import {type WaitResult, type WaitTiming} from './wait.js'

/** One wait for completion, as the orchestration asks for it; the command adds its clock, spinner and progress lines. */
export interface FollowRequest extends WaitTiming {
  fetch: (signal?: AbortSignal) => Promise<Maintenance>
  /** The command that follows the maintenance again, named when Ctrl-C stops the wait. */
  followUp?: string
  signal: AbortSignal
  subject: string
  triggered: boolean
}

/** The words of `run --maintenance-mode` (its step lines, progress lines and the sentences it adds to a failure). */
export interface MaintenanceModeTexts {
  alreadyOn(app: string): string
  disabling(app: string): string
  enabling(app: string): string
  /** The command that follows the maintenance again. */
  followCommand(addon: string, app: string): string
  /** Loud lines: switching off failed; `elapsedMs` is the time in maintenance mode so far, unknown when switching on may not have taken effect. */
  notSwitchedOff(app: string, message: string, elapsedMs?: number): string[]
  notRestored(addon: string, app: string, message: string): string
  restoring(app: string): string
  starting(addon: string): string
  /** Closes a stopped wait's message: the failover may still be running (`switchedOff`: with the app serving its users again). */
  stillRunning(addon: string, app: string, switchedOff: boolean): string
  wasOnFor(app: string, elapsedMs: number): string
}

/** Everything `run --maintenance-mode` touches, injected so that tests drive it without HTTP, signals or a clock. */
export interface MaintenanceModeDependencies {
  data: Pick<DataMaintenanceApi, 'info' | 'run'>
  /** Waits for completion (followMaintenance); it is given `signal`, and gives up with InterruptedError once it aborts. */
  follow: (request: FollowRequest) => Promise<WaitResult>
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
  texts: MaintenanceModeTexts
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

/**
 * `run --maintenance-mode`: switch the app's maintenance mode on (only if it is off), start the maintenance,
 * wait for it to complete, and switch the mode back off. Whatever goes wrong after it was switched on (the
 * run's POST, the wait, a timeout, Ctrl-C) it is switched off again before the failure is raised, and a mode
 * that was already on is never touched. Each PATCH is sent at most once; if switching off fails, the user is
 * told loudly how to do it, and the error keeps the earlier failure's exit code (or is exit 2 on its own).
 */
export async function runInMaintenanceMode(addon: AddOn, timing: WaitTiming, deps: MaintenanceModeDependencies): Promise<MaintenanceModeRun> {
  const {platform, progress, signal, step, texts} = deps
  ensureManualMaintenanceAllowed(addon, 'run maintenance manually')
  const app = await platform.getApp(addon.app.name)
  const report: MaintenanceModeReport = {app: app.name, seconds_in_maintenance_mode: null, switched_off: false, switched_on: false, was_on: app.maintenance}
  if (signal.aborted) throw new InterruptedError('Interrupted: nothing was changed.')
  // An add-on with nothing to run is refused before the app is taken down for it.
  ensureRunnable(await deps.data.info(addon.id))

  let switchedOnAt = 0
  if (app.maintenance) {
    progress(texts.alreadyOn(app.name))
  } else {
    try {
      await step(texts.enabling(app.name), () => platform.setMaintenanceMode(app.name, true))
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
    const followUp = report.switched_on ? undefined : texts.followCommand(addon.name, app.name)
    outcome = await runAndWait(addon, timing, deps, {followUp, progressOf})
  } catch (error) {
    failure = error
  }

  const restoreError = report.switched_on ? await switchOff(app, deps, report, {failed: failure !== undefined, since: switchedOnAt}) : undefined
  if (failure !== undefined) {
    // Stopped waiting (a timeout or Ctrl-C) after the run started: the failover may still be going on,
    // now with the app serving its users again. Say so where the user reads the failure.
    if (progressOf.started && report.switched_on && (failure instanceof WaitTimeoutError || failure instanceof InterruptedError)) {
      failure.message = `${failure.message} ${texts.stillRunning(addon.name, app.name, report.switched_off)}`
    }

    throw failure
  }

  if (restoreError !== undefined) {
    const message = restoreError instanceof Error ? restoreError.message : String(restoreError)
    throw new MaintenanceModeNotRestoredError(texts.notRestored(addon.name, app.name, message))
  }

  return {...(outcome as {answer: RunAnswer; wait: WaitResult}), maintenance_mode: report}
}

async function runAndWait(
  addon: AddOn,
  timing: WaitTiming,
  deps: MaintenanceModeDependencies,
  {followUp, progressOf}: {followUp: string | undefined; progressOf: {started: boolean}},
): Promise<{answer: RunAnswer; wait: WaitResult}> {
  const {data, signal} = deps
  if (signal.aborted) throw new InterruptedError(`Interrupted: maintenance of ${addon.name} was not started.`)
  const answer = await deps.step(deps.texts.starting(addon.name), () => data.run(addon.id))
  progressOf.started = true
  deps.onStarted?.(answer)
  if (signal.aborted) {
    throw new InterruptedError(`Interrupted: maintenance of ${addon.name} was started and goes on; stopped before waiting for it${followUp ? `: follow it with ${followUp}` : ''}.`)
  }

  const wait = await deps.follow({
    ...timing,
    fetch: poll => data.info(addon.id, {poll: true, signal: poll}),
    followUp,
    signal,
    subject: addon.name,
    triggered: true,
  })
  return {answer, wait}
}

/** Switches maintenance mode off once; returns the error when that fails, after saying so loudly. */
async function switchOff(app: HerokuApp, deps: MaintenanceModeDependencies, report: MaintenanceModeReport, context: {failed: boolean; since: number | undefined}): Promise<unknown> {
  const {platform, progress, texts} = deps
  const text = context.failed ? texts.restoring(app.name) : texts.disabling(app.name)
  try {
    await deps.step(text, () => platform.setMaintenanceMode(app.name, false))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // Without `since` nobody knows whether switching it on took effect.
    for (const line of texts.notSwitchedOff(app.name, message, context.since === undefined ? undefined : deps.now() - context.since)) progress(line)
    return error
  }

  report.switched_off = true
  if (context.since !== undefined) {
    const elapsed = deps.now() - context.since
    report.seconds_in_maintenance_mode = Math.round(elapsed / 1000)
    progress(texts.wasOnFor(app.name, elapsed))
  }

  return undefined
}
