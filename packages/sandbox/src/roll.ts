import {DateTime} from 'luxon'

import type {
  AddonRecord,
  MaintenanceRecord,
  NotificationKind,
  NotificationRecord,
  RollAddonRecord,
  RollRecord,
  RollStepName,
  RollStepRecord,
} from './model.js'
import type {World} from './world.js'

import {formatInstant, instant} from './clock.js'
import {newMaintenance} from './maintenance-record.js'
import {
  candidateStarts,
  earliestStart,
  isHighAvailability,
  isInWindow,
  isOnCall,
  nextOnCall,
  type OnCallHours,
  PAGE_AFTER_MINUTES,
  SCHEDULING_BATCH,
  slotOf,
  STANDBY_REPLACEMENT_MINUTES,
  UNREPLICATED_REPLACEMENT_MINUTES,
} from './roll-rules.js'
import {parseTimeOfDay, type WeeklyWindow} from './rules.js'

/** Something a roll does at a given simulated instant (the lifecycle's due events have the same shape). */
export interface RollEvent {
  /** Epoch ms. */
  at: number
  apply(at: DateTime): void
}

export interface RollRequest {
  image: string
  concurrency: number
  onCall: OnCallHours
  requiredBy: DateTime
}

const MINUTE_MS = 60_000

/** How far ahead the replacement queue looks for the operator's next shift before giving up. */
const SHIFT_SEARCH_DAYS = 366

function onCallOf(roll: RollRecord): OnCallHours {
  return {zone: roll.onCall.zone, startMinute: parseTimeOfDay(roll.onCall.start) as number, endMinute: parseTimeOfDay(roll.onCall.end) as number}
}

/** A step's code in the step log; `started` says who started it, so it takes two. */
const STEP_CODES = {standby_replaced: 0, scheduled: 1, notified: 2, started_by_owner: 3, started_by_service: 4, completed: 5, held: 6} as const
type StepCode = (typeof STEP_CODES)[keyof typeof STEP_CODES]
/** The step each code stands for. */
const STEP_NAMES: Record<number, RollStepName> = {0: 'standby_replaced', 1: 'scheduled', 2: 'notified', 3: 'started', 4: 'started', 5: 'completed', 6: 'held'}
/** A step's `what` is its add-on's position × this + its code. */
const CODES_PER_POSITION = 8

function step(roll: RollRecord, entry: RollAddonRecord, code: StepCode, at: DateTime, ...details: Array<null | string>): void {
  roll.steps.what.push(entry.position * CODES_PER_POSITION + code)
  roll.steps.at.push(at.toMillis())
  roll.steps.details.push(...details)
}

/** The admin API's steps of every add-on of the roll (by position), worded from the step log. */
function stepsOf(roll: RollRecord): RollStepRecord[][] {
  const steps: RollStepRecord[][] = roll.addons.map(() => [])
  const {at, details, what} = roll.steps
  let detail = 0
  for (const [index, entry] of what.entries()) {
    const code = entry % CODES_PER_POSITION
    const name = STEP_NAMES[code]
    const record: RollStepRecord = {step: name, at: formatInstant(DateTime.fromMillis(at[index], {zone: 'utc'}))}
    switch (code) {
    case STEP_CODES.held: {
      record.reason = details[detail++] as string
      break
    }

    case STEP_CODES.scheduled: {
      record.scheduled_for = details[detail++] as string
      record.required_by = details[detail++] as string
      const announced = details[detail++]
      if (announced !== null) record.announced_at = announced
      break
    }

    case STEP_CODES.standby_replaced: {
      record.image = roll.image
      break
    }

    case STEP_CODES.started_by_owner: {
      record.by = 'owner'
      break
    }

    case STEP_CODES.started_by_service: {
      record.by = 'service'
      break
    }
    }

    steps[Math.floor(entry / CODES_PER_POSITION)].push(record)
  }

  return steps
}

/** One add-on of a roll, with the world and the roll it is in: what a roll's steps act on. */
interface RollTurn {
  world: World
  roll: RollRecord
  entry: RollAddonRecord
  addon: AddonRecord
}

