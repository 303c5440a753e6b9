import type {Column} from '../format/table.js'
import type {Maintenance} from '../maintenance/types.js'

import {formatShortTime, formatShortWindow, formatTime, zoneLabel} from '../format/time.js'
import {timeSortKey} from '../maintenance/time.js'

type TimeField = 'completed_at' | 'required_by' | 'scheduled_for' | 'started_at'

/**
 * A time column: piped, `formatTime` (UTC, and the zone beside it); on a terminal, minutes in the zone
 * alone, which the short header names (`Scheduled (UTC)`).
 */
export function timeColumn(
  key: TimeField,
  headers: {full: string; short: string},
  zone: string,
  options: {dropOrder?: number; hidden?: (m: Maintenance) => boolean} = {},
): Column<Maintenance> {
  const {dropOrder, hidden} = options
  return {
    dropOrder,
    header: headers.full,
    key,
    short: {header: `${headers.short} (${zoneLabel(zone)})`, value: m => (hidden?.(m) ? '-' : formatShortTime(m[key], zone))},
    sortKey: m => (hidden?.(m) ? undefined : timeSortKey(m[key])),
    value: m => (hidden?.(m) ? '-' : formatTime(m[key], zone)),
  }
}

/** The window column: in full when piped, `Fri 18:00-22:00` under `Window (UTC)` on a terminal. */
export function windowColumn(window: (m: Maintenance) => null | string | undefined, dropOrder?: number): Column<Maintenance> {
  return {
    dropOrder,
    header: 'Window',
    key: 'window',
    short: {header: 'Window (UTC)', value: m => formatShortWindow(window(m))},
    value: m => window(m) ?? '-',
  }
}

/** A completed maintenance has nothing scheduled any more: its scheduled_for is history, not a plan. */
const isCompleted = (m: Maintenance) => m.status === 'completed'

export interface ListColumnOptions {
  /** Listing every app: an `app` column comes first. */
  fleet?: boolean
  /** Times in this zone beside UTC (formatTime); UTC alone by default. */
  zone?: string
}

/**
 * Every column of `data:maintenances`, in the order `--extended` prints them. On a terminal too narrow for
 * all, attachments go first, then window, required_by, kind and plan; app, addon, status and scheduled_for stay.
 */
export function listColumns(options: ListColumnOptions = {}): Column<Maintenance>[] {
  const zone = options.zone ?? 'UTC'
  const app: Column<Maintenance> = {color: 'app', flexible: true, header: 'App', key: 'app', value: m => m.app.name}
  return [
    ...(options.fleet ? [app] : []),
    {color: 'addon', flexible: true, header: 'Addon', key: 'addon', value: m => m.addon.name},
    {color: 'attachment', dropOrder: 1, flexible: true, header: 'Attachments', key: 'attachments', value: m => m.addon.attachments.join(', ')},
    windowColumn(m => m.addon.window ?? m.window, 2),
    {color: 'status', header: 'Status', key: 'status', value: m => m.status},
    timeColumn('required_by', {full: 'Required by', short: 'Required by'}, zone, {dropOrder: 3}),
    timeColumn('scheduled_for', {full: 'Scheduled for', short: 'Scheduled'}, zone, {hidden: isCompleted}),
    {
      dropOrder: 4,
      header: 'Kind',
      key: 'kind',
      short: {header: 'Kind', value: m => m.addon.kind.replace(/^heroku-/, '')},
      value: m => m.addon.kind,
    },
    {dropOrder: 5, header: 'Plan', key: 'plan', value: m => m.addon.plan},
  ]
}

const EXTENDED_ONLY = new Set(['kind', 'plan'])

/** The columns shown without `--columns`: all of them with `--extended`, else all but kind and plan. */
export function defaultListColumns(columns: Column<Maintenance>[], extended: boolean): Column<Maintenance>[] {
  return extended ? columns : columns.filter(c => !EXTENDED_ONLY.has(c.key))
}
