import type {DateTime, Duration} from 'luxon'

import type {Maintenance} from '../maintenance/types.js'

import {approximateDuration} from '../format/duration.js'
import {formatTime} from '../format/time.js'
import {eventUid} from '../maintenance/calendar.js'
import {isNotStarted} from '../maintenance/status.js'
import {parseApiTime} from '../maintenance/time.js'

/** What the state file remembers of one maintenance: what the last delivered notice said. */
export interface AnnouncedMaintenance {
  addon: string
  app: string
  /** The event of the last delivered notice. */
  event: NoticeEvent
  scheduled_for: null | string
  sent_at: string
}

export interface NotifyState {
  maintenances: Record<string, AnnouncedMaintenance>
  version: 1
}

export type NoticeEvent = 'completed' | 'moved' | 'scheduled'

/** The webhook's body: Slack's `text`, and the structured fields beside it. */
export interface NoticePayload {
  addon: string
  app: string
  attachments: string[]
  completed_at: null | string
  event: NoticeEvent
  /** The same for the same news, so that a receiver can drop a repeat. */
  id: string
  previously_scheduled_for: null | string
  required_by: null | string
  scheduled_for: null | string
  status: string
  text: string
  window: null | string
}

export interface Notice {
  /** The maintenance's key in the state file. */
  key: string
  payload: NoticePayload
}

export function emptyState(): NotifyState {
  return {maintenances: {}, version: 1}
}

function describeAddon(m: Maintenance): string {
  const attachments = m.addon.attachments.length > 0 ? ` (${m.addon.attachments.join(', ')})` : ''
  return `${m.addon.name}${attachments} on ${m.app.name}`
}

function text(event: NoticeEvent, m: Maintenance, previous?: AnnouncedMaintenance): string {
  const window = m.addon.window ?? m.window
  const details = [window ? `window ${window}` : undefined, m.required_by ? `required by ${formatTime(m.required_by)}` : undefined].filter(Boolean).join('; ')
  const suffix = details ? ` (${details})` : ''
  if (event === 'scheduled') return `Maintenance of ${describeAddon(m)} is scheduled for ${formatTime(m.scheduled_for)}${suffix}.`
  if (event === 'moved') return `Maintenance of ${describeAddon(m)} moved from ${formatTime(previous?.scheduled_for)} to ${formatTime(m.scheduled_for)}${suffix}.`
  const took = approximateDuration(m.duration_seconds)
  return `Maintenance of ${describeAddon(m)} completed at ${formatTime(m.completed_at)}${took ? ` (took ${took})` : ''}.`
}

function notice(event: NoticeEvent, m: Maintenance, key: string, previous?: AnnouncedMaintenance): Notice {
  return {
    key,
    payload: {
      addon: m.addon.name,
      app: m.app.name,
      attachments: m.addon.attachments,
      completed_at: m.completed_at,
      event,
      id: `${key}:${event}:${(event === 'completed' ? m.completed_at : m.scheduled_for) ?? ''}`,
      previously_scheduled_for: event === 'moved' ? previous?.scheduled_for ?? null : m.previously_scheduled_for,
      required_by: m.required_by,
      scheduled_for: m.scheduled_for,
      status: m.status,
      text: text(event, m, previous),
      window: m.addon.window ?? m.window,
    },
  }
}

/**
 * The notices to send now: a maintenance not yet announced that is scheduled within `within`, one announced that
 * has moved since (also out of that time), and one announced that has completed. Nothing for what the state
 * already says was delivered.
 */
export function pendingNotices(options: {maintenances: readonly Maintenance[]; now: DateTime; state: NotifyState; within: Duration}): Notice[] {
  const {maintenances, now, state, within} = options
  const horizon = now.plus(within)
  const notices: Notice[] = []
  for (const m of maintenances) {
    const key = eventUid(m)
    const previous = state.maintenances[key]
    if (m.status === 'completed') {
      if (previous && previous.event !== 'completed') notices.push(notice('completed', m, key, previous))
      continue
    }

    if (!isNotStarted(m.status) && m.status !== 'running') continue
    const scheduled = parseApiTime(m.scheduled_for)
    if (!scheduled) continue
    if (previous) {
      if (parseApiTime(previous.scheduled_for)?.toMillis() !== scheduled.toMillis()) notices.push(notice('moved', m, key, previous))
    } else if (scheduled <= horizon && isNotStarted(m.status)) notices.push(notice('scheduled', m, key))
  }

  return notices
}

/** The state once `sent` was delivered at `at`; entries of completed maintenances are kept 90 days so that they are not announced again. */
export function recordDelivery(state: NotifyState, sent: Notice, at: DateTime): NotifyState {
  const {payload} = sent
  const maintenances: Record<string, AnnouncedMaintenance> = {}
  for (const [key, entry] of Object.entries(state.maintenances)) {
    const age = at.diff(parseApiTime(entry.sent_at) ?? at, 'days').days
    if (!(entry.event === 'completed' && age > 90)) maintenances[key] = entry
  }

  maintenances[sent.key] = {addon: payload.addon, app: payload.app, event: payload.event, scheduled_for: payload.scheduled_for, sent_at: at.toUTC().toISO() as string}
  return {maintenances, version: 1}
}
