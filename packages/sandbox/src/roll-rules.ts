import {DateTime, IANAZone} from 'luxon'

import {addBusinessDays, nextWindowStart, NOTICE_BUSINESS_DAYS, parseTimeOfDay, type WeeklyWindow, WINDOW_HOURS} from './rules.js'

/** The on-call operator's business hours: Monday to Friday, `startMinute` to `endMinute` in `zone`. */
export interface OnCallHours {
  zone: string
  startMinute: number
  endMinute: number
}

/** A standby rebuilt from the new image takes this long (simulated minutes). */
export const STANDBY_REPLACEMENT_MINUTES = 20
/** An add-on without a standby is replaced in place: this much downtime. */
export const UNREPLICATED_REPLACEMENT_MINUTES = 2
/** A standby out of sync for this long pages the operator, and its add-on is held. */
export const PAGE_AFTER_MINUTES = 30
/** Service-run maintenances are booked into slots this long, at most `concurrency` starts per slot (a run takes less). */
export const SLOT_MINUTES = 5
/** Once every standby is new, the service books and notifies this many HA add-ons per simulated minute, in roll order. */
export const SCHEDULING_BATCH = 500
/** Without `required_by`, a roll must be done this many days after it starts (the seed's five weeks). */
export const DEFAULT_ROLL_DAYS = 35

const SLOT_MS = SLOT_MINUTES * 60_000
const WINDOW_MS = WINDOW_HOURS * 3_600_000
const WEEK_MS = 7 * 86_400_000

/** Plans without a standby: Key-Value Store mini, Postgres essential-*, hobby-* and mini. */
export function isHighAvailability(plan: string): boolean {
  const tier = plan.split('-')[0]
  return !['essential', 'hobby', 'mini'].includes(tier)
}

/** Reads `{"zone", "start", "end"}`; the one-line reason it cannot be used otherwise. */
export function parseOnCall(value: unknown): OnCallHours | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'on_call must be an object such as {"zone": "America/Los_Angeles", "start": "09:00", "end": "17:00"}.'
  const {end, start, zone} = value as Record<string, unknown>
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) return `on_call.zone must be an IANA time zone such as America/Los_Angeles, not ${JSON.stringify(zone)}.`
  const startMinute = typeof start === 'string' && /^\d\d:\d\d$/.test(start) ? parseTimeOfDay(start) : null
  const endMinute = typeof end === 'string' && /^\d\d:\d\d$/.test(end) ? parseTimeOfDay(end) : null
  if (startMinute === null) return `on_call.start must be a time such as 09:00, not ${JSON.stringify(start)}.`
  if (endMinute === null) return `on_call.end must be a time such as 17:00, not ${JSON.stringify(end)}.`
  if (endMinute <= startMinute) return `on_call.end (${end as string}) must be after on_call.start (${start as string}) on the same day.`
  return {zone, startMinute, endMinute}
}

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** Offsets (minutes) of each zone per UTC hour: a fleet asks millions of times, and zones change offset on the hour. */
const offsets = new Map<string, Map<number, number>>()

function offsetMinutes(zone: string, ms: number): number {
  let byHour = offsets.get(zone)
  if (!byHour) {
    byHour = new Map()
    offsets.set(zone, byHour)
  }

  const hour = Math.floor(ms / HOUR_MS)
  let offset = byHour.get(hour)
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, {zone}).offset
    byHour.set(hour, offset)
  }

  return offset
}

/** Whether `at` is inside the operator's business hours. */
export function isOnCall(onCall: OnCallHours, at: DateTime): boolean {
  const local = at.toMillis() + offsetMinutes(onCall.zone, at.toMillis()) * 60_000
  const day = Math.floor(local / DAY_MS)
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((day + 3) % 7 + 7) % 7 + 1
  const minute = Math.floor((local - day * DAY_MS) / 60_000)
  return weekday <= 5 && minute >= onCall.startMinute && minute < onCall.endMinute
}

