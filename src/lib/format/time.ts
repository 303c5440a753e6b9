import type {DateTime} from 'luxon'

import {parseApiTime, utcText} from '../maintenance/time.js'

/** `2023-04-28 18:00:00 UTC`; with another zone, the local time first and UTC beside it. Unparseable input is shown as it came. */
export function formatTime(value: null | string | undefined, zone = 'UTC'): string {
  if (!value) return '-'
  const time = parseApiTime(value)
  if (!time) return value
  const utc = utcText(time)
  if (zone.toUpperCase() === 'UTC') return utc
  return `${time.setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ')} (${utc})`
}

/** `in 2 days`, `3 hours ago`, relative to now. */
export function formatRelative(value: null | string | undefined, now: DateTime): string | undefined {
  const time = parseApiTime(value)
  if (!time) return undefined
  return time.toRelative({base: now}) ?? undefined
}

/** `2023-04-28 18:00` in `zone`, for a table column whose header names the zone (zoneLabel). Unparseable input is shown as it came. */
export function formatShortTime(value: null | string | undefined, zone = 'UTC'): string {
  if (!value) return '-'
  const time = parseApiTime(value)
  if (!time) return value
  return time.setZone(zone.toUpperCase() === 'UTC' ? 'UTC' : zone).toFormat('yyyy-MM-dd HH:mm')
}

/** A zone as a column header names it: `UTC`, or the place of an IANA name (`Berlin`, `New York`). */
export function zoneLabel(zone = 'UTC'): string {
  if (zone.toUpperCase() === 'UTC') return 'UTC'
  return zone.split('/').at(-1)!.replaceAll('_', ' ')
}

/** `Fridays 18:00 to 22:00 UTC` as `Fri 18:00-22:00`, for a column whose header says UTC; other forms as they came. */
export function formatShortWindow(window: null | string | undefined): string {
  if (!window) return '-'
  const match = /^([a-z]{3})[a-z]*\s+(\d{1,2}:\d{2})\s+to\s+(\d{1,2}:\d{2})\s+UTC$/i.exec(window.trim())
  return match ? `${match[1]} ${match[2]}-${match[3]}` : window
}
