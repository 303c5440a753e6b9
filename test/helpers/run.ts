import {Config} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import type {RetryPolicy} from '../../src/lib/api/client.js'
import type {CommandDependencies} from '../../src/lib/base-command.js'

export interface CommandRun<T = unknown> {
  error?: Error
  exitCode: number
  result?: T
  stderr: string
  stdout: string
}

const root = fileURLToPath(new URL('../..', import.meta.url))
let config: Config | undefined

/** The command's source module for an id (`data:maintenances` → src/commands/data/maintenances/index.ts). */
export function commandSource(id: string): string {
  const base = join(root, 'src', 'commands', ...id.split(':'))
  return existsSync(`${base}.ts`) ? `${base}.ts` : join(base, 'index.ts')
}

/** Commands run by the tests retry at once: no test waits for a backoff (Retry-After included). */
export const NO_PAUSE_RETRY: RetryPolicy = {attempts: 3, baseDelayMs: 0, maxDelayMs: 0}

export interface RunOptions {
  /** What the command takes from the world instead of the system's (the API clients retry without pauses unless `api` says otherwise). */
  dependencies?: Partial<CommandDependencies>
  /** Environment variables set for the run only (undefined removes one). */
  env?: Record<string, string | undefined>
  /** Keep ANSI escape codes in the captured output (captureOutput strips them by default). */
  keepAnsi?: boolean
  /** Run as on a terminal this many columns wide; without it stdout and stderr look piped (unless the test made stderr a terminal), wherever the tests run. */
  terminal?: {columns: number}
}

/** Sets what the command sees of its streams and environment; returns how to put them back. */
function pretend(options: RunOptions): () => void {
  // A test that made stderr a terminal itself (an own property) keeps it; a developer's real terminal does not count.
  const stderrSetByTest = options.terminal === undefined && Object.getOwnPropertyDescriptor(process.stderr, 'isTTY') !== undefined
  const streams = stderrSetByTest ? [process.stdout] : [process.stdout, process.stderr]
  const saved = streams.map(stream => ({
    columns: Object.getOwnPropertyDescriptor(stream, 'columns'),
    isTTY: Object.getOwnPropertyDescriptor(stream, 'isTTY'),
    stream,
  }))
  for (const stream of streams) {
    Object.defineProperty(stream, 'isTTY', {configurable: true, value: options.terminal !== undefined, writable: true})
    Object.defineProperty(stream, 'columns', {configurable: true, value: options.terminal?.columns, writable: true})
  }

  const env = {COLUMNS: undefined, ...options.env}
  const savedEnv = Object.fromEntries(Object.keys(env).map(name => [name, process.env[name]]))
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }

  setEnv(env)
  return () => {
    setEnv(savedEnv)
    for (const {columns, isTTY, stream} of saved) {
      for (const [name, descriptor] of [['columns', columns], ['isTTY', isTTY]] as const) {
        if (descriptor) Object.defineProperty(stream, name, descriptor)
        else delete (stream as unknown as Record<string, unknown>)[name]
      }
    }
  }
}

/**
 * Runs a command from its TypeScript source (never a stale dist/), as bin/run.js would, and reports
 * the exit code the process would end with.
 */
export async function run<T = unknown>(argv: string[], options: RunOptions = {}): Promise<CommandRun<T>> {
  config ??= await Config.load({ignoreManifest: true, root})
  const loaded = config
  const [id, ...rest] = argv
  const {default: command} = await import(pathToFileURL(commandSource(id)).href)
  const injected = withDependencies(command, {api: {retry: NO_PAUSE_RETRY}, ...options.dependencies})
  const restore = pretend(options)
  let output: Awaited<ReturnType<typeof captureOutput<T>>>
  try {
    output = await captureOutput<T>(() => injected.run(rest, loaded), {stripAnsi: !options.keepAnsi})
  } finally {
    restore()
  }

  const {error, result, stderr, stdout} = output
  const oclifExit = (error as undefined | {oclif?: {exit?: number}})?.oclif?.exit
  const exitCode = oclifExit ?? (typeof process.exitCode === 'number' ? process.exitCode : (error ? 1 : 0))
  process.exitCode = undefined
  return {error, exitCode, result, stderr, stdout}
}

type CommandClass = (new (argv: string[], config: Config) => {dependencies: Partial<CommandDependencies>}) & {run(argv: string[], config: Config): Promise<unknown>}

/** The command, as oclif runs it, with these dependencies given to its instance before run() (its name kept, for oclif's id). */
function withDependencies(command: CommandClass, dependencies: Partial<CommandDependencies>): CommandClass {
  const injected = class extends command {
    constructor(argv: string[], commandConfig: Config) {
      super(argv, commandConfig)
      this.dependencies = dependencies
    }
  }
  Object.defineProperty(injected, 'name', {value: command.name})
  return injected
}
