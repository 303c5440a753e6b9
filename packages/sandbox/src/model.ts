import type {AddonServiceName, WeeklyWindow} from './rules.js'

/** Bumped whenever the saved shape changes; files of another version are refused, never guessed at. */
export const STATE_VERSION = 3

/** `failed`: a run whose real work (the `--redis` servers) could not be done; see MaintenanceRecord.failure. */
export type MaintenanceStatus = 'completed' | 'failed' | 'pending' | 'preparing' | 'ready' | 'running'

/** The four steps of a failover maintenance, in order, with their offset from the start in seconds. */
export const RUN_STEPS = [
  {name: 'standby_in_sync', offsetSeconds: 20},
  {name: 'standby_promoted', offsetSeconds: 45},
  {name: 'config_var_updated', offsetSeconds: 74},
  {name: 'new_standby_built', offsetSeconds: 186},
] as const

export type RunStepName = (typeof RUN_STEPS)[number]['name']

export interface RunStepRecord {
  name: RunStepName
  at: string
}

/** One maintenance of one add-on. Times are ISO 8601 strings as the Data API prints them. */
export interface MaintenanceRecord {
  id: string
  status: MaintenanceStatus
  method: string
  reason: string
  announcedAt: string
  requiredBy: string
  scheduledFor: null | string
  previouslyScheduledFor: null | string
  startedAt: null | string
  completedAt: null | string
  durationSeconds: null | number
  /** The server this maintenance replaces. */
  serverCreatedAt: string
  /** The add-on's window, as worded when the maintenance was scheduled or run. */
  window: null | string
  steps: RunStepRecord[]
  /** Why the last run failed (status `failed`); cleared when it is run again. */
  failure?: {at: string; detail: string; reason: string}
  /** Set when a fleet roll scheduled it: the roll (not the window alone) decides when the service starts it. */
  rollId?: string
}

export interface AttachmentRecord {
  id: string
  /** e.g. `REDIS`; the config var is `${name}_URL`. */
  name: string
  appId: string
  createdAt: string
}

/** The fake server behind an add-on; a failover swaps in a new one. */
export interface ServerRecord {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export interface AddonRecord {
  id: string
  name: string
  /** The app that owns (bills) the add-on. */
  appId: string
  service: AddonServiceName
  /** Without the service prefix, e.g. `premium-0`. */
  plan: string
  createdAt: string
  serverCreatedAt: string
  window: null | WeeklyWindow
  previousWindow: null | string
  version: string
  server: ServerRecord
  attachments: AttachmentRecord[]
  /** The current or most recent maintenance; null before the first one. */
  maintenance: MaintenanceRecord | null
  /** Completed maintenances, most recent first. */
  history: MaintenanceRecord[]
  /** The standby is behind its primary (set through the admin API): it must not be promoted. */
  standbyLagging?: boolean
}

export interface ReleaseRecord {
  id: string
  appId: string
  version: number
  description: string
  createdAt: string
}

export interface AppRecord {
  id: string
  name: string
  maintenance: boolean
  createdAt: string
  updatedAt: string
  /** Config vars the app sets itself; add-on config vars are derived from attachments. */
  configVars: Record<string, string>
}

export interface AccountRecord {
  id: string
  email: string
  name: string
  createdAt: string
}

export type RollStatus = 'completed' | 'maintaining' | 'replacing_standbys' | 'replacing_unreplicated' | 'scheduling'
export type RollStepName = 'completed' | 'held' | 'notified' | 'scheduled' | 'standby_replaced' | 'started'

/** One step of one add-on in a roll, as the admin API answers it; the extra fields say what the step decided (`scheduled_for`, `reason`, …). */
export interface RollStepRecord {
  step: RollStepName
  at: string
  [detail: string]: string
}

/**
 * Every step of every add-on of a roll, in the order they happened, as parallel lists of numbers (a
 * fleet's roll takes half a million steps; objects with ISO strings would take most of its memory).
 * The admin API's steps are worded from it when read (see roll.ts rollView).
 */
export interface RollStepLog {
  /** Per step: the add-on's position in RollRecord.addons × 8 + the step's code (roll.ts STEP_CODES). */
  what: number[]
  /** Per step: when it happened (epoch ms). */
  at: number[]
  /** What the steps that decide something said, in step order: `scheduled_for`, `required_by` and `announced_at` (or null) of each `scheduled`, the `reason` of each `held`. */
  details: Array<null | string>
}

export interface RollAddonRecord {
  addonId: string
  name: string
  app: string
  plan: string
  ha: boolean
  /** Its place in RollRecord.addons (the step log names add-ons by it). */
  position: number
  ranBy: 'owner' | 'service' | null
  /** Epoch ms when the add-on's standby replacement or in-place replacement ends (while one runs). */
  busyUntil: null | number
  /** Since when (ISO) the service has been waiting for the standby to catch up; null when not waiting. */
  waitingSince: null | string
  /** The roll's maintenance of this add-on (MaintenanceRecord.id), once scheduled. */
  maintenanceId: null | string
  /** The service counted this add-on's run against the roll's concurrency (until it ends). */
  counted: boolean
  done: boolean
}

export interface RollPageRecord {
  at: string
  addon: string
  app: string
  reason: string
}

/** A fleet roll onto a new server image (seed 000); `addons` lists the add-ons with a standby first. */
export interface RollRecord {
  id: string
  image: string
  concurrency: number
  onCall: {zone: string; start: string; end: string}
  createdAt: string
  requiredBy: string
  status: RollStatus
  addons: RollAddonRecord[]
  /** How many of `addons` have a standby (they come first). */
  haCount: number
  /** The queue of replacements (standbys, then add-ons without one): the next to start and the next to end. */
  nextToStart: number
  nextToFinish: number
  /** The roll's own operations running now, the most ever, and how many started outside the operator's hours. */
  inFlight: number
  maxConcurrencySeen: number
  operationsOutsideOnCall: number
  /** HA add-ons whose maintenance completed or that were held. */
  haSettled: number
  /** While `scheduling`: how many HA add-ons (the first ones) had their turn to be scheduled so far. */
  nextToSchedule: number
  /** The steps of every add-on, in order. */
  steps: RollStepLog
  /** When the roll last acted (ISO): the replacement queue moves on from there. */
  lastActedAt: string
  /** Service-run starts booked per slot (see roll-rules SLOT_MINUTES), so that no slot holds more than `concurrency`. */
  bookings: Record<string, number>
  paged: RollPageRecord[]
  completedAt: null | string
}

export type NotificationKind = 'maintenance_completed' | 'maintenance_scheduled' | 'server_replaced'

/** What the service tells an app's owner (the seed's e-mails). */
export interface NotificationRecord {
  id: string
  appId: string
  addon: string
  kind: NotificationKind
  at: string
  /** The image the roll moves to; the message is worded from these fields when read. */
  image: string
  scheduledFor?: string
  requiredBy?: string
}

/** Everything the sandbox knows; this object (and nothing else) is what the state file holds. */
export interface SandboxState {
  version: typeof STATE_VERSION
  seed: string
  clock: string
  randomState: number
  account: AccountRecord
  apps: AppRecord[]
  addons: AddonRecord[]
  releases: ReleaseRecord[]
  rolls: RollRecord[]
  notifications: NotificationRecord[]
}
