import {DateTime} from 'luxon'

import type {World} from './world.js'

import {formatInstant, instant} from './clock.js'
import {type AddonRecord, type MaintenanceRecord, RUN_STEPS} from './model.js'
import {
  announcementTime,
  describeWindow,
  PREPARING_AFTER_MINUTES,
  READY_AFTER_MINUTES,
  requiredBy,
  scheduleTime,
} from './rules.js'

/** Something the service side does by itself at a given simulated instant. */
interface DueEvent {
  at: DateTime
  apply(at: DateTime): void
}

/** Guards against a runaway loop should a bug ever make an event not move the world on. */
const MAX_EVENTS_PER_ADVANCE = 100_000

function dueEvent(world: World, addon: AddonRecord): DueEvent | null {
  const {maintenance} = addon
  if (!maintenance || maintenance.status === 'completed') {
    return {at: announcementTime(requiredBy(instant(addon.serverCreatedAt))), apply: at => announce(world, addon, at)}
  }

  const announced = instant(maintenance.announcedAt)
  switch (maintenance.status) {
  case 'pending': {
    return {at: announced.plus({minutes: PREPARING_AFTER_MINUTES}), apply() {
      maintenance.status = 'preparing'
    }}
  }

  case 'preparing': {
    return {at: announced.plus({minutes: READY_AFTER_MINUTES}), apply() {
      maintenance.status = 'ready'
    }}
  }

  case 'ready': {
    if (!maintenance.scheduledFor) return null
    const ready = announced.plus({minutes: READY_AFTER_MINUTES})
    const scheduled = instant(maintenance.scheduledFor)
    return {at: DateTime.max(scheduled, ready), apply: at => startRun(world, addon, at)}
  }

  case 'running': {
    const step = RUN_STEPS[maintenance.steps.length]
    const at = instant(maintenance.startedAt as string).plus({seconds: step.offsetSeconds})
    return {at, apply: when => completeStep(world, addon, when)}
  }
  }
}

/**
 * Lets the service side act up to `target`: every announcement, preparation, automatic start
 * and run step due by then happens, in time order, at its own instant. Then the clock is `target`.
 */
export function advanceWorld(world: World, target: DateTime): void {
  for (let count = 0; count < MAX_EVENTS_PER_ADVANCE; count++) {
    let next: DueEvent | null = null
    for (const addon of world.state.addons) {
      const event = dueEvent(world, addon)
      if (event && event.at <= target && (!next || event.at < next.at)) next = event
    }

    if (!next) break
    next.apply(next.at)
  }

  world.state.clock = formatInstant(target)
  world.syncRandom()
}

function announce(world: World, addon: AddonRecord, at: DateTime): void {
  const required = requiredBy(instant(addon.serverCreatedAt))
  const record: MaintenanceRecord = {
    id: world.random.uuid(),
    status: 'pending',
    method: 'failover',
    reason: 'routine_maintenance',
    announcedAt: formatInstant(at),
    requiredBy: formatInstant(required),
    scheduledFor: formatInstant(scheduleTime(addon.window, at, required)),
    previouslyScheduledFor: null,
    startedAt: null,
    completedAt: null,
    durationSeconds: null,
    serverCreatedAt: addon.serverCreatedAt,
    window: addon.window ? describeWindow(addon.window) : null,
    steps: [],
  }
  addon.maintenance = record
}

/** Starts the failover now, whether the customer asked or the scheduled time came. */
export function startRun(world: World, addon: AddonRecord, at: DateTime): void {
  const maintenance = addon.maintenance as MaintenanceRecord
  maintenance.status = 'running'
  maintenance.startedAt = formatInstant(at)
  maintenance.window = addon.window ? describeWindow(addon.window) : null
  maintenance.steps = []
}

function completeStep(world: World, addon: AddonRecord, at: DateTime): void {
  const maintenance = addon.maintenance as MaintenanceRecord
  const step = RUN_STEPS[maintenance.steps.length]
  maintenance.steps.push({name: step.name, at: formatInstant(at)})

  if (step.name === 'config_var_updated') {
    // The promoted standby is the new primary: the config vars move to it, which releases each app.
    addon.server = world.newServer(addon.service)
    const appIds = [...new Set(addon.attachments.map(attachment => attachment.appId))]
    for (const appId of appIds) {
      const app = world.appById(appId)
      const names = addon.attachments.filter(attachment => attachment.appId === appId).map(attachment => attachment.name)
      world.addRelease(app, `Update ${names.join(', ')} by ${addon.service}`, at)
    }
  }

  if (step.name === 'new_standby_built') {
    const started = instant(maintenance.startedAt as string)
    maintenance.status = 'completed'
    maintenance.completedAt = formatInstant(at)
    maintenance.durationSeconds = Math.round(at.diff(started, 'seconds').seconds)
    addon.serverCreatedAt = maintenance.completedAt
    addon.history.unshift(structuredClone(maintenance))
  }
}
