import type {FaultSet, LoggedRequest} from './faults.js'
import type {World} from './world.js'

import {type ClockChange, clockTarget, formatInstant, parseInstant, parsePositiveDuration, type SandboxClock} from './clock.js'
import {badRequest, invalidParams, notFound} from './http-error.js'
import {advanceWorld} from './lifecycle.js'
import {jsonBody, objectBody, ok, type Route} from './router.js'

export const ADMIN_PREFIX = '/__sandbox'

export interface AdminContext {
  clock: SandboxClock
  world: World
  faults: FaultSet
  requests: LoggedRequest[]
}

function clockChange(body: Record<string, unknown>): ClockChange {
  const hasAdvance = body.advance !== undefined
  const hasSet = body.set !== undefined
  if (hasAdvance === hasSet) throw badRequest('Send exactly one of {"advance": "PT10M"} or {"set": "2026-11-27T18:00:00Z"}.')
  if (hasAdvance) {
    const duration = parsePositiveDuration(body.advance)
    if (!duration) throw invalidParams(`advance must be a positive ISO 8601 duration such as PT10M, not ${JSON.stringify(body.advance)}.`)
    return {advance: duration}
  }

  const target = typeof body.set === 'string' ? parseInstant(body.set) : null
  if (!target) throw invalidParams(`set must be an ISO 8601 instant, not ${JSON.stringify(body.set)}.`)
  return {set: target}
}

/** Routes that steer the simulation: the clock, injected faults, the request log and a state dump. */
export function adminRoutes({clock, faults, requests, world}: AdminContext): Route[] {
  return [
    {method: 'GET', pattern: `${ADMIN_PREFIX}/clock`, changes: false, handle: () => ok({now: world.state.clock, mode: clock.mode, speed: clock.speed})},
    {
      method: 'POST',
      pattern: `${ADMIN_PREFIX}/clock`,
      changes: true,
      handle(request) {
        const change = clockChange(objectBody(request))
        let target
        try {
          target = clockTarget(world.now(), change)
        } catch (error) {
          throw invalidParams(`${(error as Error).message}.`)
        }

        advanceWorld(world, target)
        // In real time the clock jumps ahead and runs on from there.
        clock.moveTo(target)
        return ok({now: formatInstant(target)})
      },
    },
    {method: 'GET', pattern: `${ADMIN_PREFIX}/faults`, changes: false, handle: () => ok(faults.list())},
    {method: 'POST', pattern: `${ADMIN_PREFIX}/faults`, changes: false, handle: request => ({status: 201, body: faults.add(jsonBody(request))})},
    {
      method: 'DELETE',
      pattern: `${ADMIN_PREFIX}/faults`,
      changes: false,
      handle() {
        const cleared = faults.list().length
        faults.clear()
        return ok({cleared})
      },
    },
    {
      method: 'DELETE',
      pattern: `${ADMIN_PREFIX}/faults/{id}`,
      changes: false,
      handle({params}) {
        if (!faults.remove(Number(params.id))) throw notFound(`No fault with id ${params.id}.`)
        return ok({cleared: 1})
      },
    },
    {method: 'GET', pattern: `${ADMIN_PREFIX}/requests`, changes: false, handle: () => ok(requests)},
    {
      method: 'DELETE',
      pattern: `${ADMIN_PREFIX}/requests`,
      changes: false,
      handle() {
        const cleared = requests.length
        requests.length = 0
        return ok({cleared})
      },
    },
    {method: 'GET', pattern: `${ADMIN_PREFIX}/state`, changes: false, handle: () => ok(world.state)},
  ]
}
