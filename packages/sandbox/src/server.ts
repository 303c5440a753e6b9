import type {AddressInfo} from 'node:net'

import {DateTime} from 'luxon'
import {randomUUID, timingSafeEqual} from 'node:crypto'
import * as http from 'node:http'

import type {SandboxState} from './model.js'
import type {RedisFleet, RedisFleetOptions} from './redis/fleet.js'

import {ADMIN_PREFIX, adminRoutes} from './admin-routes.js'
import {type ClockMode, DEFAULT_START, parseInstant, REAL_TIME_STEP_OFFSETS, SandboxClock} from './clock.js'
import {dataRoutes} from './data-routes.js'
import {type Fault, FaultSet, type LoggedRequest} from './faults.js'
import {HttpError, invalidParams} from './http-error.js'
import {advanceWorld} from './lifecycle.js'
import {platformRoutes} from './platform-routes.js'
import {RATE_LIMIT_BUDGET, RATE_LIMIT_MESSAGE, RateLimiter} from './rate-limit.js'
import {objectBody, ok, Router, type RouteReply} from './router.js'
import {buildSeed, buildSeedAround, isSeedName, MAX_FLEET_APPS, SEED_NAMES} from './seeds.js'
import {loadStateFile, saveStateFile} from './state.js'
import {World} from './world.js'

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** The bearer token every request must carry. */
  token: string
  /** Where the world is saved after every change; without it the world lives in memory only. */
  stateFile?: string
  /** The starting world when the state file does not exist yet; default `demo`. */
  seed?: string
  /** Enables the `/__sandbox/*` routes (clock, faults, request log, state). */
  admin?: boolean
  /**
   * `real` (the default): the clock follows the machine clock (times `speed`), maintenances go through
   * their steps on their own and scheduled ones start when their window opens. `manual`: the clock
   * moves only through `POST /__sandbox/clock`.
   */
  clock?: ClockMode
  /** Real time only: the simulated clock runs this many times as fast as the machine clock; default 1. */
  speed?: number
  /**
   * ISO start time of the simulated clock for a new world; default the machine's time (real clock) or
   * 2026-11-23T12:00:00Z (manual clock).
   */
  now?: string
  /** Seed of the world's random choices (default windows, ids); default 1. */
  randomSeed?: number
  /**
   * Real redis-server processes (a primary and a standby) behind every Redis add-on that is not mini,
   * failed over for real by its runs. Without redis-server the add-ons stay simulated (one warning).
   */
  redis?: boolean | RedisFleetOptions
  /** Requests left in the token's budget at start (0 to 4500, the default); it refills at 75 a minute. */
  rateLimit?: number
  /** Where warnings go (one line each, no newline); default stderr with a `sandbox: ` prefix. */
  warn?: (line: string) => void
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:5000 */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
/** The request log keeps this many entries, dropping the oldest, so a long polling session cannot grow it forever. */
const MAX_LOGGED_REQUESTS = 10_000
const DEFAULT_RANDOM_SEED = 1

function statusId(status: number): string {
  const ids: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    422: 'invalid_params',
    429: 'rate_limit',
    500: 'internal_server_error',
    502: 'bad_gateway',
    503: 'service_unavailable',
    504: 'gateway_timeout',
  }
  return ids[status] ?? (status >= 500 ? 'server_error' : 'error')
}

function initialState(options: SandboxOptions, mode: ClockMode): SandboxState {
  const saved = options.stateFile ? loadStateFile(options.stateFile) : null
  if (saved) return saved

  const seed = options.seed ?? 'demo'
  if (!isSeedName(seed)) throw new Error(`unknown seed "${seed}" (known seeds: ${SEED_NAMES.join(', ')}, N from 1 to ${MAX_FLEET_APPS})`)
  const start = options.now === undefined && mode === 'real' ? DateTime.utc() : parseInstant(options.now ?? DEFAULT_START)
  if (!start) throw new Error(`--now must be an ISO 8601 instant, not "${options.now}"`)
  const randomSeed = options.randomSeed ?? DEFAULT_RANDOM_SEED
  if (!Number.isFinite(randomSeed)) throw new Error('randomSeed must be a number')
  // In real time the seeded world is laid out around its start, so relative times read true on any day.
  const state = mode === 'real' ? buildSeedAround(seed, start, randomSeed) : buildSeed(seed, start, randomSeed)
  if (options.stateFile) saveStateFile(options.stateFile, state)
  return state
}