function notify({addon, roll, world}: RollTurn, kind: NotificationKind, at: DateTime, times: {requiredBy?: string; scheduledFor?: string} = {}): void {
  world.state.notifications.push({id: world.random.uuid(), appId: addon.appId, addon: addon.name, kind, at: formatInstant(at), image: roll.image, ...times})
}

/** What the owner is told (worded when read: a fleet's log would hold a million copies of these sentences). */
export function notificationMessage(entry: NotificationRecord): string {
  switch (entry.kind) {
  case 'maintenance_completed': {
    return `Maintenance of ${entry.addon} is completed: its server runs image ${entry.image}.`
  }

  case 'maintenance_scheduled': {
    const when = `${entry.scheduledFor} (required by ${entry.requiredBy})`
    return `Maintenance of ${entry.addon} is scheduled for ${when}: its server moves to image ${entry.image}. You may run it earlier with data:maintenances:run.`
  }

  case 'server_replaced': {
    return `${entry.addon} was moved to a new server (image ${entry.image}) with a short downtime.`
  }
  }
}

function clockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/** `service:plan`, one string per plan however many add-ons have it. */
const planNames = new Map<string, string>()

function planName(addon: AddonRecord): string {
  const name = `${addon.service}:${addon.plan}`
  let shared = planNames.get(name)
  if (shared === undefined) {
    shared = name
    planNames.set(name, name)
  }

  return shared
}

/** A new roll over every add-on of the world: those with a standby first, each group in creation order. */
export function createRoll(world: World, request: RollRequest): RollRecord {
  const entry = (addon: AddonRecord): RollAddonRecord => ({
    addonId: addon.id,
    name: addon.name,
    app: world.appById(addon.appId).name,
    plan: planName(addon),
    ha: isHighAvailability(addon.plan),
    position: 0,
    ranBy: null,
    busyUntil: null,
    waitingSince: null,
    maintenanceId: null,
    counted: false,
    done: false,
  })
  const entries = world.state.addons.map(addon => entry(addon))
  const ha = entries.filter(candidate => candidate.ha)
  const addons = [...ha, ...entries.filter(candidate => !candidate.ha)]
  for (const [position, candidate] of addons.entries()) candidate.position = position
  const now = world.now()
  const roll: RollRecord = {
    id: world.random.uuid(),
    image: request.image,
    concurrency: request.concurrency,
    onCall: {zone: request.onCall.zone, start: clockTime(request.onCall.startMinute), end: clockTime(request.onCall.endMinute)},
    createdAt: formatInstant(now),
    requiredBy: formatInstant(request.requiredBy),
    status: 'replacing_standbys',
    addons,
    haCount: ha.length,
    nextToStart: 0,
    nextToFinish: 0,
    inFlight: 0,
    maxConcurrencySeen: 0,
    operationsOutsideOnCall: 0,
    haSettled: 0,
    nextToSchedule: 0,
    steps: {what: [], at: [], details: []},
    lastActedAt: formatInstant(now),
    bookings: {},
    paged: [],
    completedAt: null,
  }
  world.state.rolls.push(roll)
  return roll
}

/** The roll's own next event: the replacement queue (standbys, later the add-ons without one); null while maintenances run. */
export function rollDueEvent(world: World, roll: RollRecord): null | RollEvent {
  if (roll.status === 'replacing_standbys' || roll.status === 'replacing_unreplicated') {
    const last = roll.status === 'replacing_standbys' ? roll.haCount : roll.addons.length
    const acted = instant(roll.lastActedAt)
    if (roll.nextToFinish === last) return {at: acted.toMillis(), apply: at => finishQueue(world, roll, at)}
    let due = Number.POSITIVE_INFINITY
    if (roll.nextToFinish < roll.nextToStart) due = replacementEnd(world, roll.addons[roll.nextToFinish])
    if (roll.nextToStart < last && roll.inFlight < roll.concurrency) {
      const shift = nextOnCall(onCallOf(roll), acted, acted.plus({days: SHIFT_SEARCH_DAYS}))
      if (shift) due = Math.min(due, shift.toMillis())
    }

    if (due === Number.POSITIVE_INFINITY) return null
    return {at: due, apply: at => moveQueue(world, roll, at, last)}
  }

  if (roll.status === 'scheduling') return {at: instant(roll.lastActedAt).toMillis() + MINUTE_MS, apply: at => scheduleBatch(world, roll, at)}
  return null
}

