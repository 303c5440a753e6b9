import {DateTime, IANAZone} from 'luxon'

/** Both forms the APIs use: ISO 8601, and `2016-02-01 00:00:00 +0000`. */
export function parseApiTime(value: null | string | undefined): DateTime | undefined {
  if (!value) return undefined
  const iso = DateTime.fromISO(value, {setZone: true})
  if (iso.isValid) return iso
  const spaced = DateTime.fromFormat(value, 'yyyy-MM-dd HH:mm:ss ZZZ', {setZone: true})
  if (spaced.isValid) return spaced
  return undefined
}

/** Epoch milliseconds of an API time, so that times sort chronologically; undefined when missing or unreadable. */
export function timeSortKey(value?: null | string): number | undefined {
  return parseApiTime(value)?.toMillis()
}

/** `2023-04-28 18:00:00 UTC`: an instant as every message and output names it in UTC. */
export function utcText(time: DateTime): string {
  return time.toUTC().toFormat("yyyy-MM-dd HH:mm:ss 'UTC'")
}

/** A number of seconds as the APIs send it (`duration_seconds` is a string); undefined when unknown or not a duration. */
export function parseSeconds(value: null | number | string | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined
}

/** Whether the zone database knows `zone` (an IANA name), or it is `UTC` in any case. */
export function isKnownZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || zone.toUpperCase() === 'UTC'
}
