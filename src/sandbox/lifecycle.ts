import {DateTime} from 'luxon'

import type {World} from './world.js'

import {formatInstant, instant} from './clock.js'
import {type AddonRecord, type MaintenanceRecord, RUN_STEPS, type RunStepName, type ServerRecord} from './model.js'
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
  case 'failed': {
    // A failed run waits for someone to run it again.
    return null
  }

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
    return nextStep(world, addon, maintenance)
  }
  }
}

/** The running maintenance's next step: due at its offset, and recorded once its real work (if any) is done. */
function nextStep(world: World, addon: AddonRecord, maintenance: MaintenanceRecord): DueEvent | null {
  const index = maintenance.steps.length
  const step = RUN_STEPS[index]
  const at = instant(maintenance.startedAt as string).plus({seconds: world.stepOffsets[index] ?? step.offsetSeconds})
  const worker = world.stepWorker
  const work = worker?.progress(addon, step.name) ?? null
  if (!worker || !work) return {at, apply: when => completeStep(world, addon, when)}
  switch (work.state) {
  case 'busy': {
    return null
  }

  case 'done': {
    return {at: DateTime.max(at, work.at), apply: when => completeStep(world, addon, when)}
  }

  case 'failed': {
    return {at: DateTime.max(at, work.at), apply: when => failRun(addon, when, work.reason, work.detail)}
  }

  case 'idle': {
    return {at, apply: () => worker.start(addon, step.name)}
  }
  }
}

/** A binary min-heap of add-on indexes ordered by their event's time, then by index. */
class DueQueue {
  private readonly heap: number[] = []

  constructor(private readonly times: number[]) {}

  pop(): number | undefined {
    const {heap} = this
    const top = heap[0]
    const last = heap.pop()
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last
      this.down(0)
    }

    return top
  }

  push(index: number): void {
    const {heap} = this
    heap.push(index)
    let child = heap.length - 1
    while (child > 0) {
      const parent = (child - 1) >> 1
      if (!this.before(heap[child], heap[parent])) break;
      [heap[child], heap[parent]] = [heap[parent], heap[child]]
      child = parent
    }
  }

  private before(left: number, right: number): boolean {
    const {times} = this
    return times[left] < times[right] || (times[left] === times[right] && left < right)
  }

  private down(start: number): void {
    const {heap} = this
    let parent = start
    for (;;) {
      const left = parent * 2 + 1
      const right = left + 1
      let first = parent
      if (left < heap.length && this.before(heap[left], heap[first])) first = left
      if (right < heap.length && this.before(heap[right], heap[first])) first = right
      if (first === parent) return;
      [heap[first], heap[parent]] = [heap[parent], heap[first]]
      parent = first
    }
  }
}

/**
 * Lets the service side act up to `target`: every announcement, preparation, automatic start
 * and run step due by then happens, in time order, at its own instant. Then the clock is `target`.
 * Returns how many events happened. Only an add-on's own event can change when its next one is
 * due, so each add-on's next event is worked out once and again only after it happened; the
 * earliest one left is kept (World.nextDueMs) so that catching up to a time before it costs nothing.
 */
export function advanceWorld(world: World, target: DateTime): number {
  const targetMs = target.toMillis()
  let applied = 0
  if (world.nextDueMs === null || world.nextDueMs <= targetMs) {
    const {addons} = world.state
    const events = addons.map(addon => dueEvent(world, addon))
    const times = events.map(event => (event ? event.at.toMillis() : Number.POSITIVE_INFINITY))
    // The add-ons whose next event is due by `target`, earliest first (in add-on order on a tie).
    const due = new DueQueue(times)
    for (const [index, time] of times.entries()) if (time <= targetMs) due.push(index)
    for (; applied < MAX_EVENTS_PER_ADVANCE; applied++) {
      const index = due.pop()
      if (index === undefined) break
      const event = events[index] as DueEvent
      event.apply(event.at)
      events[index] = dueEvent(world, addons[index])
      times[index] = events[index]?.at.toMillis() ?? Number.POSITIVE_INFINITY
      if (times[index] <= targetMs) due.push(index)
    }

    world.nextDueMs = times.reduce((earliest, time) => Math.min(earliest, time), Number.POSITIVE_INFINITY)
  }

  world.state.clock = formatInstant(target)
  world.syncRandom()
  return applied
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
  delete maintenance.failure
}

/** Ends a run whose real work failed: the maintenance says why and may be run again. */
function failRun(addon: AddonRecord, at: DateTime, reason: string, detail: string): void {
  const maintenance = addon.maintenance as MaintenanceRecord
  maintenance.status = 'failed'
  maintenance.failure = {reason, detail, at: formatInstant(at)}
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
    const started = instant(maintenance.startedAt as string)
    maintenance.status = 'completed'
    maintenance.completedAt = formatInstant(at)
    maintenance.durationSeconds = Math.round(at.diff(started, 'seconds').seconds)
    addon.serverCreatedAt = maintenance.completedAt
    addon.history.unshift(structuredClone(maintenance))
  }

  world.stepWorker?.recorded(addon, step.name)
}