/** When a replacement ends: at its simulated time, or once the real work behind a standby's (`--redis`) is done. */
function replacementEnd(world: World, entry: RollAddonRecord): number {
  const work = entry.ha ? world.stepWorker?.standbyReplacement?.(entry.addonId) : null
  if (!work) return entry.busyUntil as number
  return work.state === 'done' ? Math.max(entry.busyUntil as number, work.at.toMillis()) : Number.POSITIVE_INFINITY
}

/** Ends the replacements due by `at`, then starts as many as the concurrency allows if the operator is on call. */
function moveQueue(world: World, roll: RollRecord, at: DateTime, last: number): void {
  roll.lastActedAt = formatInstant(at)
  const atMs = at.toMillis()
  while (roll.nextToFinish < roll.nextToStart && replacementEnd(world, roll.addons[roll.nextToFinish]) <= atMs) {
    const entry = roll.addons[roll.nextToFinish++]
    const ended = DateTime.fromMillis(replacementEnd(world, entry), {zone: 'utc'})
    entry.busyUntil = null
    roll.inFlight--
    if (entry.ha) {
      step(roll, entry, STEP_CODES.standby_replaced, ended)
    } else {
      replaceInPlace(world, roll, entry, ended)
    }
  }

  if (!isOnCall(onCallOf(roll), at)) return
  const minutes = roll.status === 'replacing_standbys' ? STANDBY_REPLACEMENT_MINUTES : UNREPLICATED_REPLACEMENT_MINUTES
  while (roll.nextToStart < last && roll.inFlight < roll.concurrency) {
    const entry = roll.addons[roll.nextToStart++]
    entry.busyUntil = atMs + minutes * 60_000
    if (entry.ha) world.stepWorker?.replaceStandby?.(entry.addonId, roll.image)
    if (!entry.ha) {
      step(roll, entry, STEP_CODES.started_by_service, at)
      entry.ranBy = 'service'
    }

    countStart(roll, at)
  }
}

function countStart(roll: RollRecord, at: DateTime): void {
  roll.inFlight++
  roll.maxConcurrencySeen = Math.max(roll.maxConcurrencySeen, roll.inFlight)
  if (!isOnCall(onCallOf(roll), at)) roll.operationsOutsideOnCall++
}

/** An add-on without a standby gets a new server from the image: new credentials, so its apps get a release. */
function replaceInPlace(world: World, roll: RollRecord, entry: RollAddonRecord, at: DateTime): void {
  const addon = world.requireAddon(entry.addonId)
  addon.server = world.newServer(addon.service)
  addon.serverCreatedAt = formatInstant(at)
  for (const appId of new Set(addon.attachments.map(attachment => attachment.appId))) {
    const names = addon.attachments.filter(attachment => attachment.appId === appId).map(attachment => attachment.name)
    world.addRelease(world.appById(appId), `Update ${names.join(', ')} by ${addon.service}`, at)
  }

  step(roll, entry, STEP_CODES.completed, at)
  entry.done = true
  notify({world, roll, entry, addon}, 'server_replaced', at)
}

/** The queue ran dry: after the standbys, the maintenances are scheduled (batch by batch, see scheduleBatch); after the in-place replacements, the roll is done. */
function finishQueue(world: World, roll: RollRecord, at: DateTime): void {
  roll.lastActedAt = formatInstant(at)
  if (roll.status === 'replacing_standbys') {
    roll.status = 'scheduling'
    roll.nextToSchedule = 0
    return
  }

  roll.status = 'completed'
  roll.completedAt = formatInstant(at)
}

/** Candidate starts per window, shared by the add-ons a scheduling pass places, with the first one that may have room. */
interface Placement {
  starts: number[]
  firstOpen: number
  /** The notice (epoch ms) the candidates were last narrowed for, and the earliest start it allows. */
  noticeAt: number
  earliest: number
}

/** The placements of a roll's scheduling batches, from one batch to the next (worked out again after a restart, to the same starts). */
const batchPlacements = new WeakMap<RollRecord, Map<string, Placement>>()

