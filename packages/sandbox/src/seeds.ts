import {DateTime} from 'luxon'

import type {AddonRecord, AppRecord, MaintenanceRecord, SandboxState} from './model.js'

import {DEFAULT_START, formatInstant, instant} from './clock.js'
import {advanceWorld} from './lifecycle.js'
import {RUN_STEPS, STATE_VERSION} from './model.js'
import {SeededRandom} from './random.js'
import {
  type AddonServiceName,
  ANNOUNCE_DAYS_BEFORE_REQUIRED,
  announcementTime,
  defaultWindow,
  describeWindow,
  MAINTENANCE_INTERVAL_DAYS,
  nextWindowStart,
  parseDayOfWeek,
  parseTimeOfDay,
  PREPARING_AFTER_MINUTES,
  READY_AFTER_MINUTES,
  requiredBy,
  scheduleTime,
  type WeeklyWindow,
} from './rules.js'
import {stableId} from './views.js'
import {World} from './world.js'

/** Ids of the seeded worlds; other code (end-to-end tests, the demo) may rely on them. */
export const SEED_IDS = {
  account: '9f1c2b7e-4d3a-4e8f-b2c1-6a5d4e3f2a10',
  exampleApp: '3c9d8e7f-1a2b-4c5d-8e6f-7a8b9c0d1e2f',
  emptyApp: '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c',
  stagingApp: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5e',
  redisLively: '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e',
  postgresCurved: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a',
  redisTiny: '2e3f4a5b-6c7d-4e8f-a9b0-c1d2e3f4a5b6',
  postgresShaped: '4a5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
} as const

export const SEED_NAMES = ['demo', 'empty', 'fleet:N'] as const
/** `fleet:N`: N apps (1 to MAX_FLEET_APPS), each with a Key-Value Store and a Postgres add-on. */
export type SeedName = 'demo' | 'empty' | `fleet:${number}`
export const MAX_FLEET_APPS = 100_000

/** The app count of a `fleet:N` seed name; null for any other name. */
export function fleetSize(name: string): null | number {
  const match = /^fleet:(\d{1,6})$/.exec(name)
  if (!match) return null
  const size = Number(match[1])
  return size >= 1 && size <= MAX_FLEET_APPS ? size : null
}

export function isSeedName(name: string): name is SeedName {
  return name === 'demo' || name === 'empty' || fleetSize(name) !== null
}

const FRIDAY_EVENING: WeeklyWindow = {weekday: 5, startMinute: 18 * 60}

interface Builder {
  random: SeededRandom
  state: SandboxState
  world: World
}

function emptyState(seed: string, start: DateTime, randomSeed: number): SandboxState {
  return {
    version: STATE_VERSION,
    seed,
    clock: formatInstant(start),
    randomState: randomSeed,
    account: {id: SEED_IDS.account, email: 'demo@example.com', name: 'Demo User', createdAt: formatInstant(start.minus({days: 500}))},
    apps: [],
    addons: [],
    releases: [],
    rolls: [],
    notifications: [],
  }
}

function addApp(builder: Builder, id: string, name: string, createdAt: DateTime): AppRecord {
  const app: AppRecord = {id, name, maintenance: false, createdAt: formatInstant(createdAt), updatedAt: formatInstant(createdAt), configVars: {}}
  builder.state.apps.push(app)
  builder.world.addRelease(app, 'Initial release', createdAt)
  return app
}

interface AddonSpec {
  id: string
  name: string
  app: AppRecord
  service: AddonServiceName
  plan: string
  attachment: string
  createdAt: DateTime
  serverCreatedAt: DateTime
  window: 'default' | null | WeeklyWindow
}

