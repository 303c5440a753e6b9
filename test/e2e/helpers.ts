/* eslint-disable mocha/no-exports, mocha/no-top-level-hooks -- shared e2e helpers; useSandbox registers its hooks inside the calling describe */
import {expect} from 'chai'
import {SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {type CliResult, type FaultSpec, type LoggedRequest, ROOT, SandboxSession} from '../../scripts/sandbox-session.js'

export {changingRequests, type CliResult, type FaultSpec, type LoggedRequest, SandboxSession} from '../../scripts/sandbox-session.js'

export const APP = 'example-app'
export const MAINTENANCES = '/data/maintenances/v1'

/** Data API paths of the seeded add-ons (the `demo` world). */
export const REDIS_LIVELY = `${MAINTENANCES}/${SEED_IDS.redisLively}`
export const POSTGRES_SHAPED = `${MAINTENANCES}/${SEED_IDS.postgresShaped}`

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
 * bin/run.js finds commands through oclif.manifest.json when there is one: a manifest that misses a built
 * command makes that command "not found", which would fail every test of it for a reason worth saying once.
 */
function checkBuild(): void {
  if (checkedBuild) return
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

/** A sandbox process with the `demo` world, after checking that bin/run.js can reach every built command. */
export async function openSandbox(): Promise<SandboxSession> {
  checkBuild()
  return SandboxSession.open()
}

/** What every run must hold to: the token appears nowhere, and no stack trace reaches the user. */
export function expectCleanOutput(token: string, result: CliResult): void {
  expect(`${result.stdout}\n${result.stderr}`, 'the sandbox token was printed').not.to.include(token)
  const stackLines = result.stderr.split('\n').filter(line => line.startsWith('    at '))
  expect(stackLines, 'a stack trace was printed').to.deep.equal([])
}

/**
 * One sandbox process for a describe block (opened before its tests, closed after), with the request log
 * cleared before each test so that every test sees only its own requests.
 */
export function useSandbox(opened: (session: SandboxSession) => void): void {
  let session: SandboxSession | undefined
  before(async () => {
    session = await openSandbox()
    opened(session)
  })
  after(async () => {
    await session?.close()
  })
  beforeEach(async () => {
    await session!.clearRequests()
  })
}

/** Runs `bin/run.js ARGS` against the sandbox and checks its output is clean. */
export async function cli(session: SandboxSession, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const result = await session.cli(args, env)
  expectCleanOutput(session.token, result)
  return result
}

/** The lines of an output, without the final newline's empty line. */
export function lines(text: string): string[] {
  const all = text.split('\n')
  if (all.at(-1) === '') all.pop()
  return all
}

/** The one `Error: ...` line a failed command prints, checking that it is the only line on stderr. */
export function errorLine(result: CliResult): string {
  const errors = lines(result.stderr).filter(line => line.startsWith('Error: '))
  expect(errors, `expected one error line in:\n${result.stderr}`).to.have.length(1)
  return errors[0]
}

/** `METHOD PATH?QUERY` of each logged request, for exact comparisons. */
export function requestLines(log: LoggedRequest[]): string[] {
  return log.map(request => `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`)
}

const sleep = (ms: number) => new Promise<void>(resolve => {
  setTimeout(resolve, ms)
})

/**
 * Runs a command while the sandbox clock moves a minute every `everyMs` of real time, as time passes on Heroku
 * while a maintenance runs; stops moving it when the command exits.
 */
export async function cliWhileClockMoves(
  session: SandboxSession,
  args: string[],
  options: {env?: Record<string, string | undefined>; everyMs?: number; maxSteps?: number} = {},
): Promise<CliResult & {clockSteps: number}> {
  const {child, done} = session.start(args, options.env)
  const running = () => child.exitCode === null && child.signalCode === null
  let clockSteps = 0
  while (running() && clockSteps < (options.maxSteps ?? 60)) {
    await Promise.race([sleep(options.everyMs ?? 300), done])
    if (running()) {
      await session.advanceClock('PT1M')
      clockSteps++
    }
  }

  // The simulated maintenance should long be over: stop the command rather than let the test hang.
  if (running()) child.kill('SIGTERM')
  const outcome = await done
  expectCleanOutput(session.token, outcome)
  return {...outcome, clockSteps}
}

/** One command run against its own fresh sandbox: what it printed and what the sandbox saw. */
export interface Scenario {
  env: Record<string, string | undefined>
  log: LoggedRequest[]
  result: CliResult
  token: string
}

/**
 * Opens a fresh sandbox, injects the faults, runs the command, and closes the sandbox. Scenarios that
 * spend their time waiting (retry pauses, timeouts) can run side by side without sharing a request log.
 * Check the output with expectCleanScenario in the test that reads it.
 */
export async function runScenario(args: string[], options: {env?: Record<string, string | undefined>; faults?: FaultSpec[]} = {}): Promise<Scenario> {
  const env = options.env ?? {}
  const session = await openSandbox()
  try {
    for (const fault of options.faults ?? []) await session.fault(fault)
    const result = await session.cli(args, env)
    return {env, log: await session.requests(), result, token: session.token}
  } finally {
    await session.close()
  }
}

/** expectCleanOutput for a scenario's run. */
export function expectCleanScenario(scenario: Scenario): void {
  expectCleanOutput(scenario.token, scenario.result)
}
