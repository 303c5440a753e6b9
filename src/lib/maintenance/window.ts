import {DateTime, FixedOffsetZone, IANAZone} from 'luxon'

import type {Maintenance, MaintenanceWindow, WindowRequest} from './types.js'

import {ValidationError} from '../errors.js'
import {isNotStarted} from './status.js'
import {parseApiTime} from './time.js'

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

/** How a start given in a time zone became the UTC start the service takes. */
export interface ZoneConversion {
  /** -1 when the window starts the day before in UTC, 1 the day after, 0 the same day. */
  dayShift: -1 | 0 | 1
  local: WeeklyStart
  /** The local occurrence whose offset was used: the next one at or after now (in the zone). */
  occurrence: DateTime
  /** The zone's offset at that occurrence, e.g. `+01:00`. */
  offset: string
  /** When the zone has another offset in that year (summer or winter time): it, and the local start the UTC window has then. */
  otherSeason?: {local: WeeklyStart; offset: string}
  /** The occurrence that was skipped because that local time does not exist then (clocks moved forward). */
  skipped?: DateTime
  utc: WeeklyStart
  zone: string
}

/** `+01:00`, `-05:30` from minutes east of UTC. */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const absolute = Math.abs(minutes)
  return `${sign}${formatTimeOfDay({hour: Math.floor(absolute / 60), minute: absolute % 60})}`
}

function weekdayNumber(day: Weekday): number {
  return WEEKDAYS.indexOf(day) + 1
}

/**
 * The UTC start of a weekly window given as `local` in `zone`. A zone's offset changes over the year, so
 * the offset of the next occurrence at or after `now` decides; an occurrence that does not exist (the
 * clocks skip that hour) is passed over for the one a week later.
 */
export function startInUtc(local: WeeklyStart, zone: string, now: DateTime): ZoneConversion {
  const here = now.setZone(zone)
  const {hour, minute} = local.time
  const daysAhead = (weekdayNumber(local.day) - here.weekday + 7) % 7
  let skipped: DateTime | undefined
  for (let weeks = 0; weeks < 3; weeks++) {
    const date = here.startOf('day').plus({days: daysAhead + 7 * weeks})
    const occurrence = DateTime.fromObject({day: date.day, hour, minute, month: date.month, year: date.year}, {zone})
    if (occurrence < now) continue
    if (occurrence.hour !== hour || occurrence.minute !== minute) {
      skipped = date
      continue
    }

    const utc = occurrence.toUTC()
    const shift = (utc.weekday - occurrence.weekday + 7) % 7
    const offsets = new Set([1, 7].map(month => IANAZone.create(zone).offset(DateTime.utc(occurrence.year, month, 1).toMillis())))
    offsets.delete(occurrence.offset)
    const [other] = offsets
    const otherLocal = other === undefined ? undefined : utc.setZone(FixedOffsetZone.instance(other))
    return {
      dayShift: shift === 0 ? 0 : (shift === 1 ? 1 : -1),
      local,
      occurrence,
      offset: formatOffset(occurrence.offset),
      ...(otherLocal ? {otherSeason: {local: {day: WEEKDAYS[otherLocal.weekday - 1], time: {hour: otherLocal.hour, minute: otherLocal.minute}}, offset: formatOffset(other)}} : {}),
      ...(skipped ? {skipped} : {}),
      utc: {day: WEEKDAYS[utc.weekday - 1], time: {hour: utc.hour, minute: utc.minute}},
      zone,
    }
  }

  // Unreachable for real zones: an hour is skipped at most once a year.
  throw new ValidationError(`${formatTimeOfDay(local.time)} on ${local.day} does not exist in ${zone} in the coming weeks: choose another time.`)
}

/** What window:update sends, and how it got there: the start in UTC, and the conversion when DAY TIME were given in a zone. */
export interface PlannedWindow {
  conversion?: ZoneConversion
  request: WindowRequest
  start: WeeklyStart
}

