import {MAINTENANCE_STATUSES, type MaintenanceStatus} from './types.js'

/** Statuses of a maintenance that is announced but has not started yet. */
export const NOT_STARTED: readonly MaintenanceStatus[] = ['pending', 'preparing', 'ready']

export function isKnownStatus(status: string): status is MaintenanceStatus {
  return (MAINTENANCE_STATUSES as readonly string[]).includes(status)
}

export function isNotStarted(status: string): boolean {
  return (NOT_STARTED as readonly string[]).includes(status)
}
