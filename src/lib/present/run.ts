import type {DateTime} from 'luxon'

import type {RunOutcome, RunOutcomeFacts} from '../maintenance/run.js'

import {formatRelative, formatTime} from '../format/time.js'
import {isNotStarted} from '../maintenance/status.js'
import {isMaintenance, type RunAnswer} from '../maintenance/types.js'

/** Why the run would start now or not, as the dry run's `why` says it. */
export function explainRunOutcome({gatePasses, scheduledFor, status}: RunOutcomeFacts): string {
  if (!gatePasses) return 'the confirm gate would not pass'
  if (isNotStarted(status)) return `it is ${status}${scheduledFor ? `, scheduled for ${formatTime(scheduledFor)}` : ''}: it would start now`
  if (status === 'running') return 'it is already running'
  return `there is no maintenance to start (status ${status})`
}

/** The human lines of the run's dry-run outcome. */
export function describeRunOutcome(outcome: RunOutcome): Record<string, string> {
  const {confirm_gate: gate, maintenance_mode: mode} = outcome
  let maintenanceMode = mode.on ? 'on (left on)' : 'off'
  if (mode.would_switch_on_and_off) maintenanceMode = 'off: would be switched on before the run and off after it'
  return {
    would_start_now: `${outcome.would_start_now ? 'yes' : 'no'}: ${outcome.why}`,
    confirm_gate: `${gate.passes ? 'passes' : 'would not pass'}: ${gate.reason}`,
    maintenance_mode: maintenanceMode,
    would_wait: outcome.would_wait ? 'yes, until it completes' : 'no',
  }
}

/** The human summary of the run's answer: the API's message, or the maintenance's status and when it starts or started. */
export function describeRunAnswer(answer: RunAnswer, addonName: string, now: DateTime): string {
  const message = typeof (answer as {message?: unknown}).message === 'string' ? (answer as {message: string}).message.trim() : ''
  if (!isMaintenance(answer)) return message
  let detail = ''
  if (isNotStarted(answer.status) && answer.scheduled_for) {
    const relative = formatRelative(answer.scheduled_for, now)
    detail = `, scheduled for ${formatTime(answer.scheduled_for)}${relative ? ` (${relative})` : ''}`
  } else if (answer.status === 'running' && answer.started_at) {
    detail = `, started ${formatTime(answer.started_at)}`
  } else if (answer.status === 'completed' && answer.completed_at) {
    detail = ` at ${formatTime(answer.completed_at)}`
  }

  const summary = `Maintenance of ${addonName}: ${answer.status}${detail}.`
  return message ? `${message}\n${summary}` : summary
}
