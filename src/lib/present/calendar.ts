import type {DateTime} from 'luxon'

import type {Maintenance} from '../maintenance/types.js'

import {formatTime} from '../format/time.js'
import {calendarTime, eventUid, isUpcomingScheduled} from '../maintenance/calendar.js'
import {parseApiTime} from '../maintenance/time.js'
import {WINDOW_HOURS} from '../maintenance/window.js'

/** The iCalendar (RFC 5545) form of upcoming maintenances: `data:maintenances --ics`. */

export const CALENDAR_PRODUCT = '-//heroku-data-maintenance//Data maintenance calendar//EN'
/** RFC 5545 3.1: content lines longer than this many octets are folded. */
const LINE_OCTETS = 75

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`, other control characters (not allowed in TEXT) dropped. */
export function escapeText(text: string): string {
  return text
  .replaceAll('\\', '\\\\')
  .replaceAll(';', String.raw`\;`)
  .replaceAll(',', String.raw`\,`)
  .replaceAll(/\r\n|\r|\n/g, String.raw`\n`)
  // eslint-disable-next-line no-control-regex
  .replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
}

/** Splits a content line into lines of at most 75 octets, each continuation starting with one space; never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const lines: string[] = []
  let current = ''
  let octets = 0
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8')
    if (octets + size > LINE_OCTETS) {
      lines.push(current)
      current = ' '
      octets = 1
    }

    current += character
    octets += size
  }

  lines.push(current)
  return lines.join('\r\n')
}

function describeEvent(maintenance: Maintenance, zone: string): string {
  const {addon} = maintenance
  return [
    `Kind: ${addon.kind}`,
    `Plan: ${addon.plan}`,
    `Required by: ${formatTime(maintenance.required_by, zone)}`,
    `Window: ${addon.window ?? maintenance.window ?? '-'}`,
    `Status: ${maintenance.status}`,
  ].join('\n')
}

function eventLines(maintenance: Maintenance, stamp: string, zone: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${eventUid(maintenance)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${calendarTime(parseApiTime(maintenance.scheduled_for)!)}`,
    `DURATION:PT${WINDOW_HOURS}H`,
    `SUMMARY:${escapeText(`Maintenance: ${maintenance.addon.name} (${maintenance.app.name})`)}`,
    `DESCRIPTION:${escapeText(describeEvent(maintenance, zone))}`,
    // A maintenance does not make its owner busy.
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ]
}

export interface CalendarOptions {
  /** DTSTAMP: when the calendar was made. */
  now: DateTime
  /** Times in the description in this zone beside UTC (UTC alone by default). */
  zone?: string
}

/**
 * One VEVENT per upcoming scheduled maintenance (isUpcomingScheduled), earliest first, each lasting one
 * window (4 hours). CRLF line endings and folded lines, as RFC 5545 requires.
 */
export function maintenanceCalendar(maintenances: Maintenance[], options: CalendarOptions): string {
  const stamp = calendarTime(options.now)
  const zone = options.zone ?? 'UTC'
  const events = maintenances
  .filter(m => isUpcomingScheduled(m))
  .map(m => ({start: parseApiTime(m.scheduled_for)!.toMillis(), uid: eventUid(m), m}))
  .sort((a, b) => a.start - b.start || a.uid.localeCompare(b.uid))
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${CALENDAR_PRODUCT}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Heroku data maintenance',
    ...events.flatMap(({m}) => eventLines(m, stamp, zone)),
    'END:VCALENDAR',
  ]
  return lines.map(line => `${foldLine(line)}\r\n`).join('')
}
