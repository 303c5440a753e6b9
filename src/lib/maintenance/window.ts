import type {MaintenanceWindow, WindowRequest} from './types.js'

import {ValidationError} from '../errors.js'
import {formatTime} from '../format/time.js'

/** In ISO order, so that a day's index + 1 is luxon's weekday number (1 = Monday … 7 = Sunday). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** A start time on a 24-hour clock. */
export interface TimeOfDay {
  hour: number
  minute: number
}

/** Where a weekly window starts: a weekday and a time of day, in one zone. */
export interface WeeklyStart {
  day: Weekday
  time: TimeOfDay
}

/** Every window lasts this long (Dev Center). */
export const WINDOW_HOURS = 4

export const DAY_FORMS = 'a weekday name in any case, singular or plural (Sunday, sundays, SUNDAY), or its 3-letter abbreviation (sun)'
export const TIME_FORMS = '24-hour HH:MM (14:30, 9:05) or H:MM AM/PM (2:30 PM, 2:30pm, 12:00 AM)'

/** `sunday`, `Sundays`, `SUNDAY`, `sun` → `sunday`. */
export function parseDayOfWeek(text: string): Weekday {
  const word = text.trim().toLowerCase()
  const day = WEEKDAYS.find(name => word === name || word === `${name}s` || word === name.slice(0, 3))
  if (day) return day
  if (!word) throw new ValidationError(`DAY is empty: use ${DAY_FORMS}.`)
  throw new ValidationError(`DAY ${JSON.stringify(text)} is not a day of the week: use ${DAY_FORMS}.`)
}

const TWENTY_FOUR_HOUR = /^(\d{1,2}):(\d{2})$/
const TWELVE_HOUR = /^(\d{1,2}):(\d{2})\s*([ap])m$/i

/** `14:30`, `9:05`, `2:30 PM`, `2:30pm`, `12:00 AM` → hour and minute on a 24-hour clock. */
export function parseTimeOfDay(text: string): TimeOfDay {
  const value = text.trim()
  const fail = () => new ValidationError(value
    ? `TIME ${JSON.stringify(text)} is not a time of day: use ${TIME_FORMS}.`
    : `TIME is empty: use ${TIME_FORMS}.`)
  const twentyFour = TWENTY_FOUR_HOUR.exec(value)
  if (twentyFour) {
    const hour = Number(twentyFour[1])
    const minute = Number(twentyFour[2])
    if (hour > 23 || minute > 59) throw fail()
    return {hour, minute}
  }

  const twelve = TWELVE_HOUR.exec(value)
  if (twelve) {
    const hour = Number(twelve[1])
    const minute = Number(twelve[2])
    if (hour < 1 || hour > 12 || minute > 59) throw fail()
    // 12:xx AM is just after midnight and 12:xx PM just after noon.
    const afternoon = twelve[3].toLowerCase() === 'p'
    return {hour: (hour % 12) + (afternoon ? 12 : 0), minute}
  }

  throw fail()
}

/** `09:05`: the form the API takes and shows. */
export function formatTimeOfDay(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`
}

/**
 * The body of `window:update` for a window starting at `day` `time` UTC. The start is kept as a
 * WeeklyStart until the last line, so a time-zone option is one more step (start → start in UTC) before it.
 */
export function windowRequest(day: Weekday, time: TimeOfDay): WindowRequest {
  const start: WeeklyStart = {day, time}
  return {day_of_week: start.day, time_of_day: formatTimeOfDay(start.time)}
}

/** A request in the service's own wording, e.g. `Sundays 14:30 to 18:30 UTC`. */
export function describeWindowRequest(request: WindowRequest): string {
  const [hour, minute] = request.time_of_day.split(':').map(Number)
  const end = formatTimeOfDay({hour: (hour + WINDOW_HOURS) % 24, minute})
  const day = request.day_of_week.charAt(0).toUpperCase() + request.day_of_week.slice(1)
  return `${day}s ${request.time_of_day} to ${end} UTC`
}

/**
 * The human form of `window`: the window and the next scheduled maintenance always (`-` when the API
 * has none), the previous window and time only when the API gives them (that is, when they were moved).
 */
export function describeWindow(window: MaintenanceWindow, zone = 'UTC'): Record<string, string> {
  const described: Record<string, string> = {
    scheduled_at: formatTime(window.scheduled_at, zone),
    window: window.window ?? '-',
  }
  if (window.previous_window) described.previous_window = window.previous_window
  if (window.previously_scheduled_at) described.previously_scheduled_at = formatTime(window.previously_scheduled_at, zone)
  return described
}

/**
 * The human form of `window:update`: the window before (read first) and after (the POST's answer, or
 * what was asked when the answer has none), and the scheduled time before and after when the answer has one.
 */
export function describeWindowUpdate(before: MaintenanceWindow, after: MaintenanceWindow, sent: WindowRequest, zone = 'UTC'): Record<string, string> {
  const described: Record<string, string> = {
    previous_window: before.window ?? '-',
    window: after.window ?? describeWindowRequest(sent),
  }
  if (after.scheduled_at) {
    described.scheduled_at = formatTime(after.scheduled_at, zone)
    described.previously_scheduled_at = formatTime(before.scheduled_at, zone)
  }

  return described
}
