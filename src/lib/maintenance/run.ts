import type {DataMaintenanceApi} from '../api/data.js'
import type {PlatformApi} from '../api/platform.js'

import {ValidationError} from '../errors.js'
import {confirmByTypingAppName, type ConfirmPrompt} from './confirm-prompt.js'
import {dryRun, type DryRun, IMPACT_HISTORY_LIMIT, impactPreview} from './impact.js'
import {ensureManualMaintenanceAllowed} from './plans.js'
import {isNotStarted} from './status.js'
import {type AddOn, type HerokuApp, type Maintenance} from './types.js'

/**
 * How a run was allowed: the app was in maintenance mode, --confirm named it, --maintenance-mode puts it in maintenance
 * mode for the run, or the user typed the app's name at the prompt.
 */
export type RunConsent = 'confirmed' | 'maintenance_mode' | 'maintenance_mode_flag' | 'typed'

/** The gate in front of a run, and why it passes or not. */
export type ConfirmGate = {consent: null; passes: false; reason: string} | {consent: RunConsent; passes: true; reason: string}

/**
 * The gate in front of a run, which restarts the app: it passes while the app is in maintenance mode (or
 * --maintenance-mode will put it there), or with --confirm equal to the app's name. A --confirm that is given
 * must name the app either way (a ValidationError otherwise). It never prompts: that is approveRun's part.
 */
export function confirmGate(options: {addonName: string; app: HerokuApp; confirm?: string; maintenanceModeFlag?: boolean}): ConfirmGate {
  const {addonName, app, confirm} = options
  if (confirm !== undefined && confirm !== app.name) {
    throw new ValidationError(`--confirm ${JSON.stringify(confirm)} does not match ${app.name}, the app that maintenance on ${addonName} restarts. To run it, pass --confirm ${app.name}.`)
  }

  if (confirm === app.name) return {passes: true, consent: 'confirmed', reason: `--confirm names ${app.name}`}
  if (app.maintenance) return {passes: true, consent: 'maintenance_mode', reason: `${app.name} is in maintenance mode`}
  if (options.maintenanceModeFlag) {
    return {passes: true, consent: 'maintenance_mode_flag', reason: `--maintenance-mode switches ${app.name} into maintenance mode for the run`}
  }

  const reason = `${app.name} is not in maintenance mode and no --confirm was given: at a terminal it asks you to type ${app.name}; elsewhere it is refused`
  return {passes: false, consent: null, reason}
}

/** The refusal of a run nobody consented to, with both ways to consent. */
function refusal(addonName: string, app: HerokuApp): ValidationError {
  const ways = `pass --confirm ${app.name} (or turn maintenance mode on first: heroku maintenance:on -a ${app.name})`
  return new ValidationError(`Maintenance on ${addonName} restarts ${app.name}, which is not in maintenance mode. To run it anyway, ${ways}.`)
}

export interface RunApproval {
  app: HerokuApp
  consent: RunConsent
}

/**
 * Everything a run needs before its POST, none of which changes anything: the plan allows it, and the app's owner
 * consented. Without consent it asks at a terminal (when `prompt` says someone can answer), and refuses elsewhere.
 */
export async function approveRun(platform: Pick<PlatformApi, 'getApp'>, addon: AddOn, confirm?: string, prompt?: ConfirmPrompt): Promise<RunApproval> {
  ensureManualMaintenanceAllowed(addon, 'run maintenance manually')
  const app = await platform.getApp(addon.app.name)
  const gate = confirmGate({addonName: addon.name, app, confirm})
  if (gate.passes) return {app, consent: gate.consent}
  if (!prompt?.interactive()) throw refusal(addon.name, app)
  await confirmByTypingAppName({addonName: addon.name, app, prompt})
  return {app, consent: 'typed'}
}

/**
 * The service refuses to run an add-on that has no maintenance (status `none`): refused here before anything is
 * sent (a run and its dry run alike), with a one-line ValidationError.
 */
export function ensureRunnable(current: Maintenance): void {
  if (current.status !== 'none') return
  const {name} = current.addon
  throw new ValidationError(`${name} has no maintenance to run (status none): the service refuses to run it, so nothing was sent. See when one is due: heroku data:maintenances:info ${name}`)
}

/** What `run --dry-run` finds: whether the run would start now, and what it would do around it. */
export interface RunOutcome {
  would_start_now: boolean
  why: string
  confirm_gate: ConfirmGate
  /** The maintenance's status now, and when it is scheduled. */
  current_status: string
  scheduled_for: null | string
  maintenance_mode: {
    /** Whether the app is in maintenance mode now. */
    on: boolean
    /** --maintenance-mode was given and the app is not in maintenance mode: it would be switched on, then off after. */
    would_switch_on_and_off: boolean
  }
  would_wait: boolean
}

/** What the dry run's `why` is said from: whether the gate passes, and the maintenance's status and schedule. */
export interface RunOutcomeFacts {
  gatePasses: boolean
  scheduledFor: null | string
  status: string
}

/** Says in words why a run would or would not start (the presentation's part: it names times). */
export type ExplainRunOutcome = (facts: RunOutcomeFacts) => string

/** The run's dry-run outcome from what was read: the gate, and the maintenance as it stands. */
export function runOutcome(options: {app: HerokuApp; current: Maintenance; explain: ExplainRunOutcome; gate: ConfirmGate; maintenanceModeFlag: boolean; wait: boolean}): RunOutcome {
  const {app, current, gate, maintenanceModeFlag, wait} = options
  const {status} = current
  return {
    would_start_now: gate.passes && isNotStarted(status),
    why: options.explain({gatePasses: gate.passes, scheduledFor: current.scheduled_for, status}),
    confirm_gate: gate,
    current_status: status,
    scheduled_for: current.scheduled_for,
    maintenance_mode: {on: app.maintenance, would_switch_on_and_off: maintenanceModeFlag && !app.maintenance},
    would_wait: wait || maintenanceModeFlag,
  }
}

export type RunPreview = DryRun<'run', RunOutcome>

/**
 * `run --dry-run`: the checks the run makes (the plan, a --confirm that must name the app), then reads only: the
 * app's maintenance mode for the gate, the maintenance, and its history for the impact. Nothing is sent that changes anything.
 */
export async function previewRun(
  apis: {data: Pick<DataMaintenanceApi, 'history' | 'info'>; platform: Pick<PlatformApi, 'getApp'>},
  addon: AddOn,
  options: {confirm?: string; explain: ExplainRunOutcome; maintenanceMode: boolean; wait: boolean},
): Promise<RunPreview> {
  const {data, platform} = apis
  ensureManualMaintenanceAllowed(addon, 'run maintenance manually')
  const app = await platform.getApp(addon.app.name)
  const gate = confirmGate({addonName: addon.name, app, confirm: options.confirm, maintenanceModeFlag: options.maintenanceMode})
  const current = await data.info(addon.id)
  ensureRunnable(current)
  const history = await data.history(addon.id, IMPACT_HISTORY_LIMIT)
  const outcome = runOutcome({app, current, explain: options.explain, gate, maintenanceModeFlag: options.maintenanceMode, wait: options.wait})
  return dryRun({action: 'run', addon, impact: impactPreview(current, history), outcome})
}
