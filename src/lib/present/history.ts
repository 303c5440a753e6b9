import type {Column} from '../format/table.js'
import type {Maintenance} from '../maintenance/types.js'

import {approximateDuration} from '../format/duration.js'
import {durationSeconds} from '../maintenance/impact.js'
import {timeColumn, windowColumn} from './list.js'

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
    {header: 'Duration', key: 'duration', sortKey: durationSeconds, value: m => approximateDuration(durationSeconds(m)) ?? '-'},
    windowColumn(m => m.window, 1),
  ]
}
