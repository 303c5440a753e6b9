import type {Route} from '../router.js'
import type {World} from '../world.js'
import type {LiveInfo, RedisFleet} from './fleet.js'

import {notFound} from '../http-error.js'
import {redisView} from '../views.js'

interface InfoRow {
  name: string
  values: string[]
}

/** The simulated rows with what the live servers say: version, memory, clients, HA status, and why a run failed. */
export function liveRows(rows: InfoRow[], live: LiveInfo | undefined, failure: string | undefined): InfoRow[] {
  const result: InfoRow[] = []
  for (const row of rows) {
    if (row.name === 'Version' && live) {
      result.push({name: 'Version', values: [live.version]}, {name: 'Memory', values: [`${live.usedMemory} used`]}, {name: 'Clients', values: [String(live.clients)]})
    } else if (row.name === 'HA Status' && live) {
      result.push({name: 'HA Status', values: [live.haStatus]})
    } else if (row.name === 'Maintenance' && failure) {
      result.push({name: 'Maintenance', values: [...row.values, `last run failed: ${failure}`]})
    } else {
      result.push(row)
    }
  }

  return result
}

/**
 * The Redis API's database info, read from the live servers where the add-on has them (registered
 * ahead of the simulated route, which it answers like for every other add-on).
 */
export function liveRedisRoutes(world: World, fleet: RedisFleet): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/redis/v0/databases/{addon}',
      changes: false,
      async handle({params}) {
        const addon = world.findAddon(params.addon)
        if (!addon || addon.service !== 'heroku-redis') throw notFound(`Couldn't find a Redis database named ${params.addon}.`)
        let live: LiveInfo | undefined
        try {
          live = await fleet.liveInfo(addon.id)
        } catch {
          // Between a retirement and the next INFO the primary may be gone for an instant: show the simulated rows.
          live = undefined
        }

        const view = redisView(world, addon)
        const failure = addon.maintenance?.status === 'failed' ? addon.maintenance.failure?.detail : undefined
        return {
          status: 200,
          body: {...view, ...(live ? {version: live.version} : {}), info: liveRows(view.info as InfoRow[], live, failure)},
        }
      },
    },
  ]
}
