import type {PolicyApplication} from './apply.js'

import {describePlan} from './plan.js'

/** The human form of an apply: what was applied, what failed, and what was not sent. */
export function describeApplication(result: PolicyApplication): string[] {
  const lines = [`Applied ${result.applied.length} of ${result.plan.changes.length} ${result.plan.changes.length === 1 ? 'change' : 'changes'}.`]
  for (const change of result.applied) lines.push(`  applied: ${change.kind} of ${change.addon} (${change.app})`)
  if (result.failed) lines.push(`  failed: ${result.failed.change.kind} of ${result.failed.change.addon} (${result.failed.change.app}): ${result.failed.error}`)
  for (const {change, reason} of result.not_applied) lines.push(`  not applied: ${change.kind} of ${change.addon} (${change.app}): ${reason}`)
  if (result.plan.conflicts.length > 0) {
    const conflicts = describePlan({...result.plan, changes: [], notes: []})
    lines.push(...conflicts.slice(conflicts.indexOf('Conflicts (not solved by moving):')))
  }

  return lines
}
