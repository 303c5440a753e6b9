import {randomBytes} from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {parseArgs} from 'node:util'

import {type RunningSandbox, type SandboxOptions, startSandbox} from './server.js'

export const USAGE = `Usage: sandbox [--port N] [--state FILE] [--token T] [--seed demo|empty|fleet:N] [--admin] [--clock real|manual] [--speed N] [--now ISO] [--random-seed N] [--host H] [--redis]

Starts the local Heroku API sandbox for data add-on maintenance.
  --port N         port to listen on (0, the default, picks a free one)
  --state FILE     where the world is saved (default: a new file in the temp folder); an existing file is loaded
  --token T        bearer token clients must send (default: a random one, printed)
  --seed NAME      starting world for a new state file: demo (default), empty, or fleet:N (N apps, 1 to 100000,
                   each with a Key-Value Store and a Postgres add-on, maintenances at every stage)
  --admin          enable /__sandbox/* routes (clock, faults, request log, state)
  --clock MODE     real (default): the clock follows the machine clock, a started maintenance goes through
                   its steps by itself (a few seconds in all) and a scheduled one starts when its window opens;
                   manual: the clock moves only through POST /__sandbox/clock (needs --admin)
  --speed N        real clock only: simulated time runs N times as fast (a 4-hour window passes in 4 hours / N)
  --now ISO        start of the simulated clock for a new world (default: the machine's time with the real
                   clock, 2026-11-23T12:00:00Z with the manual one); the seeded world is laid out around it
  --random-seed N  seed of the world's random choices (default 1)
  --rate-limit N   requests left in the token's budget at start (0 to 4500, the default); every API request
                   spends one, the budget refills at 75 a minute (machine clock), a spent one answers 429
  --host H         address to listen on (default 127.0.0.1)
  --redis          run a real redis-server primary and standby for each Redis add-on (not mini);
                   its maintenance runs fail over for real (needs redis-server on PATH)`

export interface ParsedCommand {
  help: boolean
  /** No --state was given: the file is the sandbox's own, in the temp folder, and goes when it stops cleanly. */
  temporaryState: boolean
  options: SandboxOptions & {stateFile: string}
  tokenGenerated: boolean
}

function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`)
  }

  return Number(text)
}

/** Reads the command line; throws an Error with a one-line message for anything wrong. */
export function parseSandboxArgs(argv: string[]): ParsedCommand {
  const {values} = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      admin: {type: 'boolean', default: false},
      clock: {type: 'string'},
      help: {type: 'boolean', short: 'h', default: false},
      host: {type: 'string'},
      now: {type: 'string'},
      port: {type: 'string'},
      redis: {type: 'boolean', default: false},
      'random-seed': {type: 'string'},
      'rate-limit': {type: 'string'},
      seed: {type: 'string'},
      speed: {type: 'string'},
      state: {type: 'string'},
      token: {type: 'string'},
    },
    strict: true,
  })

  const clock = values.clock ?? 'real'
  if (clock !== 'real' && clock !== 'manual') throw new Error(`--clock must be real or manual, not "${clock}"`)
  const speed = integerOption('speed', values.speed, 1, 100_000)
  if (speed !== undefined && clock === 'manual') throw new Error('--speed applies only to --clock real')
  const tokenGenerated = values.token === undefined
  const token = values.token ?? `sandbox-${randomBytes(16).toString('hex')}`
  if (token === '' || /\s/.test(token)) throw new Error('--token must be a non-empty value without spaces')
  const stateFile = values.state ?? path.join(os.tmpdir(), `heroku-data-maintenance-sandbox-${process.pid}.json`)
  return {
    help: values.help,
    temporaryState: values.state === undefined,
    tokenGenerated,
    options: {
      admin: values.admin,
      clock,
      ...(speed === undefined ? {} : {speed}),
      host: values.host,
      now: values.now,
      port: integerOption('port', values.port, 0, 65_535) ?? 0,
      randomSeed: integerOption('random-seed', values['random-seed'], 0, 4_294_967_295),
      ...(values['rate-limit'] === undefined ? {} : {rateLimit: integerOption('rate-limit', values['rate-limit'], 0, 4500)}),
      ...(values.redis ? {redis: true} : {}),
      seed: values.seed,
      stateFile,
      token,
    },
  }
}

/** The lines that point a Heroku CLI (ours or the official one) at the sandbox. */
export function environmentLines(sandbox: RunningSandbox): string[] {
  const {hostname} = new URL(sandbox.url)
  return [
    `Sandbox listening on ${sandbox.url}`,
    // The official CLI takes the data host as a bare host name and reuses HEROKU_HOST's scheme and port.
    `export HEROKU_HOST=${sandbox.url} HEROKU_DATA_HOST=${hostname} HEROKU_REDIS_HOST=${hostname} HEROKU_API_KEY=${sandbox.token}`,
  ]
}

function describeStartError(error: unknown, options: SandboxOptions): string {
  const {code} = (error as NodeJS.ErrnoException)
  if (code === 'EADDRINUSE') return `port ${options.port} on ${options.host ?? '127.0.0.1'} is already in use`
  if (code === 'EACCES') return `not allowed to listen on port ${options.port}`
  return (error as Error).message.split('\n')[0]
}

export interface CliStreams {
  stdout: Pick<NodeJS.WriteStream, 'write'>
  stderr: Pick<NodeJS.WriteStream, 'write'>
}

/** Where SIGINT/SIGTERM come from: the process, or a stand-in in tests. */
export type SignalSource = Pick<NodeJS.Process, 'off' | 'on'>

/**
 * Runs the sandbox until SIGINT or SIGTERM. Resolves with the exit code: 0 after a clean stop,
 * 1 when it cannot start (the reason is one line on stderr).
 */
export async function runSandboxCli(argv: string[], streams: CliStreams = process, signals: SignalSource = process): Promise<number> {
  let parsed: ParsedCommand
  try {
    parsed = parseSandboxArgs(argv)
  } catch (error) {
    streams.stderr.write(`sandbox: ${(error as Error).message}\n`)
    return 1
  }

  if (parsed.help) {
    streams.stdout.write(`${USAGE}\n`)
    return 0
  }

  let sandbox: RunningSandbox
  try {
    sandbox = await startSandbox({...parsed.options, warn: line => streams.stderr.write(`sandbox: ${line}\n`)})
  } catch (error) {
    streams.stderr.write(`sandbox: ${describeStartError(error, parsed.options)}\n`)
    return 1
  }

  streams.stdout.write(`${environmentLines(sandbox).join('\n')}\n`)
  const {stateFile} = parsed.options
  streams.stdout.write(`# state file: ${stateFile}${parsed.temporaryState ? ' (removed on a clean stop)' : ''}${parsed.options.admin ? ' (admin routes on)' : ''}\n`)

  return new Promise<number>(resolve => {
    const stop = () => {
      signals.off('SIGINT', stop)
      signals.off('SIGTERM', stop)
      sandbox.close().then(() => {
        if (parsed.temporaryState) fs.rmSync(stateFile, {force: true})
        resolve(0)
      }, (error: unknown) => {
        streams.stderr.write(`sandbox: could not stop cleanly: ${(error as Error).message}\n`)
        resolve(1)
      })
    }

    signals.on('SIGINT', stop)
    signals.on('SIGTERM', stop)
  })
}
