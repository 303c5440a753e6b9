import type {AddonRecord, MaintenanceRecord} from './model.js'
import type {World} from './world.js'

import {formatInstant, instant} from './clock.js'
import {invalidParams} from './http-error.js'
import {startRun} from './lifecycle.js'
import {controllableTier, describeWindow, scheduleTime, shiftByWeeks, type WeeklyWindow} from './rules.js'

const OPEN_STATUSES = new Set(['pending', 'preparing', 'ready'])

function fullPlan(addon: AddonRecord): string {
  return `${addon.service}:${addon.plan}`
}

function allowedTiers(addon: AddonRecord): string {
  return addon.service === 'heroku-redis' ? 'premium, private and shield' : 'standard, premium, private and shield'
}

/** The add-on's maintenance that has not run yet, or a 422 saying why there is none to act on. A failed run may be run again. */
function openMaintenance(addon: AddonRecord, action: string): MaintenanceRecord {
  const {maintenance} = addon
  if (maintenance?.status === 'running') throw invalidParams(`Maintenance for ${addon.name} is already running.`)
  const retry = action === 'run' && maintenance?.status === 'failed'
  if (!maintenance || !(OPEN_STATUSES.has(maintenance.status) || retry)) {
    throw invalidParams(`${addon.name} has no maintenance to ${action}.`)
  }

  return maintenance
}

/** Starts the add-on's pending maintenance now (only plans that allow it). */
export function runMaintenance(world: World, addon: AddonRecord): MaintenanceRecord {
  if (!controllableTier(addon.service, addon.plan)) {
    throw invalidParams(`Maintenance can't be run on demand on the ${fullPlan(addon)} plan; only ${allowedTiers(addon)} plans allow it.`)
  }

  const maintenance = openMaintenance(addon, 'run')
  startRun(world, addon, world.now(), 'owner')
  return maintenance
}

/** Moves the scheduled maintenance by whole weeks, never after required_by nor into the past (only plans that allow it). */
export function rescheduleMaintenance(world: World, addon: AddonRecord, weeks: number): MaintenanceRecord {
  if (!controllableTier(addon.service, addon.plan)) {
    throw invalidParams(`Maintenance can't be rescheduled on the ${fullPlan(addon)} plan; only ${allowedTiers(addon)} plans allow it.`)
  }

  const maintenance = openMaintenance(addon, 'schedule')
  if (weeks === 0) throw invalidParams('delay_weeks must move the maintenance by at least one week.')
  const scheduled = instant(maintenance.scheduledFor as string)
  const required = instant(maintenance.requiredBy)
  const shifted = shiftByWeeks(scheduled, weeks, world.now(), required)
  if (!shifted.ok) {
    const moved = formatInstant(scheduled.plus({weeks}))
    throw invalidParams(shifted.reason === 'after_required_by'
      ? `Can't schedule maintenance for ${addon.name} at ${moved}: it is required by ${maintenance.requiredBy}.`
      : `Can't schedule maintenance for ${addon.name} at ${moved}: that is in the past.`)
  }

  maintenance.previouslyScheduledFor = maintenance.scheduledFor
  maintenance.scheduledFor = formatInstant(shifted.time)
  return maintenance
}

/** Sets the weekly window; a maintenance not yet run moves into the new window under the usual notice rule. */
export function updateWindow(world: World, addon: AddonRecord, window: WeeklyWindow): void {
  if (!controllableTier(addon.service, addon.plan)) {
    throw invalidParams(`The ${fullPlan(addon)} plan does not support maintenance windows; only ${allowedTiers(addon)} plans do.`)
  }

  addon.previousWindow = addon.window ? describeWindow(addon.window) : null
  addon.window = window
  const {maintenance} = addon
  if (!maintenance || !OPEN_STATUSES.has(maintenance.status)) return

  maintenance.window = describeWindow(window)
  const rescheduled = formatInstant(scheduleTime(window, world.now(), instant(maintenance.requiredBy)))
  if (rescheduled !== maintenance.scheduledFor) {
    maintenance.previouslyScheduledFor = maintenance.scheduledFor
    maintenance.scheduledFor = rescheduled
  }
}
