import type {DateTime} from 'luxon'

import type {AddonRecord, MaintenanceRecord} from './model.js'
import type {World} from './world.js'

import {formatInstant} from './clock.js'
import {describeWindow} from './rules.js'

/** A maintenance announced at `at` for the add-on's current server, not started yet. */
export function newMaintenance(
  world: World,
  addon: AddonRecord,
  fields: {at: DateTime; previouslyScheduledFor?: null | string; requiredBy: DateTime; rollId?: string; scheduledFor: DateTime; status: MaintenanceRecord['status']},
): MaintenanceRecord {
  return {
    id: world.random.uuid(),
    status: fields.status,
    method: 'failover',
    reason: 'routine_maintenance',
    announcedAt: formatInstant(fields.at),
    requiredBy: formatInstant(fields.requiredBy),
    scheduledFor: formatInstant(fields.scheduledFor),
    previouslyScheduledFor: fields.previouslyScheduledFor ?? null,
    startedAt: null,
    completedAt: null,
    durationSeconds: null,
    serverCreatedAt: addon.serverCreatedAt,
    window: addon.window ? describeWindow(addon.window) : null,
    steps: [],
    ...(fields.rollId === undefined ? {} : {rollId: fields.rollId}),
  }
}