function addAddon(builder: Builder, spec: AddonSpec): AddonRecord {
  const {world} = builder
  const window = spec.window === 'default' ? defaultWindow(world.random) : spec.window
  const addon: AddonRecord = {
    id: spec.id,
    name: spec.name,
    appId: spec.app.id,
    service: spec.service,
    plan: spec.plan,
    createdAt: formatInstant(spec.createdAt),
    serverCreatedAt: formatInstant(spec.serverCreatedAt),
    window,
    previousWindow: null,
    version: spec.service === 'heroku-redis' ? '7.2.4' : '16.4',
    server: world.newServer(spec.service),
    attachments: [{id: stableId(`attachment:${spec.id}:${spec.attachment}`), name: spec.attachment, appId: spec.app.id, createdAt: formatInstant(spec.createdAt)}],
    maintenance: null,
    history: [],
  }
  builder.state.addons.push(addon)
  world.addRelease(spec.app, `Attach ${spec.attachment} (@ref:${spec.name})`, spec.createdAt)
  return addon
}

/** Past maintenances of a Friday-window add-on: each ran in the window 12 weeks before the next. */
function addFridayHistory(builder: Builder, addon: AddonRecord, app: AppRecord, latestWindow: DateTime, firstServerCreatedAt: DateTime): void {
  const runs = [
    {weeksBefore: 24, startSeconds: 95.5, durationSeconds: 174},
    {weeksBefore: 12, startSeconds: 52.004, durationSeconds: 201},
    {weeksBefore: 0, startSeconds: 74.191, durationSeconds: 186},
  ]
  let serverCreatedAt = firstServerCreatedAt
  for (const run of runs) {
    const scheduled = latestWindow.minus({weeks: run.weeksBefore})
    const started = scheduled.plus({milliseconds: Math.round(run.startSeconds * 1000)})
    const completed = started.plus({seconds: run.durationSeconds})
    const required = requiredBy(serverCreatedAt)
    const record: MaintenanceRecord = {
      id: builder.random.uuid(),
      status: 'completed',
      method: 'failover',
      reason: 'routine_maintenance',
      announcedAt: formatInstant(announcementTime(required)),
      requiredBy: formatInstant(required),
      scheduledFor: formatInstant(scheduled),
      previouslyScheduledFor: null,
      startedAt: formatInstant(started),
      completedAt: formatInstant(completed),
      durationSeconds: run.durationSeconds,
      serverCreatedAt: formatInstant(serverCreatedAt),
      window: describeWindow(FRIDAY_EVENING),
      steps: [],
    }
    addon.history.unshift(record)
    builder.world.addRelease(app, `Update ${addon.attachments[0].name} by ${addon.service}`, started.plus({seconds: 74}))
    serverCreatedAt = completed
  }

  addon.maintenance = structuredClone(addon.history[0])
  addon.serverCreatedAt = formatInstant(serverCreatedAt)
}

function seedDemo(builder: Builder, start: DateTime): void {
  const exampleApp = addApp(builder, SEED_IDS.exampleApp, 'example-app', start.minus({days: 400}))

  // The latest maintenance ran in the Friday window about 80 days ago, so the next is required ~10 days from now.
  const latestWindow = nextWindowStart(FRIDAY_EVENING, start.minus({days: 80}))
  const lively = addAddon(builder, {
    id: SEED_IDS.redisLively,
    name: 'redis-lively-12345',
    app: exampleApp,
    service: 'heroku-redis',
    plan: 'premium-0',
    attachment: 'REDIS',
    createdAt: start.minus({days: 340}),
    serverCreatedAt: start.minus({days: 340}),
    window: FRIDAY_EVENING,
  })
  addFridayHistory(builder, lively, exampleApp, latestWindow, latestWindow.minus({weeks: 36, hours: 9, minutes: 29, seconds: 22, milliseconds: 128}))

  const curvedCreated = start.minus({days: 20, hours: 3, minutes: 17})
  addAddon(builder, {
    id: SEED_IDS.postgresCurved,
    name: 'postgresql-curved-12345',
    app: exampleApp,
    service: 'heroku-postgresql',
    plan: 'standard-0',
    attachment: 'DATABASE',
    createdAt: curvedCreated,
    serverCreatedAt: curvedCreated,
    window: 'default',
  })

  addAddon(builder, {
    id: SEED_IDS.redisTiny,
    name: 'redis-tiny-54321',
    app: exampleApp,
    service: 'heroku-redis',
    plan: 'mini',
    attachment: 'CACHE',
    createdAt: start.minus({days: 35}),
    serverCreatedAt: start.minus({days: 35}),
    window: null,
  })

  addApp(builder, SEED_IDS.emptyApp, 'empty-app', start.minus({days: 10}))

  const stagingApp = addApp(builder, SEED_IDS.stagingApp, 'staging-app', start.minus({days: 120}))
  // Required 12 days from now, so it was announced two days ago and is ready, scheduled in a later window.
  const shapedCreated = start.minus({days: 78, hours: 3})
  addAddon(builder, {
    id: SEED_IDS.postgresShaped,
    name: 'postgresql-shaped-67890',
    app: stagingApp,
    service: 'heroku-postgresql',
    plan: 'premium-0',
    attachment: 'DATABASE',
    createdAt: shapedCreated,
    serverCreatedAt: shapedCreated,
    window: 'default',
  })
}

