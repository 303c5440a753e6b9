import type {Column} from '../format/table.js'
import type {Maintenance} from './types.js'

import {ValidationError} from '../errors.js'
import {approximateDuration} from '../format/duration.js'
import {durationSeconds} from './impact.js'
import {timeColumn, timeSortKey, windowColumn} from './list.js'

/** The Data API returns at most 20 past maintenances; 5 is the Heroku CLI's default. */
export const HISTORY_LIMIT = {default: 5, max: 20, min: 1} as const

/** `--num`: a whole number from 1 to 20, checked before any request. */
export function parseHistoryLimit(text: string | undefined): number {
  if (text === undefined) return HISTORY_LIMIT.default
  const value = text.trim()
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(number) || number < HISTORY_LIMIT.min || number > HISTORY_LIMIT.max) {
    throw new ValidationError(`--num ${JSON.stringify(text)} is not valid: give a whole number from ${HISTORY_LIMIT.min} to ${HISTORY_LIMIT.max}.`)
  }

  return number
}

/**
 * Every column of `data:maintenances:history`, times in `zone` beside UTC (UTC alone by default). On a
 * terminal too narrow for all, window goes first, then required_by and scheduled_for.
 */
export function historyColumns(zone = 'UTC'): Column<Maintenance>[] {
  return [
    {color: 'status', header: 'Status', key: 'status', value: m => m.status},
    timeColumn('required_by', {full: 'Required by', short: 'Required by'}, zone, {dropOrder: 2}),
    timeColumn('scheduled_for', {full: 'Scheduled for', short: 'Scheduled'}, zone, {dropOrder: 3}),
    timeColumn('started_at', {full: 'Started at', short: 'Started'}, zone),
    timeColumn('completed_at', {full: 'Completed at', short: 'Completed'}, zone),
    {header: 'Duration', key: 'duration', sortKey: durationSeconds, value: m => approximateDuration(m.duration_seconds) ?? '-'},
    windowColumn(m => m.window, 1),
  ]
}

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
