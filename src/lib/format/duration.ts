import {ValidationError} from '../errors.js'
import {parseSeconds} from '../maintenance/time.js'

function plural(n: number, unit: string): string {
  return `~ ${n} ${unit}${n === 1 ? '' : 's'}`
}

/** `~ 3 minutes` from a number of seconds (the API sends it as a string); undefined when unknown. */
export function approximateDuration(seconds: null | number | string | undefined): string | undefined {
  const value = parseSeconds(seconds)
  if (value === undefined) return undefined
  if (value < 90) return plural(Math.round(value), 'second')
  if (value < 90 * 60) return plural(Math.round(value / 60), 'minute')
  const hours = value / 3600
  return plural(hours < 10 ? Math.round(hours * 10) / 10 : Math.round(hours), 'hour')
}

/** The longest duration a timer can wait: 2^31 - 1 ms, about 24.8 days; we accept whole days up to 24. */
export const MAX_DURATION_MS = 24 * 86_400_000

const UNITS: Record<string, number> = {d: 86_400_000, h: 3_600_000, m: 60_000, ms: 1, s: 1000}

/** `90s`, `30m`, `2h`, `1h30m`, `500ms`, `24d` → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim().toLowerCase()
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|d|h|m|s)/g)]
  const consumed = parts.map(p => p[0]).join('')
  if (!value || parts.length === 0 || consumed !== value) {
    throw new ValidationError(`${flag} ${JSON.stringify(text)} is not a duration: use a positive number with a unit, such as 90s, 30m, 2h or 1h30m.`)
  }

  const ms = parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit], 0)
  if (ms <= 0) throw new ValidationError(`${flag} ${JSON.stringify(text)} must be greater than zero (for example 90s, 30m, 2h).`)
  // Node's timers cannot wait longer than this (it would fire at once), and no wait needs to.
  if (!(ms <= MAX_DURATION_MS)) throw new ValidationError(`${flag} ${JSON.stringify(text)} is too long: at most 24 days (24d, 576h).`)
  return ms
}

/** `2m 5s`, `1h 0m 3s`: an elapsed time for progress lines. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return `${h}h ${m}m ${s}s`
  if (m > 0) return `${m}m ${s}s`
  return `${s}s`
}