/**
 * Stages the fleet's maintenances go through, one after another from app to app: the minutes since
 * the maintenance was announced (none: the server is younger than an announcement), or a run in progress or done.
 */
const FLEET_STAGES = [
  {kind: 'none', serverAgeDays: 10},
  {kind: 'announced', minutesAgo: 10}, // pending
  {kind: 'announced', minutesAgo: 60}, // preparing
  {kind: 'announced', minutesAgo: 3 * 60}, // ready, scheduled in its window
  {kind: 'none', serverAgeDays: 45},
  {kind: 'announced', minutesAgo: 24 * 60},
  {kind: 'running'},
  // At most two days ago: announced with three business days' notice, none of these is due yet.
  {kind: 'announced', minutesAgo: 2 * 24 * 60},
  {kind: 'completed', daysAgo: 6},
  {kind: 'none', serverAgeDays: 70},
] as const

function fleetName(prefix: string, index: number, digits: number): string {
  return [prefix, String(index + 1).padStart(digits, '0')].join('-')
}

/** A fleet add-on's maintenance at one of FLEET_STAGES at `start` (null: none yet; no id yet), and its server's creation. */
interface FleetMaintenance {
  maintenance: null | Omit<MaintenanceRecord, 'id'>
  serverCreatedAt: DateTime
}

function fleetMaintenance(window: null | WeeklyWindow, start: DateTime, stage: (typeof FLEET_STAGES)[number]): FleetMaintenance {
  if (stage.kind === 'none') return {maintenance: null, serverCreatedAt: start.minus({days: stage.serverAgeDays})}
  // A run (in progress or done) started in a window announced two weeks before it was required.
  const ranAt = stage.kind === 'completed' ? start.minus({days: stage.daysAgo}) : start
  const announced = stage.kind === 'announced' ? start.minus({minutes: stage.minutesAgo}) : ranAt.minus({days: 7})
  const serverCreatedAt = announced.minus({days: MAINTENANCE_INTERVAL_DAYS - ANNOUNCE_DAYS_BEFORE_REQUIRED})
  const required = requiredBy(serverCreatedAt)
  const {minutes} = start.diff(announced, 'minutes')
  let status: MaintenanceRecord['status'] = stage.kind === 'announced' ? 'ready' : stage.kind
  if (stage.kind === 'announced' && minutes < READY_AFTER_MINUTES) status = minutes < PREPARING_AFTER_MINUTES ? 'pending' : 'preparing'
  const maintenance: Omit<MaintenanceRecord, 'id'> = {
    status,
    method: 'failover',
    reason: 'routine_maintenance',
    announcedAt: formatInstant(announced),
    requiredBy: formatInstant(required),
    scheduledFor: formatInstant(stage.kind === 'announced' ? scheduleTime(window, announced, required) : ranAt),
    previouslyScheduledFor: null,
    startedAt: stage.kind === 'announced' ? null : formatInstant(ranAt),
    completedAt: null,
    durationSeconds: null,
    serverCreatedAt: formatInstant(serverCreatedAt),
    window: window ? describeWindow(window) : null,
    steps: [],
  }
  if (stage.kind !== 'completed') return {maintenance, serverCreatedAt}

  const completed = ranAt.plus({seconds: RUN_STEPS.at(-1)!.offsetSeconds})
  maintenance.completedAt = formatInstant(completed)
  maintenance.durationSeconds = RUN_STEPS.at(-1)!.offsetSeconds
  maintenance.steps = RUN_STEPS.map(step => ({name: step.name, at: formatInstant(ranAt.plus({seconds: step.offsetSeconds}))}))
  return {maintenance, serverCreatedAt: completed}
}

