/** Shapes exchanged with the Data API and printed by `--json`. Field names are the API's own. */

export const MAINTENANCE_STATUSES = ['none', 'pending', 'preparing', 'ready', 'running', 'completed'] as const
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number]

export interface MaintenanceAddon {
  attachments: string[]
  kind: string
  name: string
  plan: string
  uuid?: string
  window: null | string
}

export interface MaintenanceApp {
  name: string
  uuid?: string
}

export interface Maintenance {
  addon: MaintenanceAddon
  app: MaintenanceApp
  completed_at: null | string
  duration_seconds: null | string
  method: null | string
  previously_scheduled_for: null | string
  reason: null | string
  required_by: null | string
  scheduled_for: null | string
  server_created_at: null | string
  started_at: null | string
  /** One of MAINTENANCE_STATUSES; kept as string because the service may add states. */
  status: string
  window: null | string
}

/** What the run's POST answers: the maintenance or, on some API versions, only a message. */
export type RunAnswer = Maintenance | {message: string}

/** The shape every maintenance answer must have to be read as one: a status, and the add-on it belongs to by name. */
export function isMaintenance(value: unknown): value is Maintenance {
  if (!isObject(value)) return false
  return typeof value.status === 'string' && isObject(value.addon) && typeof value.addon.name === 'string'
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

export interface MaintenanceWindow {
  previous_window: null | string
  previously_scheduled_at: null | string
  scheduled_at: null | string
  window: null | string
}

/** What `window:update` sends: a weekday in lower case and a 24-hour `HH:MM` start, both UTC. */
export interface WindowRequest {
  day_of_week: string
  time_of_day: string
}

/** An add-on as the Platform API's resolve action and `GET /apps/{app}/addons` return it (the fields we use). */
export interface AddOn {
  addon_service: {id?: string; name: string}
  app: {id: string; name: string}
  config_vars: string[]
  id: string
  name: string
  plan: {id?: string; name: string}
}

export interface HerokuApp {
  id: string
  maintenance: boolean
  name: string
}

export interface RedisInfoRow {
  name: string
  values: string[]
}

export interface RedisDatabase {
  [key: string]: unknown
  info: RedisInfoRow[]
  name: string
  plan?: string
  version?: string
}
