import {Config} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

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

/**
 * Runs a command from its TypeScript source (never a stale dist/), as bin/run.js would, and reports
 * the exit code the process would end with.
 */
export async function run<T = unknown>(argv: string[]): Promise<CommandRun<T>> {
  config ??= await Config.load({ignoreManifest: true, root})
  const [id, ...rest] = argv
  const {default: command} = await import(pathToFileURL(commandSource(id)).href)
  const {error, result, stderr, stdout} = await captureOutput<T>(() => command.run(rest, config))
  const oclifExit = (error as undefined | {oclif?: {exit?: number}})?.oclif?.exit
  const exitCode = oclifExit ?? (typeof process.exitCode === 'number' ? process.exitCode : (error ? 1 : 0))
  process.exitCode = undefined
  return {error, exitCode, result, stderr, stdout}
}
