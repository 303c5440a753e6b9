import type {Apis} from '../api/index.js'
import type {Column} from '../format/table.js'
import type {Maintenance} from './types.js'

import {formatTime, parseApiTime} from '../format/time.js'
import {readNamedApp} from './addon.js'

/** Epoch milliseconds of an API time, so that time columns sort chronologically; undefined when missing or unreadable. */
export function timeSortKey(value?: null | string): number | undefined {
  return parseApiTime(value)?.toMillis()
}

function timeColumn(key: 'required_by' | 'scheduled_for', header: string, zone: string, hidden?: (m: Maintenance) => boolean): Column<Maintenance> {
  return {
    header,
    key,
    sortKey: m => (hidden?.(m) ? undefined : timeSortKey(m[key])),
    value: m => (hidden?.(m) ? '-' : formatTime(m[key], zone)),
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

/** Every column of `data:maintenances`, in the order `--extended` prints them. */
export function listColumns(options: ListColumnOptions = {}): Column<Maintenance>[] {
  const zone = options.zone ?? 'UTC'
  return [
    ...(options.fleet ? [{header: 'App', key: 'app', value: (m: Maintenance) => m.app.name}] : []),
    {header: 'Addon', key: 'addon', value: m => m.addon.name},
    {header: 'Attachments', key: 'attachments', value: m => m.addon.attachments.join(', ')},
    {header: 'Window', key: 'window', value: m => m.addon.window ?? m.window ?? '-'},
    {header: 'Status', key: 'status', value: m => m.status},
    timeColumn('required_by', 'Required by', zone),
    timeColumn('scheduled_for', 'Scheduled for', zone, isCompleted),
    {header: 'Kind', key: 'kind', value: m => m.addon.kind},
    {header: 'Plan', key: 'plan', value: m => m.addon.plan},
  ]
}

const EXTENDED_ONLY = new Set(['kind', 'plan'])

/** The columns shown without `--columns`: all of them with `--extended`, else all but kind and plan. */
export function defaultListColumns(columns: Column<Maintenance>[], extended: boolean): Column<Maintenance>[] {
  return extended ? columns : columns.filter(c => !EXTENDED_ONLY.has(c.key))
}

/** Soonest `required_by` first, add-ons with none last; ties by add-on then app name so that the order never depends on the API's. */
export function orderByRequiredBy(maintenances: Maintenance[]): Maintenance[] {
  return maintenances
  .map(m => ({key: timeSortKey(m.required_by), m}))
  .sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === undefined) return 1
      if (b.key === undefined) return -1
      return a.key - b.key
    }

    return a.m.addon.name.localeCompare(b.m.addon.name) || a.m.app.name.localeCompare(b.m.app.name)
  })
  .map(({m}) => m)
}

/** The maintenance of every data add-on of one app, in the default order (the API needs the app's id, not its name). */
export async function listAppMaintenances(apis: Pick<Apis, 'data' | 'platform'>, appName: string): Promise<Maintenance[]> {
  const app = await readNamedApp(appName, () => apis.platform.getApp(appName))
  return orderByRequiredBy(await apis.data.listForApp(app.id))
}