/**
 * `fleet:N`: N apps, each with a Key-Value Store (every seventh on the mini plan) and a Postgres
 * add-on, their maintenances spread over every stage. Built record by record (no replay of the
 * service's history), so that ten thousand apps start in moments.
 */
function seedFleet(builder: Builder, start: DateTime, size: number): void {
  const {random, state, world} = builder
  const digits = Math.max(String(size).length, 3)
  // Add-ons of the same stage and window get the same times: worked out once for each.
  const maintenances = new Map<string, FleetMaintenance>()
  const maintenanceOf = (window: null | WeeklyWindow, stage: number): FleetMaintenance => {
    const key = `${stage}:${window ? `${window.weekday}:${window.startMinute}` : 'none'}`
    let found = maintenances.get(key)
    if (!found) {
      found = fleetMaintenance(window, start, FLEET_STAGES[stage])
      maintenances.set(key, found)
    }

    return found
  }

  // Apps are created on one of 200 days.
  const creations = new Map<number, {created: DateTime; dayAfter: DateTime}>()
  for (let index = 0; index < size; index++) {
    let creation = creations.get(index % 200)
    if (!creation) {
      const day = start.minus({days: 400 - (index % 200)})
      creation = {created: day, dayAfter: day.plus({days: 1})}
      creations.set(index % 200, creation)
    }

    const {created, dayAfter} = creation
    const app: AppRecord = {
      id: stableId(`fleet:app:${index}`),
      name: fleetName('fleet-app', index, digits),
      maintenance: false,
      createdAt: formatInstant(created),
      updatedAt: formatInstant(created),
      configVars: {},
    }
    state.apps.push(app)
    state.releases.push({id: random.uuid(), appId: app.id, version: 1, description: 'Initial release', createdAt: formatInstant(created)})
    const kinds = [
      {service: 'heroku-redis', plan: index % 7 === 3 ? 'mini' : 'premium-0', prefix: 'redis-fleet', attachment: 'REDIS', stage: index},
      {service: 'heroku-postgresql', plan: 'standard-0', prefix: 'postgresql-fleet', attachment: 'DATABASE', stage: index + 5},
    ] as const
    for (const kind of kinds) {
      const window = kind.plan === 'mini' ? null : defaultWindow(random)
      const times = maintenanceOf(window, kind.stage % FLEET_STAGES.length)
      const {serverCreatedAt} = times
      // Its own record (the id drawn here, as ever), the run's steps its own list too.
      const maintenance: MaintenanceRecord | null = times.maintenance ? {id: random.uuid(), ...times.maintenance, steps: [...times.maintenance.steps]} : null
      const addonId = stableId(`fleet:${kind.prefix}:${index}`)
      const name = fleetName(kind.prefix, index, digits)
      const addonCreated = DateTime.min(dayAfter, serverCreatedAt)
      const addon: AddonRecord = {
        id: addonId,
        name,
        appId: app.id,
        service: kind.service,
        plan: kind.plan,
        createdAt: formatInstant(addonCreated),
        serverCreatedAt: formatInstant(serverCreatedAt),
        window,
        previousWindow: null,
        version: kind.service === 'heroku-redis' ? '7.2.4' : '16.4',
        server: world.newServer(kind.service),
        attachments: [{id: stableId(`attachment:${addonId}:${kind.attachment}`), name: kind.attachment, appId: app.id, createdAt: formatInstant(addonCreated)}],
        maintenance,
        // The same record, as a run leaves it (a completed maintenance is never changed again).
        history: maintenance?.status === 'completed' ? [maintenance] : [],
      }
      state.addons.push(addon)
      const version = state.releases.at(-1)!.version + 1
      const description = ['Attach ', kind.attachment, ' (@ref:', name, ')'].join('')
      state.releases.push({id: random.uuid(), appId: app.id, version, description, createdAt: formatInstant(addonCreated)})
    }
  }
}

