import {DateTime} from 'luxon'

import type {World} from './world.js'

import {formatInstant, instant} from './clock.js'
import {newMaintenance} from './maintenance-record.js'
import {type AddonRecord, type MaintenanceRecord, RUN_STEPS, type RunStepName, type ServerRecord} from './model.js'
import {rollDueEvent, rollMaintenanceEvent, rollRunEnded, rollRunStarted} from './roll.js'
import {
  ANNOUNCE_DAYS_BEFORE_REQUIRED,
  describeWindow,
  MAINTENANCE_INTERVAL_DAYS,
  PREPARING_AFTER_MINUTES,
  READY_AFTER_MINUTES,
  requiredBy,
  scheduleTime,
} from './rules.js'

/** Something the service side does by itself at a given simulated instant (epoch ms: a fleet works out millions). */
interface DueEvent {
  at: number
  apply(at: DateTime): void
}

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

/** Epoch ms of a time the sandbox wrote itself. */
function millisOf(text: string): number {
  return instant(text).toMillis()
}

/** Where the real work behind one run step stands (see StepWorker). */
export type StepProgress = {at: DateTime; detail: string; reason: string; state: 'failed'} | {at: DateTime; state: 'done'} | {state: 'busy' | 'idle'}

/**
 * Real work behind a run's steps (the sandbox's `--redis` servers). A step falls due at its simulated
 * offset, then its work starts; the step is recorded only once the work is done, and a failed work ends
 * the run as `failed`. Add-ons the worker has no servers for (progress null) keep the simulated timing.
 */
export interface StepWorker {
  progress(addon: AddonRecord, step: RunStepName): null | StepProgress
  start(addon: AddonRecord, step: RunStepName): void
  /** After a step is recorded (its world change made): e.g. retire the old primary once the config var moved. */
  recorded(addon: AddonRecord, step: RunStepName): void
  /** The server the promoted standby became, for the config var. */
  primaryServer(addon: AddonRecord): null | ServerRecord
  /** A fleet roll starts replacing the add-on's standby with one from `image` (see roll.ts). */
  replaceStandby?(addonId: string, image: string): void
  /**
   * Where that replacement stands: null when the add-on has no real servers (the simulated timing
   * holds); `done` once the new standby is attached and caught up with the primary.
   */
  standbyReplacement?(addonId: string): null | StepProgress
}

/** Guards against a runaway loop should a bug ever make an event not move the world on (a fleet roll of 200000 add-ons is ~2 million). */
const MAX_EVENTS_PER_ADVANCE = 20_000_000

function dueEvent(world: World, addon: AddonRecord): DueEvent | null {
  const {maintenance} = addon
  if (!maintenance || maintenance.status === 'completed') {
    // announcementTime(requiredBy(…)) in whole UTC days, without building the dates.
    const at = millisOf(addon.serverCreatedAt) + (MAINTENANCE_INTERVAL_DAYS - ANNOUNCE_DAYS_BEFORE_REQUIRED) * DAY_MS
    return {at, apply: when => announce(world, addon, when)}
  }

  const announced = millisOf(maintenance.announcedAt)
  switch (maintenance.status) {
  case 'failed': {
    // A failed run waits for someone to run it again (a roll pages its operator after a while).
    return maintenance.rollId ? rollMaintenanceEvent(world, addon, maintenance, () => {}) : null
  }

  case 'pending': {
    return {at: announced + PREPARING_AFTER_MINUTES * MINUTE_MS, apply() {
      maintenance.status = 'preparing'
    }}
  }

  case 'preparing': {
    return {at: announced + READY_AFTER_MINUTES * MINUTE_MS, apply() {
      maintenance.status = 'ready'
    }}
  }

  case 'ready': {
    // A roll's maintenance starts when the roll says (operator hours, concurrency, a standby in sync).
    if (maintenance.rollId) return rollMaintenanceEvent(world, addon, maintenance, at => startRun(world, addon, at, 'service'))
    if (!maintenance.scheduledFor) return null
    const ready = announced + READY_AFTER_MINUTES * MINUTE_MS
    return {at: Math.max(millisOf(maintenance.scheduledFor), ready), apply: at => startRun(world, addon, at, 'service')}
  }

  case 'running': {
    return nextStep(world, addon, maintenance)
  }
  }
}

