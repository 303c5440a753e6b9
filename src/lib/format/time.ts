import {DateTime, IANAZone} from 'luxon'

import {ValidationError} from '../errors.js'

/** Both forms the APIs use: ISO 8601, and `2016-02-01 00:00:00 +0000`. */
export function parseApiTime(value: null | string | undefined): DateTime | undefined {
  if (!value) return undefined
  const iso = DateTime.fromISO(value, {setZone: true})
  if (iso.isValid) return iso
  const spaced = DateTime.fromFormat(value, 'yyyy-MM-dd HH:mm:ss ZZZ', {setZone: true})
  if (spaced.isValid) return spaced
  return undefined
}

/** A zone given by the user (`--tz`, `TZ`), checked against the zone database. */
export function checkZone(zone: string, origin = '--tz'): string {
  if (!IANAZone.isValidZone(zone) && zone.toUpperCase() !== 'UTC') {
    throw new ValidationError(`Unknown time zone ${JSON.stringify(zone)} in ${origin}: use an IANA name such as Europe/Berlin, America/New_York or UTC.`)
  }

  return zone
}

/** `2023-04-28 18:00:00 UTC`; with another zone, the local time first and UTC beside it. Unparseable input is shown as it came. */
export function formatTime(value: null | string | undefined, zone = 'UTC'): string {
  if (!value) return '-'
  const time = parseApiTime(value)
  if (!time) return value
  const utc = time.toUTC().toFormat("yyyy-MM-dd HH:mm:ss 'UTC'")
  if (zone.toUpperCase() === 'UTC') return utc
  return `${time.setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ')} (${utc})`
}

/** `in 2 days`, `3 hours ago`, relative to now. */
export function formatRelative(value: null | string | undefined, now: DateTime): string | undefined {
  const time = parseApiTime(value)
  if (!time) return undefined
  return time.toRelative({base: now}) ?? undefined
}
