import type {DateTime} from 'luxon'

import type {PlatformApi} from '../api/platform.js'
import type {AddOn, HerokuApp, Maintenance} from './types.js'

import {ValidationError} from '../errors.js'
import {formatRelative, formatTime} from '../format/time.js'
import {ensureManualMaintenanceAllowed} from './plans.js'
import {isNotStarted} from './status.js'
import {parseWaitTiming, type WaitTiming} from './wait.js'

export interface RunFlags {
  confirm?: string
  interval?: string
  timeout?: string
  wait: boolean
}

/** Checks run's flags before any request: an empty --confirm, and --timeout/--interval without --wait. Returns the wait timing when waiting. */
export function checkRunFlags(flags: RunFlags): undefined | WaitTiming {
  if (flags.confirm !== undefined && flags.confirm.trim() === '') {
    throw new ValidationError('--confirm is empty: pass the name of the app the add-on belongs to, e.g. --confirm example-app.')
  }

  if (!flags.wait) {
    const stray = [flags.timeout === undefined ? '' : '--timeout', flags.interval === undefined ? '' : '--interval'].filter(Boolean)
    if (stray.length === 1) throw new ValidationError(`${stray[0]} only applies with --wait: add --wait, or leave it out.`)
    if (stray.length > 1) throw new ValidationError(`${stray.join(' and ')} only apply with --wait: add --wait, or leave them out.`)
    return undefined
  }

  return parseWaitTiming(flags)
}

/** How a run was allowed: the app was in maintenance mode, or --confirm named it. */
export type RunConsent = 'confirmed' | 'maintenance_mode'

/**
 * The gate in front of a run, which restarts the app: it may start while the app is in maintenance mode,
 * otherwise only with --confirm equal to the app's name. A --confirm that is given must name the app either way.
 */
export function ensureConfirmed(options: {addonName: string; app: HerokuApp; confirm?: string}): RunConsent {
  const {addonName, app, confirm} = options
  if (confirm !== undefined && confirm !== app.name) {
    throw new ValidationError(`--confirm ${JSON.stringify(confirm)} does not match ${app.name}, the app that maintenance on ${addonName} restarts. To run it, pass --confirm ${app.name}.`)
  }

  if (confirm === app.name) return 'confirmed'
  if (app.maintenance) return 'maintenance_mode'
  const ways = `pass --confirm ${app.name} (or turn maintenance mode on first: heroku maintenance:on -a ${app.name})`
  throw new ValidationError(`Maintenance on ${addonName} restarts ${app.name}, which is not in maintenance mode. To run it anyway, ${ways}.`)
}

export interface RunApproval {
  app: HerokuApp
  consent: RunConsent
}

/** Everything a run needs before its POST, none of which changes anything: the plan allows it, and the app's owner consented. */
export async function approveRun(platform: PlatformApi, addon: AddOn, confirm?: string): Promise<RunApproval> {
  ensureManualMaintenanceAllowed(addon, 'run maintenance manually')
  const app = await platform.getApp(addon.app.name)
  return {app, consent: ensureConfirmed({addonName: addon.name, app, confirm})}
}

function isMaintenance(answer: Maintenance | {message: string}): answer is Maintenance {
  return typeof (answer as Partial<Maintenance>).status === 'string'
}

/** The human summary of the run's answer: the API's message, or the maintenance's status and when it starts or started. */
export function describeRunAnswer(answer: Maintenance | {message: string}, addonName: string, now: DateTime): string {
  const message = typeof (answer as {message?: unknown}).message === 'string' ? (answer as {message: string}).message.trim() : ''
  if (!isMaintenance(answer)) return message
  let detail = ''
  if (isNotStarted(answer.status) && answer.scheduled_for) {
    const relative = formatRelative(answer.scheduled_for, now)
    detail = `, scheduled for ${formatTime(answer.scheduled_for)}${relative ? ` (${relative})` : ''}`
  } else if (answer.status === 'running' && answer.started_at) {
    detail = `, started ${formatTime(answer.started_at)}`
  } else if (answer.status === 'completed' && answer.completed_at) {
    detail = ` at ${formatTime(answer.completed_at)}`
  }

  const summary = `Maintenance of ${addonName}: ${answer.status}${detail}.`
  return message ? `${message}\n${summary}` : summary
}
