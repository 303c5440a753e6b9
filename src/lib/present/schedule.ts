import type {RescheduleOutcome} from '../maintenance/schedule.js'
import type {Maintenance} from '../maintenance/types.js'

import {formatTime} from '../format/time.js'

/** The human form of `schedule`: what was sent, and the scheduled time before (read first) and after (the POST's answer). */
export function describeReschedule(before: Maintenance, after: Maintenance, delayWeeks: number, zone = 'UTC'): Record<string, string> {
  return {
    delay_weeks: String(delayWeeks),
    previously_scheduled_for: formatTime(before.scheduled_for, zone),
    scheduled_for: formatTime(after.scheduled_for, zone),
  }
}

/** The human lines of the schedule's dry-run outcome. */
export function describeRescheduleOutcome(outcome: RescheduleOutcome): Record<string, string> {
  return {
    delay_weeks: String(outcome.delay_weeks),
    previously_scheduled_for: formatTime(outcome.previously_scheduled_for),
    scheduled_for: formatTime(outcome.scheduled_for),
  }
}