function windowKey(window: null | WeeklyWindow): string {
  return window ? `${window.weekday}:${window.startMinute}` : 'none'
}

/** Books the first free start for the add-on's maintenance, notified at `at`; null when there is none before `required`. */
function book(roll: RollRecord, placements: Map<string, Placement>, window: null | WeeklyWindow, at: DateTime, required: DateTime): DateTime | null {
  const key = windowKey(window)
  let placement = placements.get(key)
  if (!placement) {
    placement = {starts: candidateStarts(window, onCallOf(roll), at, instant(roll.requiredBy)), firstOpen: 0, noticeAt: at.toMillis(), earliest: Number.NEGATIVE_INFINITY}
    placements.set(key, placement)
  }

  if (placement.noticeAt !== at.toMillis()) {
    // A later batch: its notice leaves out the earliest candidates.
    placement.noticeAt = at.toMillis()
    placement.earliest = earliestStart(window, at)
  }

  const {earliest, starts} = placement
  const full = (start: number): boolean => (roll.bookings[slotOf(start)] ?? 0) >= roll.concurrency
  while (placement.firstOpen < starts.length && (starts[placement.firstOpen] < earliest || full(starts[placement.firstOpen]))) placement.firstOpen++
  const start = starts[placement.firstOpen]
  if (start === undefined || start > required.toMillis()) return null
  const slot = slotOf(start)
  roll.bookings[slot] = (roll.bookings[slot] ?? 0) + 1
  return DateTime.fromMillis(start, {zone: 'utc'})
}

/**
 * Every standby is new: the next SCHEDULING_BATCH HA add-ons, a simulated minute after the last batch,
 * each get their maintenance in a window with notice (counted from now), and their owners are told.
 * After the last batch the roll is maintaining.
 */
function scheduleBatch(world: World, roll: RollRecord, at: DateTime): void {
  roll.lastActedAt = formatInstant(at)
  const placements = batchPlacements.get(roll) ?? new Map<string, Placement>()
  batchPlacements.set(roll, placements)
  const end = Math.min(roll.nextToSchedule + SCHEDULING_BATCH, roll.haCount)
  while (roll.nextToSchedule < end) {
    const entry = roll.addons[roll.nextToSchedule++]
    const addon = world.requireAddon(entry.addonId)
    // Already done (its owner ran it early) or held; a run in progress now is followed by the roll's maintenance once it ends (see rollRunEnded).
    if (!entry.done && entry.maintenanceId === null && addon.maintenance?.status !== 'running') scheduleMaintenance({world, roll, entry, addon}, at, placements)
  }

  if (roll.nextToSchedule < roll.haCount) return
  batchPlacements.delete(roll)
  roll.status = 'maintaining'
  settle(world, roll, at)
}

/** Whether the add-on's turn to be scheduled came (its batch, or every batch, passed). */
function hadItsTurn(roll: RollRecord, entry: RollAddonRecord): boolean {
  return roll.status === 'maintaining' || (roll.status === 'scheduling' && entry.position < roll.nextToSchedule)
}

function scheduleMaintenance(turn: RollTurn, at: DateTime, placements: Map<string, Placement>): void {
  const {addon, entry, roll, world} = turn
  const previous = addon.maintenance
  const open = previous && previous.status !== 'completed' && previous.status !== 'running'
  // An open maintenance of the add-on is taken over: the roll's one replaces the same server, by the earlier deadline.
  const required = open ? DateTime.min(instant(previous.requiredBy), instant(roll.requiredBy)) : instant(roll.requiredBy)
  const start = book(roll, placements, addon.window, at, required)
  if (!start) {
    // Too close to its own required_by for a new notice: the roll adopts the announced maintenance if its time suits the roll.
    if (open && previous.rollId !== roll.id && adopt(turn, previous, at)) return
    hold(world, roll, entry, at, 'no_window_before_required_by')
    return
  }

  if (previous?.rollId === roll.id && previous.status === 'ready') {
    // Moved to a later window: the same maintenance, scheduled again.
    previous.previouslyScheduledFor = previous.scheduledFor
    previous.scheduledFor = formatInstant(start)
    previous.announcedAt = formatInstant(at)
    recordSchedule(turn, previous, at)
    return
  }

  const maintenance = newMaintenance(world, addon, {
    at,
    previouslyScheduledFor: open ? previous.scheduledFor : null,
    requiredBy: required,
    rollId: roll.id,
    scheduledFor: start,
    status: 'ready',
  })
  addon.maintenance = maintenance
  recordSchedule(turn, maintenance, at)
}