/** DAY TIME as typed, in `zone` when one is given, else in UTC (never the machine's zone), as the body window:update sends. */
export function planWindowRequest(options: {day: Weekday; now: DateTime; time: TimeOfDay; zone?: string}): PlannedWindow {
  const {day, now, time, zone} = options
  const conversion = zone === undefined ? undefined : startInUtc({day, time}, zone, now)
  const start = conversion ? conversion.utc : {day, time}
  return {...(conversion ? {conversion} : {}), request: windowRequest(start.day, start.time), start}
}

/** A request in the service's own wording, e.g. `Sundays 14:30 to 18:30 UTC`. */
export function serviceWindowText(request: WindowRequest): string {
  const [hour, minute] = request.time_of_day.split(':').map(Number)
  const end = formatTimeOfDay({hour: (hour + WINDOW_HOURS) % 24, minute})
  const day = request.day_of_week.charAt(0).toUpperCase() + request.day_of_week.slice(1)
  return `${day}s ${request.time_of_day} to ${end} UTC`
}

/** The first start of the weekly window `start` (UTC) at or after `notBefore`. */
export function nextWindowStart(start: WeeklyStart, notBefore: DateTime): DateTime {
  const from = notBefore.toUTC()
  const daysAhead = (weekdayNumber(start.day) - from.weekday + 7) % 7
  let next = from.startOf('day').plus({days: daysAhead}).set({hour: start.time.hour, minute: start.time.minute})
  if (next < from) next = next.plus({weeks: 1})
  return next
}

/** Customers are told of a maintenance at least this many business days ahead (Dev Center). */
export const NOTICE_BUSINESS_DAYS = 3

/** `time` plus `days` business days (Monday to Friday, in UTC), at the same time of day. */
export function addBusinessDays(time: DateTime, days: number): DateTime {
  let current = time.toUTC()
  let left = days
  while (left > 0) {
    current = current.plus({days: 1})
    if (current.weekday <= 5) left--
  }

  return current
}

/**
 * Where a maintenance that has not started would move with the new window: the window's first start at least
 * NOTICE_BUSINESS_DAYS business days from now, if that is not after required_by. Undefined when it cannot be
 * told (nothing scheduled, or the service must pick another time before required_by).
 */
export function estimateNextMaintenance(maintenance: Maintenance, start: WeeklyStart, now: DateTime): DateTime | undefined {
  if (!isNotStarted(maintenance.status)) return undefined
  const requiredBy = parseApiTime(maintenance.required_by)
  const next = nextWindowStart(start, addBusinessDays(now, NOTICE_BUSINESS_DAYS))
  if (requiredBy && next > requiredBy) return undefined
  return next
}

export interface WindowUpdateOutcome {
  /** The body window:update would send. */
  request: WindowRequest
  window: string
  previous_window: null | string
  /** DAY TIME as given with --tz, and the offset used to convert them; null without --tz. */
  converted_from: null | {zone: string; day_of_week: Weekday; time_of_day: string; utc_offset: string; day_shift: -1 | 0 | 1}
  next_window_start: string
  /** Estimated start of the next maintenance in the new window; null when it cannot be told. */
  next_maintenance_estimate: null | string
}

/** The dry-run outcome of window:update from the window and maintenance as they are now. */
export function windowUpdateOutcome(options: {before: MaintenanceWindow; current: Maintenance; now: DateTime; planned: PlannedWindow}): WindowUpdateOutcome {
  const {before, current, now, planned} = options
  const {conversion} = planned
  const estimate = estimateNextMaintenance(current, planned.start, now)
  return {
    request: planned.request,
    window: serviceWindowText(planned.request),
    previous_window: before.window,
    converted_from: conversion
      ? {zone: conversion.zone, day_of_week: conversion.local.day, time_of_day: formatTimeOfDay(conversion.local.time), utc_offset: conversion.offset, day_shift: conversion.dayShift}
      : null,
    next_window_start: nextWindowStart(planned.start, now).toISO() as string,
    next_maintenance_estimate: estimate ? (estimate.toISO() as string) : null,
  }
}
