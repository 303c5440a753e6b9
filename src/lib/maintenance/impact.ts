import type {AddOn, Maintenance} from './types.js'

import {parseSeconds} from './time.js'

/** The most past maintenances the Data API returns, all of which inform the expected duration. */
export const IMPACT_HISTORY_LIMIT = 20

/** How long this add-on's completed maintenances took, in seconds; median and longest are null without any. */
export interface ExpectedDuration {
  median: null | number
  longest: null | number
  samples: number
}

/** What a maintenance means for the app, as far as it can be told before it runs. Fields in the order --json prints them. */
export interface ImpactPreview {
  method: null | string
  required_by: null | string
  expected_duration_seconds: ExpectedDuration
}

/** The `--dry-run` answer of every changing command: what it would do, and the impact, with nothing sent. */
export interface DryRun<Action extends string, Outcome> {
  action: Action
  addon: string
  app: string
  dry_run: true
  impact: ImpactPreview
  outcome: Outcome
}

/** How long a maintenance took, from `duration_seconds` (a string in the API's answers); undefined when unknown or not a duration. */
export function durationSeconds(maintenance: Maintenance): number | undefined {
  return parseSeconds(maintenance.duration_seconds)
}

/** Median (the mean of the middle two for an even count, rounded to the second) and longest duration of the completed maintenances. */
export function expectedDuration(history: Maintenance[]): ExpectedDuration {
  const seconds = history.filter(m => m.status === 'completed').map(m => durationSeconds(m)).filter((s): s is number => s !== undefined).sort((a, b) => a - b)
  if (seconds.length === 0) return {median: null, longest: null, samples: 0}
  const middle = Math.floor(seconds.length / 2)
  const median = seconds.length % 2 === 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
  return {median: Math.round(median), longest: seconds.at(-1) as number, samples: seconds.length}
}

/** The impact of the add-on's current maintenance: its method and deadline from `current`, its duration from `history`. */
export function impactPreview(current: Maintenance, history: Maintenance[]): ImpactPreview {
  return {
    method: current.method ?? null,
    required_by: current.required_by ?? null,
    expected_duration_seconds: expectedDuration(history),
  }
}

/** A dry-run answer, with its fields in the order they are printed. */
export function dryRun<Action extends string, Outcome>(options: {action: Action; addon: AddOn; impact: ImpactPreview; outcome: Outcome}): DryRun<Action, Outcome> {
  const {action, addon, impact, outcome} = options
  return {dry_run: true, addon: addon.name, app: addon.app.name, action, outcome, impact}
}
