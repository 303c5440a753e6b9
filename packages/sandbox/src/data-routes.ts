import type {World} from './world.js'

import {badRequest, invalidParams, notFound} from './http-error.js'
import {rescheduleMaintenance, runMaintenance, updateWindow} from './operations.js'
import {objectBody, ok, type Route, type RouteRequest} from './router.js'
import {parseDayOfWeek, parseTimeOfDay} from './rules.js'
import {maintenanceView, redisView, windowView} from './views.js'

const BASE = '/data/maintenances/v1'
const MAX_HISTORY = 20
const DEFAULT_HISTORY = 5

function delayWeeks(body: Record<string, unknown>): number {
  const value = body.delay_weeks
  if (value === undefined || value === null) throw badRequest('delay_weeks is required.')
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw invalidParams('delay_weeks must be a whole number of weeks.')
    return value
  }

  if (typeof value !== 'string') throw badRequest('delay_weeks must be a string holding a whole number of weeks.')
  if (!/^[+-]?\d{1,4}$/.test(value.trim())) throw invalidParams(`delay_weeks must be a whole number of weeks, not ${JSON.stringify(value)}.`)
  return Number(value.trim())
}

function historyLimit(request: RouteRequest): number {
  const raw = request.query.get('limit')
  if (raw === null) return DEFAULT_HISTORY
  const limit = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!(limit >= 1 && limit <= MAX_HISTORY)) throw invalidParams(`limit must be a whole number from 1 to ${MAX_HISTORY}, not ${JSON.stringify(raw)}.`)
  return limit
}

function windowBody(request: RouteRequest): {startMinute: number; weekday: number} {
  const body = objectBody(request)
  const {day_of_week: day, time_of_day: time} = body
  if (typeof day !== 'string' || typeof time !== 'string') throw badRequest('day_of_week and time_of_day are required strings.')
  const weekday = parseDayOfWeek(day)
  if (weekday === null) throw invalidParams(`day_of_week must be a day of the week such as sunday, not ${JSON.stringify(day)}.`)
  const startMinute = parseTimeOfDay(time)
  if (startMinute === null) throw invalidParams(`time_of_day must be a UTC time such as 14:30, not ${JSON.stringify(time)}.`)
  return {weekday, startMinute}
}

/** The Data API's maintenance routes and the Redis API's database info. */
export function dataRoutes(world: World): Route[] {
  const history: Route['handle'] = request => {
    const addon = world.requireAddon(request.params.addon)
    const limit = historyLimit(request)
    return ok({maintenances: addon.history.slice(0, limit).map(record => maintenanceView(world, addon, record))})
  }

  return [
    {
      method: 'GET',
      pattern: `${BASE}/apps/{app}`,
      changes: false,
      handle({params}) {
        const app = world.requireApp(params.app)
        return ok({maintenances: world.addonsOnApp(app).map(addon => maintenanceView(world, addon, addon.maintenance))})
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/{addon}`,
      changes: false,
      handle({params}) {
        const addon = world.requireAddon(params.addon)
        return ok(maintenanceView(world, addon, addon.maintenance))
      },
    },
    {
      method: 'POST',
      pattern: `${BASE}/{addon}/run`,
      changes: true,
      handle({params}) {
        const addon = world.requireAddon(params.addon)
        return ok(maintenanceView(world, addon, runMaintenance(world, addon)))
      },
    },
    {
      method: 'POST',
      pattern: `${BASE}/{addon}/schedule`,
      changes: true,
      handle(request) {
        const addon = world.requireAddon(request.params.addon)
        const weeks = delayWeeks(objectBody(request))
        return ok(maintenanceView(world, addon, rescheduleMaintenance(world, addon, weeks)))
      },
    },
    {method: 'GET', pattern: `${BASE}/{addon}/history`, changes: false, handle: history},
    {method: 'GET', pattern: `${BASE}/{addon}/history/`, changes: false, handle: history},
    {
      method: 'GET',
      pattern: `${BASE}/{addon}/window`,
      changes: false,
      handle: ({params}) => ok(windowView(world.requireAddon(params.addon))),
    },
    {
      method: 'POST',
      pattern: `${BASE}/{addon}/window`,
      changes: true,
      handle(request) {
        const addon = world.requireAddon(request.params.addon)
        updateWindow(world, addon, windowBody(request))
        return ok(windowView(addon))
      },
    },
    {
      method: 'GET',
      pattern: '/redis/v0/databases/{addon}',
      changes: false,
      handle({params}) {
        const addon = world.findAddon(params.addon)
        if (!addon || addon.service !== 'heroku-redis') throw notFound(`Couldn't find a Redis database named ${params.addon}.`)
        return ok(redisView(world, addon))
      },
    },
  ]
}