/** Takes over an announced maintenance at its own time (its notice ran from its announcement), if that time is in the operator's hours with room left. */
function adopt(turn: RollTurn, maintenance: MaintenanceRecord, at: DateTime): boolean {
  const {addon, roll} = turn
  const time = maintenance.scheduledFor ? instant(maintenance.scheduledFor) : null
  if (!time || time < at || time > instant(maintenance.requiredBy) || !isOnCall(onCallOf(roll), time) || !isInWindow(addon.window, time)) return false
  const slot = slotOf(time.toMillis())
  if ((roll.bookings[slot] ?? 0) >= roll.concurrency) return false
  roll.bookings[slot] = (roll.bookings[slot] ?? 0) + 1
  maintenance.rollId = roll.id
  // Its standby is already the new one: it is ready to run.
  maintenance.status = 'ready'
  recordSchedule(turn, maintenance, at, maintenance.announcedAt)
  return true
}

/** `announcedAt`: when an adopted maintenance was announced (its notice ran from then). */
function recordSchedule(turn: RollTurn, maintenance: MaintenanceRecord, at: DateTime, announcedAt: null | string = null): void {
  const {addon, entry, roll, world} = turn
  entry.maintenanceId = maintenance.id
  entry.waitingSince = null
  const times = {scheduledFor: maintenance.scheduledFor as string, requiredBy: maintenance.requiredBy}
  step(roll, entry, STEP_CODES.scheduled, at, times.scheduledFor, times.requiredBy, announcedAt)
  notify(turn, 'maintenance_scheduled', at, times)
  step(roll, entry, STEP_CODES.notified, at)
  world.touch(addon)
}

/** The add-on is left as it is and the operator is paged: the roll never forces it. */
function hold(world: World, roll: RollRecord, entry: RollAddonRecord, at: DateTime, reason: string): void {
  step(roll, entry, STEP_CODES.held, at, reason)
  roll.paged.push({at: formatInstant(at), addon: entry.name, app: entry.app, reason})
  entry.done = true
  entry.waitingSince = null
  if (entry.ha) roll.haSettled++
  world.touch(world.requireAddon(entry.addonId))
  settle(world, roll, at)
}

/** After every HA add-on is done (or held), the add-ons without a standby are replaced. */
function settle(world: World, roll: RollRecord, at: DateTime): void {
  if (roll.status !== 'maintaining' || roll.haSettled < roll.haCount) return
  roll.status = 'replacing_unreplicated'
  // The queue moves on to the add-ons without a standby, listed after the HA ones.
  roll.nextToStart = roll.haCount
  roll.nextToFinish = roll.haCount
  roll.lastActedAt = formatInstant(at)
  world.rollsChanged()
}

function entryOf(world: World, maintenance: MaintenanceRecord, addon: AddonRecord): null | {entry: RollAddonRecord; roll: RollRecord} {
  const roll = maintenance.rollId ? world.rollById(maintenance.rollId) : world.activeRoll()
  const entry = roll ? world.rollEntry(roll, addon.id) : undefined
  return roll && entry ? {entry, roll} : null
}

/**
 * When the service acts on a maintenance the roll scheduled (ready, or failed): start it at its time,
 * wait for a lagging standby, and hold it (paging the operator) once that has lasted too long.
 * `start` starts the run (the lifecycle's own startRun).
 */
