import type {Apis} from '../api/index.js'
import type {Maintenance} from '../maintenance/types.js'
import type {Policy} from './policy.js'

import {ApiError} from '../errors.js'
import {settleWithLimit} from '../maintenance/concurrency.js'
import {FLEET_CONCURRENCY} from '../maintenance/fleet.js'
import {policySelectsApp, unmatchedAppPatterns} from './select.js'

export interface PolicyWorld {
  apps: number
  maintenances: Maintenance[]
  warnings: string[]
}

/** Reads (GETs only) the maintenances of every app the policy selects; any app that cannot be read fails the whole check, since its conformity is unknown. */
export async function readPolicyWorld(apis: Pick<Apis, 'data' | 'platform'>, policy: Policy, concurrency: number = FLEET_CONCURRENCY.default): Promise<PolicyWorld> {
  const every = await apis.platform.listApps()
  const apps = every.filter(app => policySelectsApp(policy, app.name)).sort((a, b) => a.name.localeCompare(b.name))
  const warnings = unmatchedAppPatterns(policy, every.map(app => app.name)).map(pattern => `Warning: the app pattern ${JSON.stringify(pattern)} matches none of your apps.`)
  const results = await settleWithLimit(apps, concurrency, app => apis.data.listForApp(app.id))
  const maintenances: Maintenance[] = []
  for (const [index, result] of results.entries()) {
    if (result.ok) {
      maintenances.push(...result.value)
      continue
    }

    const {error} = result
    const message = `could not read the maintenances of ${apps[index].name}: ${error instanceof Error ? error.message : String(error)}`
    if (error instanceof ApiError) throw new ApiError({id: error.id, message, method: error.method, path: error.path, status: error.status})
    throw new Error(message)
  }

  return {apps: apps.length, maintenances, warnings}
}
