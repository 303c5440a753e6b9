/* eslint-disable mocha/no-exports, mocha/no-top-level-hooks, mocha/no-sibling-hooks -- shared by the suites: useSandbox and useFreshSandbox register their hooks inside the calling describe */
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {changingRequests, type LoggedRequest, ROOT, SandboxSession, type SessionOptions} from '../../scripts/sandbox-session.js'
import {sleep} from '../../src/lib/sleep.js'
import {MAINTENANCES} from './fixtures.js'

/**
 * The sandbox as a process for the suites that run bin/run.js: starting and stopping it, and reading its request
 * log. Starting it, the admin calls and the CLI's environment live in scripts/sandbox-session.ts, which the demo
 * and the bench share and which must not depend on test/.
 */

export {
  changingRequests, type CliResult, type FaultSpec, type LoggedRequest, MANUAL_CLOCK_ARGS, ROOT, SandboxSession, type SessionOptions,
} from '../../scripts/sandbox-session.js'
export {MAINTENANCES} from './fixtures.js'

/** Names in the sandbox's `demo` world. */
export const APP = 'example-app'
export const STAGING_APP = 'staging-app'
export const REDIS_ADDON = 'redis-lively-12345'
export const REDIS_LIVELY = `${MAINTENANCES}/${SEED_IDS.redisLively}`
export const POSTGRES_CURVED = `${MAINTENANCES}/${SEED_IDS.postgresCurved}`
export const POSTGRES_SHAPED = `${MAINTENANCES}/${SEED_IDS.postgresShaped}`
export const EXAMPLE_APP_LIST = `${MAINTENANCES}/apps/${SEED_IDS.exampleApp}`
export const REDIS_LIVELY_DATABASE = `/redis/v0/databases/${REDIS_ADDON}`

/** Command ids that bin/run.js can find, from the built files (dist/commands/data/maintenances/index.js → data:maintenances). */
function builtCommandIds(): string[] {
  const base = join(ROOT, 'dist', 'commands')
  if (!existsSync(base)) throw new Error('dist/commands is missing: run `npm run build` before the end-to-end tests.')
  const ids: string[] = []
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) visit(path)
      else if (entry.name.endsWith('.js')) ids.push(relative(base, path).replace(/\.js$/, '').replace(/[/\\]index$/, '').split(/[/\\]/).join(':'))
    }
  }

  visit(base)
  return ids.sort()
}

let checkedBuild = false

/**
 * The end-to-end suites run the build: say so once, clearly, rather than fail every case. bin/run.js finds
 * commands through oclif.manifest.json when there is one, so a manifest that misses a built command makes
 * that command "not found": said here too.
 */
export function requireBuild(): void {
  if (checkedBuild) return
  if (!existsSync(join(ROOT, 'packages', 'sandbox', 'dist', 'cli.js'))) throw new Error('packages/sandbox/dist/cli.js is missing: run `npm run build` before the end-to-end tests.')
  const built = builtCommandIds()
  const manifestPath = join(ROOT, 'oclif.manifest.json')
  if (existsSync(manifestPath)) {
    const listed = Object.keys((JSON.parse(readFileSync(manifestPath, 'utf8')) as {commands: Record<string, unknown>}).commands)
    const missing = built.filter(id => !listed.includes(id))
    if (missing.length > 0) {
      throw new Error(`oclif.manifest.json does not list ${missing.join(', ')}: bin/run.js cannot find them. Regenerate it with \`npm run manifest\`.`)
    }
  }

  checkedBuild = true
}

/** A sandbox process (the `demo` world unless the options say otherwise), after checking that bin/run.js can reach every built command. */
export async function openSandbox(options: SessionOptions = {}): Promise<SandboxSession> {
  requireBuild()
  return SandboxSession.open(options)
}

/** Runs `work` on a sandbox of its own, closed afterwards whatever happens. */
export async function withSandbox<T>(options: SessionOptions, work: (session: SandboxSession) => Promise<T>): Promise<T> {
  const session = await openSandbox(options)
  try {
    return await work(session)
  } finally {
    await session.close()
  }
}

/** Options for a sandbox, or how to make them once the earlier hooks have run (e.g. written its state file). */
type SandboxOptions = (() => SessionOptions) | SessionOptions

/**
 * One sandbox process for a describe block (opened before its tests, then `opened` is awaited, closed after),
 * with the request log cleared before each test so that every test sees only its own requests.
 */
export function useSandbox(opened: (session: SandboxSession) => Promise<void> | void, options: SandboxOptions = {}): void {
  let session: SandboxSession | undefined
  before(async () => {
    session = await openSandbox(typeof options === 'function' ? options() : options)
    await opened(session)
  })
  after(async () => {
    await session?.close()
  })
  beforeEach(async () => {
    await session!.clearRequests()
  })
}

/** A fresh sandbox process for each test of a describe block, for tests that change the world for good. */
export function useFreshSandbox(opened: (session: SandboxSession) => void, options: SessionOptions = {}): void {
  let session: SandboxSession | undefined
  beforeEach(async () => {
    session = await openSandbox(options)
    opened(session)
  })
  afterEach(async () => {
    await session?.close()
  })
}

/**
 * Runs every job on one of `workers` sandboxes, each worker taking the next job when it is free. A worker
 * owns its sandbox for the whole run, so its faults and request log are its own job's alone.
 */
export async function onSandboxPool<J, R>(jobs: J[], workers: number, work: (session: SandboxSession, job: J) => Promise<R>): Promise<R[]> {
  requireBuild()
  const results: R[] = Array.from({length: jobs.length})
  let next = 0
  const sessions = await Promise.all(Array.from({length: Math.min(workers, jobs.length)}, () => SandboxSession.open()))
  try {
    await Promise.all(sessions.map(async session => {
      while (next < jobs.length) {
        const index = next++
        results[index] = await work(session, jobs[index])
      }
    }))
  } finally {
    await Promise.all(sessions.map(session => session.close()))
  }

  return results
}

/** `METHOD PATH?QUERY` of each logged request, for exact comparisons. */
export function requestLines(log: LoggedRequest[]): string[] {
  return log.map(request => `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`)
}

/** `METHOD PATH?QUERY STATUS` of each logged request, for messages. */
export function describeLog(log: LoggedRequest[]): string[] {
  return log.map(request => `${requestLines([request])[0]} ${request.status}`)
}

export function countRequests(log: LoggedRequest[], method: string, path: string): number {
  return log.filter(r => r.method === method && r.path === path).length
}

/** `METHOD PATH?QUERY` of the requests that changed something since the log was last cleared, in the order the sandbox saw them. */
export async function changesSeen(session: SandboxSession): Promise<string[]> {
  return requestLines(changingRequests(await session.requests()))
}

/** Waits (real time) until the sandbox has seen the POST that runs the maintenance at `path` and, with `polled`, a status poll of it after that. */
export async function untilRunPosted(session: SandboxSession, path: string, options: {polled?: boolean} = {}): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const log = await session.requests()
    const posted = log.findIndex(request => request.method === 'POST' && request.path === `${path}/run`)
    if (posted !== -1 && (!options.polled || log.slice(posted).some(request => request.method === 'GET' && request.path === path))) return
    await sleep(50)
  }

  throw new Error(`the run POST of ${path}${options.polled ? ' (and a poll after it)' : ''} never reached the sandbox`)
}