export function rollMaintenanceEvent(world: World, addon: AddonRecord, maintenance: MaintenanceRecord, start: (at: DateTime) => void): null | RollEvent {
  const found = entryOf(world, maintenance, addon)
  if (!found || found.entry.done) return null
  const {entry, roll} = found
  if (maintenance.status === 'failed') {
    const failedAt = instant(maintenance.failure?.at ?? maintenance.startedAt ?? roll.lastActedAt).toMillis()
    return {at: failedAt + PAGE_AFTER_MINUTES * 60_000, apply: at => hold(world, roll, entry, at, 'replication_failed')}
  }

  if (maintenance.status !== 'ready') return null
  if (entry.waitingSince !== null) {
    const since = instant(entry.waitingSince).toMillis()
    if (addon.standbyLagging) return {at: since + PAGE_AFTER_MINUTES * 60_000, apply: at => hold(world, roll, entry, at, 'standby_lagging')}
    return {at: Math.max(since, world.now().toMillis()), apply: at => tryStart({world, roll, entry, addon}, at, start)}
  }

  return {at: instant(maintenance.scheduledFor as string).toMillis(), apply: at => tryStart({world, roll, entry, addon}, at, start)}
}

/** Starts the scheduled maintenance if the standby is in sync, the operator on call, the window open and a slot free. */
function tryStart(turn: RollTurn, at: DateTime, start: (at: DateTime) => void): void {
  const {addon, entry, roll, world} = turn
  if (addon.standbyLagging) {
    entry.waitingSince ??= formatInstant(at)
    world.touch(addon)
    return
  }

  entry.waitingSince = null
  if (roll.inFlight < roll.concurrency && isOnCall(onCallOf(roll), at) && isInWindow(addon.window, at)) {
    start(at)
    return
  }

  // Too late for this window (or no slot): the next one, with notice again.
  scheduleMaintenance(turn, at, new Map())
}

/** A run of an add-on in a roll started, by its owner (`data:maintenances:run`) or by the service. */
export function rollRunStarted(world: World, addon: AddonRecord, maintenance: MaintenanceRecord, at: DateTime, by: 'owner' | 'service'): void {
  if (!maintenance.rollId) return
  const found = entryOf(world, maintenance, addon)
  if (!found || found.entry.done) return
  const {entry, roll} = found
  step(roll, entry, by === 'owner' ? STEP_CODES.started_by_owner : STEP_CODES.started_by_service, at)
  entry.ranBy = by
  entry.waitingSince = null
  if (by === 'service') {
    entry.counted = true
    countStart(roll, at)
  }
}

/** A run of an add-on ended: the roll's maintenance is done, or a routine run made way for the roll's one. */
export function rollRunEnded(world: World, addon: AddonRecord, maintenance: MaintenanceRecord, at: DateTime, outcome: 'completed' | 'failed'): void {
  const found = entryOf(world, maintenance, addon)
  if (!found) return
  const {entry, roll} = found
  if (!maintenance.rollId) {
    if (outcome === 'completed' && hadItsTurn(roll, entry) && entry.ha && !entry.done && entry.maintenanceId === null) {
      scheduleMaintenance({world, roll, entry, addon}, at, new Map())
    }

    return
  }

  if (entry.counted) {
    entry.counted = false
    roll.inFlight--
  }

  if (outcome === 'failed' || entry.done) return
  step(roll, entry, STEP_CODES.completed, at)
  entry.done = true
  roll.haSettled++
  notify({world, roll, entry, addon}, 'maintenance_completed', at)
  settle(world, roll, at)
}

function addonsView(roll: RollRecord): Array<Record<string, unknown>> {
  const steps = stepsOf(roll)
  return roll.addons.map(entry => ({name: entry.name, app: entry.app, plan: entry.plan, ha: entry.ha, steps: steps[entry.position], ran_by: entry.ranBy}))
}

/** The admin API's view of a roll (without the per-add-on list when `addons` is false, for fleet-sized rolls). */
export function rollView(roll: RollRecord, addons = true): Record<string, unknown> {
  const settled = roll.addons.reduce((count, entry) => count + (entry.done ? 1 : 0), 0)
  return {
    id: roll.id,
    image: roll.image,
    status: roll.status,
    concurrency: roll.concurrency,
    on_call: roll.onCall,
    created_at: roll.createdAt,
    required_by: roll.requiredBy,
    completed_at: roll.completedAt,
    counts: {addons: roll.addons.length, ha: roll.haCount, settled, held: roll.paged.length},
    ...(addons ? {addons: addonsView(roll)} : {}),
    max_concurrency_seen: roll.maxConcurrencySeen,
    operations_outside_on_call: roll.operationsOutsideOnCall,
    paged: roll.paged,
  }
}
