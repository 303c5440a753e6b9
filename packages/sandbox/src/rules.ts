import {DateTime} from 'luxon'

import {SeededRandom} from './random.js'

/** Maintenance is required at least this often after a server is created. */
export const MAINTENANCE_INTERVAL_DAYS = 90
/** How long before `required_by` the service announces (schedules) a maintenance. */
export const ANNOUNCE_DAYS_BEFORE_REQUIRED = 14
/** Customers are told at least this many business days before a scheduled maintenance. */
export const NOTICE_BUSINESS_DAYS = 3
/** Every maintenance window lasts this long. */
export const WINDOW_HOURS = 4
/** After the announcement the new standby is built: pending, then preparing, then ready. */
export const PREPARING_AFTER_MINUTES = 30
export const READY_AFTER_MINUTES = 120

export type AddonServiceName = 'heroku-postgresql' | 'heroku-redis'

/** A weekly window: ISO weekday (1 = Monday … 7 = Sunday) and start time as minutes after midnight UTC. */
export interface WeeklyWindow {
  weekday: number
  startMinute: number
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

function clock(minutes: number): string {
  const normalized = ((minutes % 1440) + 1440) % 1440
  const hours = Math.floor(normalized / 60)
  return `${String(hours).padStart(2, '0')}:${String(normalized % 60).padStart(2, '0')}`
}

/** Each window's wording, once (every maintenance of a fleet holds one). */
const windowDescriptions = new Map<number, string>()

/** The service's wording of a window, e.g. `Fridays 18:00 to 22:00 UTC`. */
export function describeWindow(window: WeeklyWindow): string {
  const key = window.weekday * 1440 + window.startMinute
  let text = windowDescriptions.get(key)
  if (text === undefined) {
    text = `${WEEKDAY_NAMES[window.weekday - 1]}s ${clock(window.startMinute)} to ${clock(window.startMinute + WINDOW_HOURS * 60)} UTC`
    windowDescriptions.set(key, text)
  }

  return text
}

/** Reads a day of the week as a customer types it: `sunday`, `Sundays`, `sun`. Null when it is none. */
export function parseDayOfWeek(text: string): null | number {
  const wanted = text.trim().toLowerCase()
  if (wanted.length < 3) return null
  const index = WEEKDAY_NAMES.findIndex(name => {
    const day = name.toLowerCase()
    return day === wanted || `${day}s` === wanted || (wanted.length === 3 && day.startsWith(wanted))
  })
  return index === -1 ? null : index + 1
}

/** Reads a start time in UTC: `14:30`, `9:05`, `2:30PM`, `2:30 pm`. Minutes after midnight, or null. */
export function parseTimeOfDay(text: string): null | number {
  const match = /^(\d{1,2}):(\d{2})\s*([ap]m)?$/i.exec(text.trim())
  if (!match) return null
  let hours = Number(match[1])
  const minutes = Number(match[2])
  const meridiem = match[3]?.toLowerCase()
  if (minutes > 59) return null
  if (meridiem) {
    if (hours < 1 || hours > 12) return null
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0)
  } else if (hours > 23) {
    return null
  }

  return hours * 60 + minutes
}

/** The window a new add-on gets when the customer picks none: a start Monday–Friday between 18:00 and 23:00 UTC. */
export function defaultWindow(random: SeededRandom): WeeklyWindow {
  const weekday = 1 + random.integer(5)
  const halfHours = random.integer(11) // 18:00, 18:30, … 23:00
  return {weekday, startMinute: 18 * 60 + halfHours * 30}
}

/** The latest instant a maintenance may happen for a server created at `serverCreatedAt`. */
export function requiredBy(serverCreatedAt: DateTime): DateTime {
  return serverCreatedAt.plus({days: MAINTENANCE_INTERVAL_DAYS})
}

/** When the service announces the maintenance due at `required`. */
export function announcementTime(required: DateTime): DateTime {
  return required.minus({days: ANNOUNCE_DAYS_BEFORE_REQUIRED})
}

function isWeekend(time: DateTime): boolean {
  return time.weekday >= 6
}

/** `time` moved forward by `days` business days (Monday–Friday), keeping the time of day. */
export function addBusinessDays(time: DateTime, days: number): DateTime {
  let current = time
  let left = days
  while (left > 0) {
    current = current.plus({days: 1})
    if (!isWeekend(current)) left--
  }

  return current
}

/** The first start of `window` at or after `notBefore`. */
export function nextWindowStart(window: WeeklyWindow, notBefore: DateTime): DateTime {
  const from = notBefore.toUTC()
  const daysAhead = (window.weekday - from.weekday + 7) % 7
  let start = from.startOf('day').plus({days: daysAhead, minutes: window.startMinute})
  if (start < from) start = start.plus({weeks: 1})
  return start
}

/**
 * When a maintenance announced at `now` is scheduled: the first window start at least three
 * business days away and not after `required`; without such a window (or any window), at `required`.
 */
export function scheduleTime(window: null | WeeklyWindow, now: DateTime, required: DateTime): DateTime {
  if (!window) return DateTime.max(required, now)
  const start = nextWindowStart(window, addBusinessDays(now, NOTICE_BUSINESS_DAYS))
  if (start > required) return DateTime.max(required, now)
  return start
}

/**
 * Whether a plan may set its window and run maintenance on demand. Returns the tier word that
 * allowed it, or null. Redis: premium, private, shield. Postgres: standard, premium, private, shield.
 */
export function controllableTier(service: AddonServiceName, plan: string): null | string {
  const tiers = service === 'heroku-redis' ? ['premium', 'private', 'shield'] : ['standard', 'premium', 'private', 'shield']
  const tier = plan.split('-')[0]
  return tiers.includes(tier) ? tier : null
}

/** A human reading of a plan name: `premium-0` → `Premium 0`, `mini` → `Mini`. */
export function humanPlanName(plan: string): string {
  return plan
  .split('-')
  .map(part => part.charAt(0).toUpperCase() + part.slice(1))
  .join(' ')
}

export type ShiftResult = {ok: false; reason: 'after_required_by' | 'in_the_past'} | {ok: true; time: DateTime}

/** A scheduled maintenance moved by whole weeks, refused past `required` or before `now`. */
export function shiftByWeeks(scheduled: DateTime, weeks: number, now: DateTime, required: DateTime): ShiftResult {
  const moved = scheduled.plus({weeks})
  if (moved > required) return {ok: false, reason: 'after_required_by'}
  if (moved < now) return {ok: false, reason: 'in_the_past'}
  return {ok: true, time: moved}
}