/** Builds a named starting world whose clock reads `start`. */
export function buildSeed(name: SeedName, start: DateTime, randomSeed: number): SandboxState {
  const state = emptyState(name, start, randomSeed)
  const world = new World(state)
  const builder: Builder = {random: world.random, state, world}

  const fleet = fleetSize(name)
  if (fleet !== null) {
    seedFleet(builder, start, fleet)
  } else if (name === 'demo') {
    seedDemo(builder, start)
  } else {
    addApp(builder, SEED_IDS.exampleApp, 'example-app', start.minus({days: 30}))
  }

  if (fleet === null) {
    state.releases.sort((left, right) => left.createdAt.localeCompare(right.createdAt))
    renumberReleases(state)
  }

  // Let the service side catch up to `start`: announcements due in the past happen at their own time.
  advanceWorld(world, start)
  return state
}

/** Versions follow creation time per app, however the seed happened to add them. */
function renumberReleases(state: SandboxState): void {
  const counters = new Map<string, number>()
  for (const release of state.releases) {
    const next = (counters.get(release.appId) ?? 0) + 1
    counters.set(release.appId, next)
    release.version = next
  }
}

/** Seeds laid out around another instant move by whole half hours, so that every window still starts on the hour or half hour. */
const SHIFT_STEP_MS = 30 * 60 * 1000
const WEEK_MINUTES = 7 * 24 * 60
const INSTANT_TEXT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/
const WINDOW_TEXT = /^(\w+) (\d\d:\d\d) to \d\d:\d\d UTC$/

function rotateWindow(window: WeeklyWindow, minutes: number): WeeklyWindow {
  const weekMinute = ((((window.weekday - 1) * 1440 + window.startMinute + minutes) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES
  return {weekday: Math.floor(weekMinute / 1440) + 1, startMinute: weekMinute % 1440}
}

/** Every instant of the state moved by `millis`, and every weekly window with it. */
function shifted(value: unknown, millis: number): unknown {
  if (typeof value === 'string') {
    if (INSTANT_TEXT.test(value)) return formatInstant(instant(value).plus({milliseconds: millis}))
    const window = WINDOW_TEXT.exec(value)
    const weekday = window ? parseDayOfWeek(window[1]) : null
    const startMinute = window ? parseTimeOfDay(window[2]) : null
    if (weekday !== null && startMinute !== null) return describeWindow(rotateWindow({weekday, startMinute}, millis / 60_000))
    return value
  }

  if (Array.isArray(value)) return value.map(item => shifted(item, millis))
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  if (typeof record.weekday === 'number' && typeof record.startMinute === 'number' && Object.keys(record).length === 2) {
    return rotateWindow(record as unknown as WeeklyWindow, millis / 60_000)
  }

  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, shifted(item, millis)]))
}

/**
 * A named world for a clock that reads `now`: the world `buildSeed` lays out around 2026-11-23T12:00:00Z,
 * moved to the last half hour at or before `now` (its windows turned with it, so they stay on round
 * times) and then lived up to `now`. Every time in it is as far from `now` as in the fixed world (give
 * or take that half hour), so relative times read the same on any day.
 */
export function buildSeedAround(name: SeedName, now: DateTime, randomSeed: number): SandboxState {
  // A fleet is laid out from its windows at any start already (and is too large to move time by time).
  if (fleetSize(name) !== null) return buildSeed(name, now, randomSeed)
  const reference = instant(DEFAULT_START)
  const millis = Math.floor((now.toMillis() - reference.toMillis()) / SHIFT_STEP_MS) * SHIFT_STEP_MS
  const state = shifted(buildSeed(name, reference, randomSeed), millis) as SandboxState
  advanceWorld(new World(state), now)
  return state
}