/** The running maintenance's next step: due at its offset, and recorded once its real work (if any) is done. */
function nextStep(world: World, addon: AddonRecord, maintenance: MaintenanceRecord): DueEvent | null {
  const index = maintenance.steps.length
  const step = RUN_STEPS[index]
  const at = millisOf(maintenance.startedAt as string) + (world.stepOffsets[index] ?? step.offsetSeconds) * 1000
  // A standby said to lag its primary is never promoted, on real servers (which check their offsets too) as in the model.
  if (step.name === 'standby_in_sync' && addon.standbyLagging) {
    return {at, apply: when => failRun(world, addon, when, 'standby_lagging', 'the standby is behind the primary; it was not promoted')}
  }

  const worker = world.stepWorker
  const work = worker?.progress(addon, step.name) ?? null
  if (!worker || !work) return {at, apply: when => completeStep(world, addon, when)}

  switch (work.state) {
  case 'busy': {
    return null
  }

  case 'done': {
    return {at: Math.max(at, work.at.toMillis()), apply: when => completeStep(world, addon, when)}
  }

  case 'failed': {
    return {at: Math.max(at, work.at.toMillis()), apply: when => failRun(world, addon, when, work.reason, work.detail)}
  }

  case 'idle': {
    return {at, apply: () => worker.start(addon, step.name)}
  }
  }
}

/** A binary min-heap of (time, index) entries; an entry whose time is no longer its index's is stale and skipped by the caller. */
class DueQueue {
  private readonly indexes: number[] = []
  private readonly times: number[] = []

  peekTime(): number {
    return this.times[0] ?? Number.POSITIVE_INFINITY
  }

  get size(): number {
    return this.indexes.length
  }

  pop(): [number, number] | undefined {
    const {indexes, times} = this
    if (indexes.length === 0) return undefined
    const top: [number, number] = [times[0], indexes[0]]
    const lastIndex = indexes.pop() as number
    const lastTime = times.pop() as number
    if (indexes.length > 0) {
      indexes[0] = lastIndex
      times[0] = lastTime
      this.down(0)
    }

    return top
  }

  push(time: number, index: number): void {
    const {indexes, times} = this
    indexes.push(index)
    times.push(time)
    let child = indexes.length - 1
    while (child > 0) {
      const parent = (child - 1) >> 1
      if (!this.before(child, parent)) break
      this.swap(child, parent)
      child = parent
    }
  }

  private before(left: number, right: number): boolean {
    const {indexes, times} = this
    return times[left] < times[right] || (times[left] === times[right] && indexes[left] < indexes[right])
  }

  private down(start: number): void {
    const {indexes} = this
    let parent = start
    for (;;) {
      const left = parent * 2 + 1
      const right = left + 1
      let first = parent
      if (left < indexes.length && this.before(left, first)) first = left
      if (right < indexes.length && this.before(right, first)) first = right
      if (first === parent) return
      this.swap(first, parent)
      parent = first
    }
  }

  private swap(left: number, right: number): void {
    const {indexes, times} = this;
    [indexes[left], indexes[right]] = [indexes[right], indexes[left]];
    [times[left], times[right]] = [times[right], times[left]]
  }
}

/**
 * When every add-on (index = add-on position) and each roll after them acts next, in one queue. Only
 * the times are kept: an event is worked out again when it is due (a fleet's closures would not fit).
 */
interface DueSchedule {
  times: number[]
  queue: DueQueue
  addonCount: number
  rollCount: number
}

function eventOf(world: World, index: number, addonCount: number): DueEvent | null {
  const {addons, rolls} = world.state
  if (index < addonCount) return dueEvent(world, addons[index])
  const roll = rolls[index - addonCount]
  return roll.status === 'completed' ? null : rollDueEvent(world, roll)
}

function refresh(world: World, schedule: DueSchedule, index: number): void {
  const time = eventOf(world, index, schedule.addonCount)?.at ?? Number.POSITIVE_INFINITY
  schedule.times[index] = time
  if (time !== Number.POSITIVE_INFINITY) schedule.queue.push(time, index)
}

/** Drops the entries left behind by times that moved, once they outnumber the live ones. */
function compact(schedule: DueSchedule): void {
  const {times} = schedule
  if (schedule.queue.size <= 2 * times.length + 1024) return
  schedule.queue = new DueQueue()
  for (const [index, time] of times.entries()) if (time !== Number.POSITIVE_INFINITY) schedule.queue.push(time, index)
}

/** After the event of `index` happened: its next event, and those of whatever it touched. */
function refreshAfter(world: World, schedule: DueSchedule, index: number): void {
  refresh(world, schedule, index)
  for (const touched of world.touched.splice(0)) if (touched !== index) refresh(world, schedule, touched)
  if (!world.rollsTouched) return
  world.rollsTouched = false
  for (let roll = schedule.addonCount; roll < schedule.addonCount + schedule.rollCount; roll++) if (roll !== index) refresh(world, schedule, roll)
}

function buildSchedule(world: World): DueSchedule {
  const {addons, rolls} = world.state
  const schedule: DueSchedule = {times: [], queue: new DueQueue(), addonCount: addons.length, rollCount: rolls.length}
  world.touched.length = 0
  world.rollsTouched = false
  for (let index = 0; index < addons.length + rolls.length; index++) refresh(world, schedule, index)
  return schedule
}

