import {DateTime, Duration} from 'luxon'

/** The instant the simulated world starts at unless told otherwise (a Monday, noon UTC). */
export const DEFAULT_START = '2026-11-23T12:00:00Z'

/** Parses an ISO 8601 instant into UTC; null when it is not one. A bare date-time without offset is read as UTC. */
export function parseInstant(text: string): DateTime | null {
  if (typeof text !== 'string' || text.trim() === '') return null
  const parsed = DateTime.fromISO(text.trim(), {setZone: true, zone: 'utc'})
  return parsed.isValid ? parsed.toUTC() : null
}

/** The form formatInstant writes (read fast: a large world holds hundreds of thousands of them). */
const OWN_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/

/** Like parseInstant, for values the sandbox wrote itself: a bad one is a bug, not user input. */
export function instant(text: string): DateTime {
  if (OWN_INSTANT.test(text)) return DateTime.fromMillis(Date.parse(text), {zone: 'utc'})
  const parsed = parseInstant(text)
  if (!parsed) throw new Error(`not an ISO 8601 instant: ${text}`)
  return parsed
}

/** The last instants written, by their epoch ms modulo the size: a fleet writes the same instant for many records (a batch, a slot), which then share one string. */
const WRITTEN_SIZE = 4096
const writtenMillis = new Float64Array(WRITTEN_SIZE).fill(Number.NaN)
const writtenText: string[] = Array.from({length: WRITTEN_SIZE}, () => '')

/** The Data API's time form: ISO 8601 with milliseconds and a `+00:00` offset. */
export function formatInstant(time: DateTime): string {
  const millis = time.toMillis()
  const slot = millis & (WRITTEN_SIZE - 1)
  if (writtenMillis[slot] === millis) return writtenText[slot]
  // Date's own ISO form is this one for the years 0000–9999, and much faster to write; joined into one
  // flat string (a replaced one keeps its pieces, and a fleet holds millions of these).
  const text = millis >= -62_167_219_200_000 && millis < 253_402_300_800_000
    ? [new Date(millis).toISOString().slice(0, -1), '+00:00'].join('')
    : time.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ")
  writtenMillis[slot] = millis
  writtenText[slot] = text
  return text
}

/** The older form the Redis API uses in its info rows: `2016-02-01 00:00:00 +0000`. */
export function formatRedisTime(time: DateTime): string {
  return time.toUTC().toFormat('yyyy-MM-dd HH:mm:ss ZZZ')
}

/** A positive ISO 8601 duration such as `PT10M` or `P3DT4H`; null when the text is not one. */
export function parsePositiveDuration(text: unknown): Duration | null {
  if (typeof text !== 'string') return null
  const duration = Duration.fromISO(text.trim())
  if (!duration.isValid) return null
  const millis = duration.toMillis()
  return millis > 0 ? duration : null
}

/** What an admin clock request asks for: move forward by a duration, or jump to an instant. */
export type ClockChange = {advance: Duration} | {set: DateTime}

/**
 * The instant a clock change leads to from `current`. The simulated clock only moves forward
 * (and only when told to), so what the services did in the past can never be undone.
 */
export function clockTarget(current: DateTime, change: ClockChange): DateTime {
  const target = 'advance' in change ? current.plus(change.advance) : change.set
  if (target < current) {
    throw new RangeError(`the clock cannot go back from ${formatInstant(current)} to ${formatInstant(target)}`)
  }

  return target.toUTC()
}

export const CLOCK_MODES = ['real', 'manual'] as const
/** `real`: the simulated clock runs by itself (from the machine clock); `manual`: it moves only when told to. */
export type ClockMode = (typeof CLOCK_MODES)[number]

/** Seconds from a run's start to each of its four steps when the clock runs in real time: a few seconds in all. */
export const REAL_TIME_STEP_OFFSETS = [1, 2, 3, 5] as const

/**
 * The sandbox's simulated clock. In `manual` mode it stands still until moved. In `real` mode it runs
 * `speed` times as fast as the machine clock from the instant it was last set; at speed 1 from the
 * machine's own time, it reads the machine's time. Either way `moveTo` jumps it (forward only).
 */
export class SandboxClock {
  private anchorMs: number
  private anchorWallMs: number

  constructor(
    readonly mode: ClockMode,
    start: DateTime,
    readonly speed: number = 1,
    private readonly wall: () => number = Date.now,
  ) {
    this.anchorMs = start.toMillis()
    this.anchorWallMs = wall()
  }

  now(): DateTime {
    if (this.mode === 'manual') return DateTime.fromMillis(this.anchorMs, {zone: 'utc'})
    return DateTime.fromMillis(this.anchorMs + Math.max(0, this.wall() - this.anchorWallMs) * this.speed, {zone: 'utc'})
  }

  moveTo(target: DateTime): void {
    this.anchorMs = Math.max(target.toMillis(), this.now().toMillis())
    this.anchorWallMs = this.wall()
  }

  /** Machine milliseconds until the clock reads `target`; Infinity when it will not move by itself. */
  millisUntil(target: DateTime): number {
    if (this.mode === 'manual') return Number.POSITIVE_INFINITY
    return Math.max(0, (target.toMillis() - this.now().toMillis()) / this.speed)
  }
}
