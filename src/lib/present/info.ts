import type {DateTime} from 'luxon'

import type {ColorRole} from '../format/color.js'
import type {Maintenance} from '../maintenance/types.js'

import {approximateDuration} from '../format/duration.js'
import {formatRelative, formatTime} from '../format/time.js'
import {isNotStarted} from '../maintenance/status.js'

const TIME_FIELDS = new Set(['completed_at', 'previously_scheduled_for', 'required_by', 'scheduled_for', 'server_created_at', 'started_at'])
/** Fields that say how far away they are while the maintenance has not started. */
const UPCOMING_FIELDS = new Set(['required_by', 'scheduled_for'])

function show(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}

/** What the human form of `info` colours on a colour terminal. */
export const MAINTENANCE_ROLES: Record<string, ColorRole> = {addon_attachments: 'attachment', addon_name: 'addon', app_name: 'app', status: 'status'}

/**
 * The human form of `info`: `addon.*` and `app.*` flattened to `addon_name`, `app_name`… (uuids dropped),
 * times in UTC with their zone, `duration_approximate`, and for an upcoming maintenance how far away it is.
 */
export function describeMaintenance(maintenance: Maintenance, now: DateTime, zone = 'UTC'): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(maintenance)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        const shown = show(innerValue)
        if (inner !== 'uuid' && shown !== undefined) flat[`${key}_${inner}`] = shown
      }

      continue
    }

    const shown = show(value)
    if (shown === undefined) continue
    if (TIME_FIELDS.has(key)) {
      const relative = isNotStarted(maintenance.status) && UPCOMING_FIELDS.has(key) ? formatRelative(shown, now) : undefined
      flat[key] = relative ? `${formatTime(shown, zone)} (${relative})` : formatTime(shown, zone)
    } else {
      flat[key] = shown
    }
  }

  const duration = approximateDuration(maintenance.duration_seconds)
  if (duration) flat.duration_approximate = duration
  return flat
}