/**
 * Lets the service side act up to `target`: every announcement, preparation, automatic start, run
 * step and fleet-roll action due by then happens, in time order, at its own instant. Then the clock
 * is `target`. Returns how many events happened. Only an add-on's own event (or a roll acting on it)
 * can change when its next one is due, so each next event is worked out once and again only after
 * that; the queue is kept between advances (World.schedule) until something else changes the world.
 */
export function advanceWorld(world: World, target: DateTime): number {
  const targetMs = target.toMillis()
  let applied = 0
  const known = world.schedule as DueSchedule | null
  const stale = !known || known.addonCount !== world.state.addons.length || known.rollCount !== world.state.rolls.length
  if (stale || (world.nextDueMs ?? Number.NEGATIVE_INFINITY) <= targetMs) {
    const schedule = stale ? buildSchedule(world) : known
    world.schedule = schedule
    const {times} = schedule
    let lastMs = Number.NEGATIVE_INFINITY
    while (applied < MAX_EVENTS_PER_ADVANCE && schedule.queue.peekTime() <= targetMs) {
      const [time, index] = schedule.queue.pop() as [number, number]
      if (times[index] !== time) continue
      const event = eventOf(world, index, schedule.addonCount)
      if (!event || event.at > time) {
        // Real work (the --redis servers) moved on since: due later, or not at all.
        times[index] = Number.POSITIVE_INFINITY
        refresh(world, schedule, index)
        continue
      }

      // Never back in time: an event worked out from an earlier clock happens now at the earliest.
      lastMs = Math.max(lastMs, time)
      event.apply(DateTime.fromMillis(lastMs, {zone: 'utc'}))
      applied++
      refreshAfter(world, schedule, index)
      compact(schedule)
    }

    // The earliest live entry: stale ones (an index whose time moved since) are dropped on the way.
    const {queue} = schedule
    while (queue.peekTime() !== Number.POSITIVE_INFINITY) {
      const [time, index] = queue.pop() as [number, number]
      if (times[index] === time) {
        queue.push(time, index)
        break
      }
    }

    world.nextDueMs = queue.peekTime()
  }

  world.state.clock = formatInstant(target)
  world.syncRandom()
  return applied
}

function announce(world: World, addon: AddonRecord, at: DateTime): void {
  const required = requiredBy(instant(addon.serverCreatedAt))
  addon.maintenance = newMaintenance(world, addon, {at, requiredBy: required, scheduledFor: scheduleTime(addon.window, at, required), status: 'pending'})
}

export function startRun(world: World, addon: AddonRecord, at: DateTime, by: 'owner' | 'service'): void {
  const maintenance = addon.maintenance as MaintenanceRecord
  maintenance.status = 'running'
  maintenance.startedAt = formatInstant(at)
  maintenance.window = addon.window ? describeWindow(addon.window) : null
  maintenance.steps = []
  delete maintenance.failure
  rollRunStarted(world, addon, maintenance, at, by)
}

/** Ends a run whose real work failed (or whose standby lags): the maintenance says why and may be run again. */
function failRun(world: World, addon: AddonRecord, at: DateTime, reason: string, detail: string): void {
  const maintenance = addon.maintenance as MaintenanceRecord
  maintenance.status = 'failed'
  maintenance.failure = {reason, detail, at: formatInstant(at)}
  rollRunEnded(world, addon, maintenance, at, 'failed')
}

function completeStep(world: World, addon: AddonRecord, at: DateTime): void {
  const maintenance = addon.maintenance as MaintenanceRecord
  const step = RUN_STEPS[maintenance.steps.length]
  maintenance.steps.push({name: step.name, at: formatInstant(at)})

  if (step.name === 'config_var_updated') {
    // The promoted standby is the new primary: the config vars move to it, which releases each app.
    addon.server = world.stepWorker?.primaryServer(addon) ?? world.newServer(addon.service)
    const appIds = [...new Set(addon.attachments.map(attachment => attachment.appId))]
    for (const appId of appIds) {
      const app = world.appById(appId)
      const names = addon.attachments.filter(attachment => attachment.appId === appId).map(attachment => attachment.name)
      world.addRelease(app, `Update ${names.join(', ')} by ${addon.service}`, at)
    }
  }

  if (step.name === 'new_standby_built') {
    maintenance.status = 'completed'
    maintenance.completedAt = formatInstant(at)
    maintenance.durationSeconds = Math.round((at.toMillis() - millisOf(maintenance.startedAt as string)) / 1000)
    addon.serverCreatedAt = maintenance.completedAt
    // The same record: a completed maintenance is never changed again (the next one is a new record), and a fleet has a million.
    addon.history.unshift(maintenance)
    rollRunEnded(world, addon, maintenance, at, 'completed')
  }

  world.stepWorker?.recorded(addon, step.name)
}
