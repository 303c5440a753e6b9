import type {DateTime} from 'luxon'

import type {Maintenance} from './types.js'

import {ValidationError} from '../errors.js'
import {parseApiTime, utcText} from './time.js'

/** The furthest `schedule` moves a maintenance, either way. */
export const MAX_DELAY_WEEKS = 12

/** A week asked for with `--week`: what the user typed and the Monday 00:00 UTC that starts its ISO week. */
export interface WeekTarget {
  text: string
  weekStart: DateTime
}

/** Calendar weeks (ISO, starting Monday, UTC) from the week of `scheduledFor` to the week of `target`; negative when earlier. */
export function weeksBetween(scheduledFor: DateTime, target: DateTime): number {
  const from = scheduledFor.toUTC().startOf('week')
  const to = target.toUTC().startOf('week')
  // UTC has no DST, so the difference is a whole number of weeks; rounding only removes float noise.
  return Math.round(to.diff(from, 'weeks').weeks)
}

/** `weeks` in words: `1 week`, `3 weeks`. */
function inWeeks(weeks: number): string {
  return `${weeks} week${Math.abs(weeks) === 1 ? '' : 's'}`
}

/**
 * The new scheduled time after moving `delayWeeks`; refuses one after `requiredBy`, and one before `now` (the
 * service's clock), as the service would. `origin` names the flag in the message.
 */
export function rescheduledTime(options: {delayWeeks: number; now?: DateTime; origin: string; requiredBy?: DateTime; scheduledFor: DateTime}): DateTime {
  const {delayWeeks, now, origin, requiredBy, scheduledFor} = options
  const moved = scheduledFor.plus({weeks: delayWeeks})
  if (now && moved < now) {
    const earliest = Math.floor(scheduledFor.diff(now, 'weeks').weeks)
    const hint = earliest >= 1 ? `it can move at most ${inWeeks(earliest)} earlier` : 'it cannot move earlier'
    throw new ValidationError(`${origin} would move the maintenance to ${utcText(moved)}, which is in the past (it is now ${utcText(now)}): ${hint}.`)
  }

  if (!requiredBy || moved <= requiredBy) return moved
  const latest = Math.floor(requiredBy.diff(scheduledFor, 'weeks').weeks)
  const hint = latest >= 1 ? `it can move at most ${inWeeks(latest)} later` : 'it cannot move later'
  throw new ValidationError(`${origin} would move the maintenance to ${utcText(moved)}, after it is required by ${utcText(requiredBy)}: ${hint}.`)
}

/** What the user asked for: a number of weeks, or a target week. */
export type ScheduleRequest = {week: WeekTarget} | {weeks: number}

/** A checked move: the `delay_weeks` to send, and the scheduled time before and after. */
export interface ReschedulePlan {
  delayWeeks: number
  from: DateTime
  to: DateTime
}

/** `delay_weeks` from the scheduled time to a target week: not 0, and within ±MAX_DELAY_WEEKS. */
function delayToWeek(from: DateTime, target: WeekTarget, origin: string): number {
  const delayWeeks = weeksBetween(from, target.weekStart)
  if (delayWeeks === 0) {
    throw new ValidationError(`${origin} is the week the maintenance is already scheduled in (${utcText(from)}): choose another week.`)
  }

  if (Math.abs(delayWeeks) > MAX_DELAY_WEEKS) {
    const direction = delayWeeks > 0 ? 'after' : 'before'
    throw new ValidationError(`${origin} is ${inWeeks(Math.abs(delayWeeks))} ${direction} the scheduled ${utcText(from)}: maintenance moves at most ${inWeeks(MAX_DELAY_WEEKS)} either way.`)
  }

  return delayWeeks
}

/** Statuses of a maintenance the service no longer moves: it has started or is over. */
const UNMOVABLE_STATUSES = new Set(['completed', 'running'])

/**
 * Turns the request into `delay_weeks` against the current maintenance, refusing what the API would refuse anyway:
 * a maintenance that is running or completed, a move past required_by, and (given the service's clock `now`) a move
 * into the past.
 */
export function planReschedule(maintenance: Maintenance, request: ScheduleRequest, now?: DateTime): ReschedulePlan {
  const addon = maintenance.addon.name
  if (UNMOVABLE_STATUSES.has(maintenance.status)) {
    throw new ValidationError(`${addon}'s maintenance is ${maintenance.status}: only one that has not started can be moved, so nothing was sent.`)
  }

  const from = parseApiTime(maintenance.scheduled_for)
  if (!from) {
    const needs = 'week' in request ? '--week counts weeks from the scheduled time, but ' : ''
    const what = maintenance.scheduled_for ? `an unreadable scheduled time ${JSON.stringify(maintenance.scheduled_for)}` : 'no scheduled maintenance'
    throw new ValidationError(`${needs}${addon} has ${what} (status ${maintenance.status}): there is nothing to move.`)
  }

  const origin = 'week' in request ? `--week ${request.week.text}` : `--weeks ${request.weeks}`
  const delayWeeks = 'week' in request ? delayToWeek(from, request.week, origin) : request.weeks
  const to = rescheduledTime({delayWeeks, now, origin, requiredBy: parseApiTime(maintenance.required_by), scheduledFor: from})
  return {delayWeeks, from, to}
}

/** What `schedule --dry-run` finds: the delay it would send and the scheduled time before and after. */
export interface RescheduleOutcome {
  delay_weeks: number
  previously_scheduled_for: string
  scheduled_for: string
}

function iso(time: DateTime): string {
  return time.toUTC().toISO() as string
}

export function rescheduleOutcome(plan: ReschedulePlan): RescheduleOutcome {
  return {delay_weeks: plan.delayWeeks, previously_scheduled_for: iso(plan.from), scheduled_for: iso(plan.to)}
}
