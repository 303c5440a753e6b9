import type {DateTime} from 'luxon'

import type {FaultSet, LoggedRequest} from './faults.js'
import type {NotificationRecord} from './model.js'
import type {World} from './world.js'

import {type ClockChange, clockTarget, formatInstant, parseInstant, parsePositiveDuration, type SandboxClock} from './clock.js'
import {badRequest, HttpError, invalidParams, notFound} from './http-error.js'
import {advanceWorld} from './lifecycle.js'
import {DEFAULT_ROLL_DAYS, parseOnCall} from './roll-rules.js'
import {createRoll, notificationMessage, type RollRequest, rollView} from './roll.js'
import {jsonBody, objectBody, ok, type Route} from './router.js'

export const ADMIN_PREFIX = '/__sandbox'

export interface AdminContext {
  clock: SandboxClock
  world: World
  faults: FaultSet
  requests: LoggedRequest[]
}

function notificationView(entry: NotificationRecord, app: string): Record<string, unknown> {
  return {
    id: entry.id,
    app,
    addon: entry.addon,
    kind: entry.kind,
    at: entry.at,
    message: notificationMessage(entry),
    ...(entry.scheduledFor ? {scheduled_for: entry.scheduledFor} : {}),
    ...(entry.requiredBy ? {required_by: entry.requiredBy} : {}),
  }
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

const MAX_CONCURRENCY = 100_000

/** Reads `POST /__sandbox/rolls`: every problem is a one-line 400 or 422, before anything changes. */
export function rollRequest(body: Record<string, unknown>, now: DateTime): RollRequest {
  const {concurrency, image, on_call: onCallValue, required_by: requiredByValue} = body
  const known = new Set(['concurrency', 'image', 'on_call', 'required_by'])
  const unknown = Object.keys(body).find(key => !known.has(key))
  if (unknown) throw badRequest(`Unknown field ${JSON.stringify(unknown)}: a roll takes image, concurrency, on_call and required_by.`)
  if (typeof image !== 'string' || !/^[\w.:/@-]{1,200}$/.test(image)) throw invalidParams(`image must name the server image (letters, digits, . _ : / @ -), not ${JSON.stringify(image ?? null)}.`)
  if (!(Number.isInteger(concurrency) && (concurrency as number) >= 1 && (concurrency as number) <= MAX_CONCURRENCY)) {
    throw invalidParams(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(concurrency ?? null)}.`)
  }

  const onCall = parseOnCall(onCallValue)
  if (typeof onCall === 'string') throw invalidParams(onCall)
  let requiredBy = now.plus({days: DEFAULT_ROLL_DAYS})
  if (requiredByValue !== undefined) {
    const parsed = typeof requiredByValue === 'string' ? parseInstant(requiredByValue) : null
    if (!parsed) throw invalidParams(`required_by must be an ISO 8601 instant, not ${JSON.stringify(requiredByValue)}.`)
    if (parsed <= now) throw invalidParams(`required_by (${formatInstant(parsed)}) must be after the sandbox's clock (${formatInstant(now)}).`)
    requiredBy = parsed
  }

  return {image, concurrency: concurrency as number, onCall, requiredBy}
}

/** Routes that steer the simulation: the clock, injected faults, the request log and a state dump. */
export function adminRoutes({clock, faults, requests, world}: AdminContext): Route[] {
  return [
    {method: 'GET', pattern: `${ADMIN_PREFIX}/clock`, changes: false, handle: () => ok({now: world.state.clock, mode: clock.mode, speed: clock.speed})},
    {
      method: 'POST',
      pattern: `${ADMIN_PREFIX}/clock`,
      changes: true,
      onlyAdvances: true,
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
    {
      method: 'POST',
      pattern: `${ADMIN_PREFIX}/rolls`,
      changes: true,
      handle(request) {
        const wanted = rollRequest(objectBody(request), world.now())
        const active = world.activeRoll()
        if (active) throw new HttpError(409, 'conflict', `Roll ${active.id} (image ${active.image}) is still ${active.status}; one roll at a time.`)
        return {status: 201, body: {id: createRoll(world, wanted).id}}
      },
    },
    {method: 'GET', pattern: `${ADMIN_PREFIX}/rolls`, changes: false, handle: () => ok(world.state.rolls.map(roll => rollView(roll, false)))},
    {
      method: 'GET',
      pattern: `${ADMIN_PREFIX}/rolls/{id}`,
      changes: false,
      handle({params, query}) {
        const roll = world.rollById(params.id)
        if (!roll) throw notFound(`No roll with id ${params.id}.`)
        const addons = query.get('addons')
        if (addons !== null && addons !== 'true' && addons !== 'false') throw invalidParams(`addons must be true or false, not ${JSON.stringify(addons)}.`)
        return ok(rollView(roll, addons !== 'false'))
      },
    },
    {
      method: 'GET',
      pattern: `${ADMIN_PREFIX}/notifications`,
      changes: false,
      handle({query}) {
        const name = query.get('app')
        if (!name) throw badRequest('Name the app: GET /__sandbox/notifications?app=APP.')
        const app = world.requireApp(name)
        return ok(world.state.notifications.filter(entry => entry.appId === app.id).map(entry => notificationView(entry, app.name)))
      },
    },
    {
      method: 'POST',
      pattern: `${ADMIN_PREFIX}/addons/{addon}/replication`,
      changes: true,
      handle(request) {
        const addon = world.requireAddon(request.params.addon)
        const {lagging} = objectBody(request)
        if (typeof lagging !== 'boolean') throw invalidParams(`lagging must be true or false, not ${JSON.stringify(lagging ?? null)}.`)
        if (lagging) addon.standbyLagging = true
        else delete addon.standbyLagging
        return ok({addon: addon.name, lagging})
      },
    },
  ]
}
