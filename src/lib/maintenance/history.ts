import type {Maintenance} from './types.js'

import {timeSortKey} from './time.js'

/** The Data API returns at most 20 past maintenances; 5 is the Heroku CLI's default. */
export const HISTORY_LIMIT = {default: 5, max: 20, min: 1} as const

/** When a past maintenance happened: its end, else its start, else when it was planned. */
export function happenedAt(m: Maintenance): number | undefined {
  return timeSortKey(m.completed_at) ?? timeSortKey(m.started_at) ?? timeSortKey(m.scheduled_for)
}

/** Newest first; maintenances with no time at all last, in the API's order. */
export function orderNewestFirst(maintenances: Maintenance[]): Maintenance[] {
  return maintenances
  .map((m, index) => ({index, key: happenedAt(m), m}))
  .sort((a, b) => {
    if (a.key === b.key) return a.index - b.index
    if (a.key === undefined) return 1
    if (b.key === undefined) return -1
    return b.key - a.key
  })
  .map(({m}) => m)
}
