import type {MaintenanceWindow, WindowRequest} from '../maintenance/types.js'

import {formatTime} from '../format/time.js'
import {isNotStarted} from '../maintenance/status.js'
import {
  formatTimeOfDay,
  NOTICE_BUSINESS_DAYS,
  serviceWindowText,
  type Weekday,
  type WeeklyStart,
  type WindowUpdateOutcome,
  type ZoneConversion,
} from '../maintenance/window.js'

function dayName(day: Weekday): string {
  return day.charAt(0).toUpperCase() + day.slice(1)
}

/** The stderr lines that say how a zoned start was converted: the offset used, a day that shifted, and the other season's local start. */
export function describeZoneConversion(conversion?: ZoneConversion): string[] {
  if (!conversion) return []
  const {dayShift, local, occurrence, offset, otherSeason, skipped, utc, zone} = conversion
  const at = (start: WeeklyStart) => `${dayName(start.day)} ${formatTimeOfDay(start.time)}`
  const lines = [`${at(local)} in ${zone} is ${at(utc)} UTC (UTC${offset}, the offset of its next occurrence there, ${occurrence.toISODate()}).`]
  if (skipped) lines.push(`${formatTimeOfDay(local.time)} does not exist in ${zone} on ${skipped.toISODate()} (the clocks skip it), so the occurrence a week later was used.`)
  if (dayShift !== 0) lines.push(`The day shifts: in UTC the window starts on ${dayName(utc.day)}, the day ${dayShift < 0 ? 'before' : 'after'} ${dayName(local.day)}.`)
  if (otherSeason) {
    lines.push(`The service keeps the window in UTC: while ${zone} is at UTC${otherSeason.offset}, it starts ${at(otherSeason.local)} local time.`)
  }

  return lines
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
 * The human form of `window:update`, from the POST's answer alone (it carries the window before the
 * change): the window before and after (what was asked when the answer has none), and the scheduled
 * time before and after when the answer has one.
 */
export function describeWindowUpdate(after: MaintenanceWindow, sent: WindowRequest, zone = 'UTC'): Record<string, string> {
  const described: Record<string, string> = {
    previous_window: after.previous_window ?? '-',
    window: after.window ?? serviceWindowText(sent),
  }
  if (after.scheduled_at) {
    described.scheduled_at = formatTime(after.scheduled_at, zone)
    described.previously_scheduled_at = formatTime(after.previously_scheduled_at, zone)
  }

  return described
}

/** The human lines of window:update's dry-run outcome; `status` is the current maintenance's, to say why no estimate. */
export function describeWindowUpdateOutcome(outcome: WindowUpdateOutcome, status: string): Record<string, string> {
  let next: string
  if (outcome.next_maintenance_estimate) {
    next = `${formatTime(outcome.next_maintenance_estimate)} (estimate: the new window's first start at least ${NOTICE_BUSINESS_DAYS} business days from now)`
  } else if (isNotStarted(status)) {
    next = `not known: the new window's first start with ${NOTICE_BUSINESS_DAYS} business days' notice is after required_by, so the service picks the time`
  } else {
    next = `none scheduled (status ${status}): the next one will be scheduled into the new window`
  }

  return {
    previous_window: outcome.previous_window ?? '-',
    window: outcome.window,
    next_window_start: formatTime(outcome.next_window_start),
    next_maintenance: next,
  }
}
