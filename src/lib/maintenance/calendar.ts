import type {DateTime} from 'luxon'

import type {Maintenance} from './types.js'

import {parseApiTime} from './time.js'

/** The right-hand side of every event UID (which the notices sent about a maintenance use too), so that UIDs never collide with another producer's. */
export const UID_DOMAIN = 'heroku-data-maintenance'

/** `20261127T180000Z`: a DATE-TIME in UTC (RFC 5545 3.3.5, form #2). */
export function calendarTime(time: DateTime): string {
  return time.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")
}

/** A maintenance belongs in the calendar when it has a (readable) scheduled time and has not completed. */
export function isUpcomingScheduled(maintenance: Maintenance): boolean {
  return maintenance.status !== 'completed' && parseApiTime(maintenance.scheduled_for) !== undefined
}

/** How many of these maintenances the calendar has events for (isUpcomingScheduled). */
export function countCalendarEvents(maintenances: Maintenance[]): number {
  return maintenances.filter(m => isUpcomingScheduled(m)).length
}

/**
 * The same for every export of one maintenance, so that a calendar that imports the file again updates the
 * event rather than adding another: the add-on and the deadline, which stay put when the maintenance is moved.
 */
export function eventUid(maintenance: Maintenance): string {
  const addon = maintenance.addon.uuid || maintenance.addon.name
  const deadline = parseApiTime(maintenance.required_by)
  return `${addon}-${deadline ? calendarTime(deadline) : 'no-deadline'}@${UID_DOMAIN}`
}