/** The clock a world runs on: a loaded world in real time resumes at the machine's time (never before its own). */
function startClock(world: World, mode: ClockMode, speed: number): SandboxClock {
  const saved = world.now()
  const start = mode === 'real' ? DateTime.max(saved, DateTime.utc()) : saved
  return new SandboxClock(mode, start, speed)
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  if (!match) return false
  const given = Buffer.from(match[1])
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'request_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`))
        request.removeAllListeners('data')
        request.resume()
        return
      }

      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/** The token, host and clock the sandbox starts with (defaults filled in); throws on a value it cannot use. */
function checkedStartOptions(options: SandboxOptions): {host: string; mode: ClockMode; speed: number; token: string} {
  if (typeof options.token !== 'string' || options.token.trim() === '' || /\s/.test(options.token)) {
    throw new Error('a bearer token without spaces is required')
  }

  const {token} = options
  const host = options.host ?? '127.0.0.1'
  const mode: ClockMode = options.clock ?? 'real'
  if (mode !== 'real' && mode !== 'manual') throw new Error(`clock must be real or manual, not "${String(mode)}"`)
  const speed = options.speed ?? 1
  if (!(Number.isFinite(speed) && speed > 0)) throw new Error('speed must be a positive number')
  if (mode === 'manual' && speed !== 1) throw new Error('a speed applies only to the real-time clock')
  return {host, mode, speed, token}
}

/** The rate-limit budget the sandbox starts with (the full one unless told); throws when out of range. */
function checkedRateLimit(options: SandboxOptions): number {
  const startBudget = options.rateLimit ?? RATE_LIMIT_BUDGET
  if (!(Number.isInteger(startBudget) && startBudget >= 0 && startBudget <= RATE_LIMIT_BUDGET)) {
    throw new Error(`rateLimit must be a whole number from 0 to ${RATE_LIMIT_BUDGET}`)
  }

  return startBudget
}