/**
 * The operator's shifts (epoch ms, end exclusive) from the one that contains or follows `from`, as long as `until` allows.
 * @yields [start, end] of each shift, the first one cut to start at `from`
 */
export function * onCallShifts(onCall: OnCallHours, from: DateTime, until: DateTime): Generator<[number, number]> {
  let day = from.setZone(onCall.zone).startOf('day')
  const untilMs = until.toMillis()
  for (;;) {
    const start = day.plus({minutes: onCall.startMinute}).toMillis()
    if (start > untilMs) return
    const end = day.plus({minutes: onCall.endMinute}).toMillis()
    if (day.weekday <= 5 && end > from.toMillis()) yield [Math.max(start, from.toMillis()), end]
    day = day.plus({days: 1})
  }
}

/** The first instant at or after `from` inside the operator's business hours (null past `until`). */
export function nextOnCall(onCall: OnCallHours, from: DateTime, until: DateTime): DateTime | null {
  const first = onCallShifts(onCall, from, until).next()
  return first.done ? null : DateTime.fromMillis(first.value[0], {zone: 'utc'})
}

/** Whether `at` is inside an occurrence of the weekly window (always, for an add-on without one). */
export function isInWindow(window: null | WeeklyWindow, at: DateTime): boolean {
  if (!window) return true
  const start = nextWindowStart(window, at.minus({milliseconds: WINDOW_MS - 1}))
  return start <= at
}

function ceilToSlot(ms: number): number {
  return Math.ceil(ms / SLOT_MS) * SLOT_MS
}

/**
 * Candidate starts (epoch ms, in order) for a maintenance notified at `now`: slot starts inside both an
 * occurrence of the window that starts at least NOTICE_BUSINESS_DAYS business days after `now` (the
 * rule rules.ts schedules by) and the operator's hours, none after `required`. Without a window, any
 * slot in the operator's hours from that notice on.
 */
export function candidateStarts(window: null | WeeklyWindow, onCall: OnCallHours, now: DateTime, required: DateTime): number[] {
  const notBefore = addBusinessDays(now, NOTICE_BUSINESS_DAYS)
  const requiredMs = required.toMillis()
  const starts: number[] = []
  const addShift = (from: number, to: number): void => {
    for (let slot = ceilToSlot(from); slot < to && slot <= requiredMs; slot += SLOT_MS) starts.push(slot)
  }

  if (!window) {
    for (const [start, end] of onCallShifts(onCall, notBefore, required)) addShift(start, end)
    return starts
  }

  for (let occurrence = nextWindowStart(window, notBefore).toMillis(); occurrence <= requiredMs; occurrence += WEEK_MS) {
    const open = DateTime.fromMillis(occurrence, {zone: 'utc'})
    // Shifts of the days around the window (a shift may begin the evening before, in the operator's zone).
    for (const [start, end] of onCallShifts(onCall, open.minus({days: 1}), open.plus({milliseconds: WINDOW_MS}))) {
      const from = Math.max(start, occurrence)
      const to = Math.min(end, occurrence + WINDOW_MS)
      if (from < to) addShift(from, to)
    }
  }

  return starts
}

/**
 * The earliest of candidateStarts' starts for a notice at `now`: the window occurrence (or, without a
 * window, the instant) NOTICE_BUSINESS_DAYS business days on. A later notice leaves out exactly the
 * candidates of an earlier one before this, so those can be narrowed instead of worked out again.
 */
export function earliestStart(window: null | WeeklyWindow, now: DateTime): number {
  const notBefore = addBusinessDays(now, NOTICE_BUSINESS_DAYS)
  return (window ? nextWindowStart(window, notBefore) : notBefore).toMillis()
}

/** The booking slot an instant falls in (its key in a roll's bookings). */
export function slotOf(ms: number): number {
  return Math.floor(ms / SLOT_MS)
}
