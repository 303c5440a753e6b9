import type {AddonServiceName, WeeklyWindow} from './rules.js'

/** Bumped whenever the saved shape changes; files of another version are refused, never guessed at. */
export const STATE_VERSION = 1

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
}