/**
 * Starts the local sandbox: an HTTP server speaking the Platform, Data and Redis API subset the
 * maintenance commands use, over a simulated world whose clock follows the machine's (or moves only
 * when told to, with the manual clock).
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const {host, mode, speed, token} = checkedStartOptions(options)
  const world = new World(initialState(options, mode))
  if (mode === 'real') world.stepOffsets = REAL_TIME_STEP_OFFSETS
  const clock = startClock(world, mode, speed)
  const startBudget = checkedRateLimit(options)
  const limiter = new RateLimiter(startBudget)
  const faults = new FaultSet()
  const requests: LoggedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  const warn = options.warn ?? ((line: string) => process.stderr.write(`sandbox: ${line}\n`))

  const save = (): void => {
    world.syncRandom()
    if (options.stateFile) saveStateFile(options.stateFile, world.state)
  }

  /** The service side acts up to the clock's time; true when anything happened. */
  const catchUp = (): boolean => advanceWorld(world, DateTime.max(clock.now(), world.now())) > 0

  // Real time: wake up when the service side acts next (and at least once a minute, to follow the machine clock).
  let tick: NodeJS.Timeout | undefined
  let stopped = false
  const scheduleTick = (): void => {
    if (tick) clearTimeout(tick)
    tick = undefined
    if (mode !== 'real' || stopped) return
    const due = world.nextDueMs ?? Date.now()
    const delay = Math.min(clock.millisUntil(DateTime.fromMillis(Math.min(due, 8.64e15))), 60_000)
    tick = setTimeout(() => {
      tick = undefined
      if (catchUp()) save()
      scheduleTick()
    }, Math.max(delay, 5))
    tick.unref()
  }

  const worldChanged = (onlyAdvanced = false): void => {
    if (!onlyAdvanced) world.changed()
    catchUp()
    save()
    scheduleTick()
  }

  let fleet: null | RedisFleet = null
  if (options.redis) {
    // Loaded only when asked for, so that the simulated sandbox needs none of it.
    const {RedisFleet} = await import('./redis/fleet.js')
    fleet = await RedisFleet.start(world, options.redis === true ? {} : options.redis, {
      // Real work ended: steps now due are recorded (or the next one starts), and the world is saved.
      changed: () => worldChanged(),
      now: () => DateTime.max(clock.now(), world.now()),
      warn,
    })
    if (fleet) save()
  }

  const api = new Router()
  if (fleet) api.addAll(fleet.routes())
  // Reads the budget without spending it (see handle).
  api.add({method: 'GET', pattern: '/account/rate-limits', changes: false, handle: () => ok({remaining: limiter.remaining()})})
  api.addAll(platformRoutes(world))
  api.addAll(dataRoutes(world))
  const admin = new Router()
  admin.addAll(adminRoutes({clock, faults, requests, world}))
  admin.add({method: 'GET', pattern: `${ADMIN_PREFIX}/rate-limit`, changes: false, handle: () => ok({remaining: limiter.remaining()})})
  admin.add({
    method: 'POST',
    pattern: `${ADMIN_PREFIX}/rate-limit`,
    changes: false,
    handle(request) {
      const {remaining} = objectBody(request)
      if (!(Number.isInteger(remaining) && (remaining as number) >= 0 && (remaining as number) <= RATE_LIMIT_BUDGET)) {
        throw invalidParams(`remaining must be a whole number from 0 to ${RATE_LIMIT_BUDGET}, not ${JSON.stringify(remaining)}.`)
      }

      limiter.set(remaining as number)
      return ok({remaining: limiter.remaining()})
    },
  })

  const wait = (ms: number) => new Promise<void>(resolve => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      resolve()
    }, ms)
    timers.add(timer)
  })

  function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'
    const noBody = status === 204 || status === 304
    response.writeHead(status, {
      'Content-Type': contentType,
      ...(noBody ? {} : {'Content-Length': String(Buffer.byteLength(text))}),
      ...headers,
    })
    response.end(noBody ? undefined : text)
  }

  function sendFault(response: http.ServerResponse, fault: Fault): void {
    const status = fault.status as number
    const body = fault.body ?? {id: statusId(status), message: `Injected sandbox fault: HTTP ${status}.`}
    send(response, status, body, fault.headers)
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse, entry: LoggedRequest | null, url: URL): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase()
    const path = url.pathname
    if (!tokenMatches(request.headers.authorization, token)) {
      throw new HttpError(401, 'unauthorized', 'Invalid credentials provided.')
    }

    // Every API request spends one from the token's budget (reading the budget itself does not), faulted ones too.
    if (entry && !(method === 'GET' && path === '/account/rate-limits')) {
      const spent = limiter.spend()
      response.setHeader('RateLimit-Remaining', String(limiter.remaining()))
      // The service's clock, as a real server's Date header says it: clients may check times against it.
      response.setHeader('Date', world.now().toHTTP() as string)
      if (!spent) {
        response.setHeader('Retry-After', String(limiter.secondsUntilNext()))
        throw new HttpError(429, 'rate_limit', RATE_LIMIT_MESSAGE)
      }
    }

    if (entry) {
      const fault = faults.take(method, path)
      if (fault) {
        if (fault.delayMs > 0) await wait(fault.delayMs)
        if (fault.drop) {
          entry.status = 0
          request.socket.destroy()
          return
        }

        if (fault.status !== null) {
          entry.status = fault.status
          sendFault(response, fault)
          return
        }
      }
    }

    const rawBody = await readBody(request)
    const router = entry ? api : (options.admin ? admin : null)
    const found = router?.match(method, path)
    if (!found) throw new HttpError(404, 'not_found', `No route for ${method} ${path}.`)

    const reply: RouteReply = await found.route.handle({method, path, query: url.searchParams, headers: request.headers, params: found.params, rawBody})
    if (found.route.changes) worldChanged(found.route.onlyAdvances)
    if (entry) entry.status = reply.status
    send(response, reply.status, reply.body, reply.headers)
  }

  const server = http.createServer((request, response) => {
    const target = request.url ?? '/'
    // Origin-form targets are paths; prefixing keeps a path such as `//x` from being read as a host.
    const url = target.startsWith('/') ? new URL(`http://sandbox.invalid${target}`) : new URL(target, 'http://sandbox.invalid')
    // Whatever the service side did by now is visible to this request.
    if (catchUp()) {
      save()
      scheduleTick()
    }

    const isAdmin = url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)
    const entry: LoggedRequest | null = isAdmin
      ? null
      : {
        method: (request.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        status: 0,
        at: new Date().toISOString(),
        clock: world.state.clock,
      }
    if (entry) {
      requests.push(entry)
      if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS)
    }

    const requestId = typeof request.headers['request-id'] === 'string' ? request.headers['request-id'] : randomUUID()
    response.setHeader('Request-Id', requestId)
    response.setHeader('RateLimit-Remaining', String(limiter.remaining()))

    handle(request, response, entry, url).catch((error: unknown) => {
      const known = error instanceof HttpError
      if (!known) process.stderr.write(`sandbox: ${request.method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}\n`)
      const status = known ? error.status : 500
      const body = {id: known ? error.id : 'internal_server_error', message: known ? error.message : 'The sandbox hit an internal error.'}
      if (entry) entry.status = status
      if (response.headersSent || response.destroyed) {
        response.destroy()
        return
      }

      send(response, status, body)
    })
  })

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await fleet?.stop()
    throw error
  }

  catchUp()
  scheduleTick()
  const {port} = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        stopped = true
        if (tick) clearTimeout(tick)
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close(error => {
          if (error) reject(error)
          else resolve()
        })
        server.closeAllConnections()
      }).finally(async () => {
        await fleet?.stop()
      }).then(() => save())
      return closing
    },
  }
}

