import type {Apis} from '../api/index.js'
import type {PolicyChange, PolicyPlan} from './plan.js'

import {parseApiTime} from '../maintenance/time.js'

/** A change that was not sent, and why. */
export interface UnappliedChange {
  change: PolicyChange
  reason: string
}

export interface PolicyApplication {
  applied: PolicyChange[]
  /** The change whose request failed; everything after it was not sent. */
  failed: null | {change: PolicyChange; error: string}
  not_applied: UnappliedChange[]
  plan: PolicyPlan
}

async function addonId(apis: Pick<Apis, 'platform'>, change: PolicyChange): Promise<string> {
  if (change.addon_id) return change.addon_id
  const [addon] = await apis.platform.resolveAddon(change.addon, change.app)
  return addon.id
}

/**
 * Sends the plan's changes in its order (rule, stage, app), each request once and never again, and stops at the first
 * failure: later stages depend on earlier ones. A move whose starting point the window change did not give as planned
 * is not sent either (the next check plans it again).
 */
export async function applyPolicyPlan(apis: Pick<Apis, 'data' | 'platform'>, plan: PolicyPlan, onApplied?: (change: PolicyChange) => void): Promise<PolicyApplication> {
  const applied: PolicyChange[] = []
  const notApplied: UnappliedChange[] = []
  let failed: PolicyApplication['failed'] = null
  /** Where the window changes put each add-on's maintenance, by add-on id. */
  const scheduledAfterWindow = new Map<string, null | string>()
  for (const change of plan.changes) {
    if (failed) {
      notApplied.push({change, reason: `not sent: an earlier change (${failed.change.kind} of ${failed.change.addon}) failed`})
      continue
    }

    try {
      const id = await addonId(apis, change)
      if (change.kind === 'window') {
        const answer = await apis.data.updateWindow(id, change.request)
        scheduledAfterWindow.set(id, answer.scheduled_at)
      } else {
        const now = scheduledAfterWindow.has(id) ? parseApiTime(scheduledAfterWindow.get(id)) : undefined
        if (scheduledAfterWindow.has(id) && now?.toMillis() !== parseApiTime(change.before)?.toMillis()) {
          notApplied.push({change, reason: `not sent: after the window change the service scheduled it for ${scheduledAfterWindow.get(id) ?? 'no time'}, not ${change.before}; run the check again`})
          continue
        }

        await apis.data.schedule(id, change.delay_weeks)
      }

      applied.push(change)
      onApplied?.(change)
    } catch (error) {
      failed = {change, error: error instanceof Error ? error.message : String(error)}
    }
  }

  return {applied, failed, not_applied: notApplied, plan}
}
