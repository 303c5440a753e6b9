import type {DryRun, ImpactPreview} from '../maintenance/impact.js'

import {approximateDuration} from '../format/duration.js'
import {formatTime} from '../format/time.js'

/** The human lines of an impact preview. */
export function describeImpact(impact: ImpactPreview): Record<string, string> {
  const {longest, median, samples} = impact.expected_duration_seconds
  const count = `${samples} completed maintenance${samples === 1 ? '' : 's'}`
  const expected = median === null ? 'no history' : `${approximateDuration(median)} (median of ${count}; longest ${approximateDuration(longest)})`
  return {
    method: impact.method ?? '-',
    required_by: formatTime(impact.required_by),
    expected_duration: expected,
  }
}

/** The stderr line of every dry run. */
export const DRY_RUN_NOTE = 'Dry run: nothing was changed (only reads were sent).'

/** The human form of a dry run: what, the outcome's own lines, then the impact, in that order. */
export function describeDryRun(preview: DryRun<string, unknown>, outcome: Record<string, string>): Record<string, string> {
  return {action: preview.action, addon: preview.addon, app: preview.app, ...outcome, ...describeImpact(preview.impact)}
}
