import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {type CliResult, type LoggedRequest, ROOT, SandboxSession} from '../../scripts/sandbox-session.js'

export {changingRequests, type CliResult, type FaultSpec, type LoggedRequest, ROOT, SandboxSession} from '../../scripts/sandbox-session.js'

/** Shared by the reliability tests: the seeded world's names, worker pools over sandboxes, and output checks. */

export const APP = 'example-app'
export const STAGING_APP = 'staging-app'
export const MAINTENANCES = '/data/maintenances/v1'
export const REDIS_LIVELY = `${MAINTENANCES}/${SEED_IDS.redisLively}`
export const POSTGRES_CURVED = `${MAINTENANCES}/${SEED_IDS.postgresCurved}`
export const POSTGRES_SHAPED = `${MAINTENANCES}/${SEED_IDS.postgresShaped}`
export const EXAMPLE_APP_LIST = `${MAINTENANCES}/apps/${SEED_IDS.exampleApp}`
export const REDIS_LIVELY_DATABASE = '/redis/v0/databases/redis-lively-12345'

/** The end-to-end tests run the build: say so once, clearly, rather than fail every case. */
export function requireBuild(): void {
  for (const file of ['packages/sandbox/dist/cli.js', 'dist/commands/data/maintenances/info.js']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: build first with \`npm run build\`.`)
  }
}

/** The lines of an output, without the final newline's empty line. */
export function lines(text: string): string[] {
  const all = text.split('\n')
  if (all.at(-1) === '') all.pop()
  return all
}

/** Lines of a Node.js stack trace (`    at fn (file:1:2)`). */
export function stackLines(text: string): string[] {
  return text.split('\n').filter(line => /^\s+at\s/.test(line))
}

/** oclif's own debug log (DEBUG=* or DEBUG=oclif*) ends with the stack of the error, as the user asked: allowed there only. */
export function oclifDebugOn(env: Record<string, string | undefined>): boolean {
  return (env.DEBUG ?? '').split(/[\s,]+/).some(namespace => namespace === '*' || namespace.startsWith('oclif'))
}

/** `METHOD PATH STATUS` of each logged request, for messages. */
export function describeLog(log: LoggedRequest[]): string[] {
  return log.map(r => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} ${r.status}`)
}

export function countRequests(log: LoggedRequest[], method: string, path: string): number {
  return log.filter(r => r.method === method && r.path === path).length
}

/** A command line as a user would type it, for test titles and messages. */
export function shellLine(argv: string[]): string {
  return argv.map(arg => (/^[\w:./=@-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", String.raw`'\''`)}'`)).join(' ')
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence, so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D_2B_79_F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
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

/** What one command run left behind: its output, what the sandbox saw, and how long it took. */
export interface Observed {
  log: LoggedRequest[]
  ms: number
  result: CliResult
  token: string
}

/** Runs `bin/run.js ARGS` on a worker's sandbox with a clean request log (and the given faults only). */
export async function observe(session: SandboxSession, argv: string[], options: {env?: Record<string, string | undefined>; faults?: Parameters<SandboxSession['fault']>[0][]} = {}): Promise<Observed> {
  await session.clearFaults()
  for (const fault of options.faults ?? []) await session.fault(fault)
  await session.clearRequests()
  const started = Date.now()
  const result = await session.cli(argv, options.env ?? {})
  const ms = Date.now() - started
  const log = await session.requests()
  await session.clearFaults()
  return {log, ms, result, token: session.token}
}
