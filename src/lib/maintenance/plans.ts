import type {AddOn} from './types.js'

import {ValidationError} from '../errors.js'

/** Plan tiers that may set a window or run maintenance by hand, per service (Dev Center: Premium, Private, Shield; Postgres from Standard up). */
const MANUAL_TIERS: Record<string, string[]> = {
  'heroku-postgresql': ['standard', 'premium', 'private', 'shield'],
  'heroku-redis': ['premium', 'private', 'shield'],
}

/** `heroku-redis:premium-0` → `premium`; `mini` → `mini`. */
export function planTier(planName: string): string {
  const plan = planName.includes(':') ? planName.slice(planName.indexOf(':') + 1) : planName
  return plan.split('-')[0].toLowerCase()
}

export function allowsManualMaintenance(addon: AddOn): boolean {
  const tiers = MANUAL_TIERS[addon.addon_service.name]
  // An unknown data service: let the API decide rather than refuse something we do not know.
  if (!tiers) return true
  return tiers.includes(planTier(addon.plan.name))
}

/** Refuses, before any request that changes anything, plans on which Heroku offers no manual maintenance. */
export function ensureManualMaintenanceAllowed(addon: AddOn, action: string): void {
  if (allowsManualMaintenance(addon)) return
  const tiers = MANUAL_TIERS[addon.addon_service.name].join(', ')
  throw new ValidationError(`${addon.name} is on the ${addon.plan.name} plan, which cannot ${action}; only ${tiers} plans can.`)
}
