import {expect} from 'chai'
import {spawn} from 'node:child_process'

import {shellQuote} from '../../scripts/pty.js'
import {binCommand, type CliResult, type FaultSpec, type LoggedRequest, type SandboxSession, startCli} from '../../scripts/sandbox-session.js'
import {sleep} from '../../src/lib/sleep.js'
import {withSandbox} from './sandbox.js'

/** Running bin/run.js as a process, as a user would, and what every such run must hold to. */

export {binCommand, spawnCli} from '../../scripts/sandbox-session.js'

type Env = Record<string, string | undefined>

/** What every run must hold to: the token appears nowhere, and no stack trace reaches the user. */
export function expectCleanOutput(token: string, result: {stderr: string; stdout: string}): void {
  expect(`${result.stdout}\n${result.stderr}`, 'the sandbox token was printed').not.to.include(token)
  const stackLines = result.stderr.split('\n').filter(line => line.startsWith('    at '))
  expect(stackLines, 'a stack trace was printed').to.deep.equal([])
}

/** Runs `bin/run.js ARGS` against the sandbox and checks its output is clean. */
export async function cli(session: SandboxSession, args: string[], env: Env = {}): Promise<CliResult> {
  const result = await session.cli(args, env)
  expectCleanOutput(session.token, result)
  return result
}

/** Runs `bin/run.js ARGS` against any API at `url` (a test's own server), with the CLI's environment of a sandbox run. */
export async function cliAgainst(url: string, token: string, args: string[], env: Env = {}): Promise<CliResult> {
  return startCli(url, token, args, env).done
}

/** How long `work` took, in real milliseconds (a command's start-up included), and what it gave. */
export async function timed<T>(work: () => Promise<T>): Promise<{ms: number; result: T}> {
  const started = Date.now()
  const result = await work()
  return {ms: Date.now() - started, result}
}

/**
 * Runs a command while the sandbox clock moves a minute every `everyMs` of real time, as time passes on Heroku
 * while a maintenance runs; stops moving it when the command exits.
 */
export async function cliWhileClockMoves(
  session: SandboxSession,
  args: string[],
  options: {env?: Env; everyMs?: number; maxSteps?: number} = {},
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

/** What one command run left behind: its output, what the sandbox saw, and how long it took. */
export interface Observed {
  log: LoggedRequest[]
  ms: number
  result: CliResult
  token: string
}

/** Runs `bin/run.js ARGS` on a sandbox with a clean request log and the given faults only (cleared again afterwards). */
export async function observe(session: SandboxSession, argv: string[], options: {env?: Env; faults?: FaultSpec[]} = {}): Promise<Observed> {
  await session.clearFaults()
  for (const fault of options.faults ?? []) await session.fault(fault)
  await session.clearRequests()
  const {ms, result} = await timed(() => session.cli(argv, options.env ?? {}))
  const log = await session.requests()
  await session.clearFaults()
  return {log, ms, result, token: session.token}
}

/** One command run against its own fresh sandbox: what it printed and what the sandbox saw. */
export interface Scenario {
  env: Env
  log: LoggedRequest[]
  result: CliResult
  token: string
}

/**
 * Opens a fresh sandbox, injects the faults, runs the command, and closes the sandbox. Scenarios that
 * spend their time waiting (retry pauses, timeouts) can run side by side without sharing a request log.
 * Check the output with expectCleanScenario in the test that reads it.
 */
export async function runScenario(args: string[], options: {env?: Env; faults?: FaultSpec[]} = {}): Promise<Scenario> {
  const env = options.env ?? {}
  return withSandbox({}, async session => {
    for (const fault of options.faults ?? []) await session.fault(fault)
    const result = await session.cli(args, env)
    return {env, log: await session.requests(), result, token: session.token}
  })
}

/** expectCleanOutput for a scenario's run. */
export function expectCleanScenario(scenario: Scenario): void {
  expectCleanOutput(scenario.token, scenario.result)
}

export interface TerminalRun {
  code: null | number
  /** Everything the command wrote to the terminal (stdout and stderr together). */
  output: string
}

/** Runs `command` on a pseudo-terminal (util-linux `script`) of `columns` columns, as a user's shell would; stty sets the width, which oclif asks instead of COLUMNS. */
export function onTerminal(command: string[], options: {columns: number; env: NodeJS.ProcessEnv}): Promise<TerminalRun> {
  const line = `stty cols ${options.columns} rows 40 2>/dev/null; exec ${command.map(word => shellQuote(word)).join(' ')}`
  const child = spawn('script', ['-qfec', line, '/dev/null'], {env: options.env, stdio: ['pipe', 'pipe', 'pipe']})
  child.stdin.end()
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve({code, output}))
  })
}

/**
 * Runs `bin/run.js ARGS` against the sandbox on a pseudo-terminal of `columns` columns (80 unless given), with
 * colours as a user's terminal has them unless env says otherwise, and checks its output is clean.
 */
export async function cliOnTerminal(session: SandboxSession, args: string[], options: {columns?: number; env?: Env} = {}): Promise<TerminalRun> {
  const env = session.environment({COLUMNS: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm-256color', ...options.env})
  const run = await onTerminal(binCommand(args), {columns: options.columns ?? 80, env})
  expectCleanOutput(session.token, {stderr: run.output, stdout: run.output})
  return run
}
