import {Command, Errors, type Interfaces} from '@oclif/core'

import type {Apis, ConnectOptions} from './api/index.js'
import type {WaitRuntime} from './maintenance/wait.js'

import {ExitCode, type ExitCodeValue, MaintenanceCliError, redact, ValidationError} from './errors.js'
import {noColor} from './flags.js'
import {colorLevel, hasOption, type Palette, palette} from './format/color.js'
import {terminalWidth} from './format/terminal.js'
import {type ConfirmPrompt, terminalPrompt} from './maintenance/confirm-prompt.js'
import {oclifSpinner, type Spinner, stderrSpinner, step} from './progress.js'
import {sleep, startTimer} from './sleep.js'

/** Parse messages are several lines; scripts and people want one. */
function oneLine(message: string): string {
  return message
  .split('\n')
  .map(line => line.trim())
  .filter(line => line && !line.startsWith('See more help with'))
  .join(' ')
}

/** `2:30 PM` typed without quotes arrives as two arguments; the parser then sees `PM` as one too many. */
export function unquotedTimeHint(message: string, argv: string[]): string {
  const extra = /^Unexpected arguments?: (\S+)/.exec(message)?.[1]
  const index = argv.findIndex((value, i) => i > 0 && /^[ap]\.?m\.?$/i.test(value) && /^\d{1,2}(:\d{2})?$/.test(argv[i - 1]))
  if (!extra || index === -1 || extra.replace(/,$/, '') !== argv[index]) return message
  const clock = argv[index - 1].includes(':') ? argv[index - 1] : `${argv[index - 1]}:00`
  return `${message}. Quote a 12-hour time so that it is one argument: "${clock} ${argv[index]}" (or write ${clock}${argv[index].toLowerCase()}).`
}

/**
 * `--sort -COLUMN` means descending, but the parser takes any value that starts like a flag (`-attachments` as
 * `-a ttachments`, even after `=`) for a missing one: pass it on as `--sort=COLUMN:desc` (only before `--`).
 */
export function normalizeDescendingSort(argv: string[]): string[] {
  const normalized: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...normalized, ...argv.slice(i)]
    const joined = /^--sort=-([a-z][\w-]*)$/i.exec(argv[i])
    const separate = argv[i] === '--sort' ? /^-([a-z][\w-]*)$/i.exec(argv[i + 1] ?? '') : null
    if (joined) normalized.push(`--sort=${joined[1]}:desc`)
    else if (separate) {
      normalized.push(`--sort=${separate[1]}:desc`)
      i++
    } else normalized.push(argv[i])
  }

  return normalized
}

/**
 * Ends the process with the code and nothing more printed. A host CLI (the Heroku CLI) has its own copy of
 * oclif, whose handler does not recognise this copy's ExitError and would print `Error: EEXIT: 1` and
 * `Code: EEXIT` after our line; the flag tells any copy's handler the error was already reported.
 */
function quietExit(code: number): Errors.ExitError {
  const exit = new Errors.ExitError(code)
  exit.skipOclifErrorHandling = true
  return exit
}

/** What a command takes from the world besides its arguments; tests give their own (test/helpers/run.ts). */
export interface CommandDependencies {
  /** How the API clients retry (tests: without pauses). */
  api?: ConnectOptions['overrides']
  /** Asking a person at a terminal (run's and policy:apply's confirmation). */
  prompt: ConfirmPrompt
  /** The clock, jitter and pauses of a wait. */
  runtime: WaitRuntime
}

const systemRuntime: WaitRuntime = {deadlineTimer: startTimer, now: () => Date.now(), random: () => Math.random(), sleep}

export interface ErrorJson {
  /** More members some errors add, such as what was read before the error. */
  [member: string]: unknown
  error: {
    exit_code: number
    id: string
    message: string
    status?: number
  }
}

/**
 * Shared conventions of every command: `--json` prints run()'s return value, errors are one line with a
 * stable exit code (README "Exit codes"), progress goes to stderr, and the token never reaches any output.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {'no-color': noColor}
  static override enableJsonFlag = true
  /** Set before run() to replace what the command takes from the world (the system's by default). */
  dependencies: Partial<CommandDependencies> = {}
  private connected?: Apis

  protected get prompt(): ConfirmPrompt {
    return this.dependencies.prompt ?? terminalPrompt
  }

  protected get runtime(): WaitRuntime {
    return this.dependencies.runtime ?? systemRuntime
  }

  /** The API clients, built on first use (the HTTP stack is loaded only by commands that call an API). */
  protected async apis(): Promise<Apis> {
    if (!this.connected) {
      const {connect} = await import('./api/index.js')
      this.connected = await connect({
        debug: this.debugEnabled() ? line => process.stderr.write(`heroku-data-maintenance ${line}\n`) : undefined,
        overrides: this.dependencies.api,
        userAgent: `heroku-data-maintenance/${this.config.version} node-${process.version}`,
      })
    }

    return this.connected
  }

  override async catch(error: Error & {exitCode?: number}): Promise<void> {
    if (error instanceof Errors.ExitError) throw error
    const {exitCode, message} = this.describe(error)
    process.exitCode = exitCode
    if (this.jsonEnabled()) {
      this.logJson(this.toErrorJson(error))
      return
    }

    if (oclifSpinner.running) oclifSpinner.stop('failed')
    // One unwrapped line, so that scripts can grep it; oclif's renderer would wrap it at the terminal width.
    process.stderr.write(`Error: ${message}\n`)
    throw quietExit(exitCode)
  }

  /** Anything that goes wrong while reading the command line is a usage error: exit 1, nothing sent. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async parse<F extends Interfaces.OutputFlags<any>, B extends Interfaces.OutputFlags<any>, A extends Interfaces.OutputArgs<any>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, normalizeDescendingSort(argv ?? this.argv))
    } catch (error) {
      // oclif wraps a flag's parse error as "Parsing --flag\n\t<message>": say "--flag: <message>", or just
      // the message when it names the flag itself.
      const message = oneLine(error instanceof Error ? error.message : String(error))
      const wrapped = /^Parsing (--[\w-]+)\s+(\S.*)$/.exec(message)
      if (wrapped) throw new ValidationError(wrapped[2].includes(wrapped[1]) ? wrapped[2] : `${wrapped[1]}: ${wrapped[2]}`)
      throw new ValidationError(unquotedTimeHint(message, argv ?? this.argv))
    }
  }

  /** Data output is redacted too: an API that echoes a token in a field must not get it printed. */
  override log(message = '', ...args: unknown[]): void {
    super.log(this.redact(message), ...args)
  }

  override logJson(json: unknown): void {
    const text = JSON.stringify(json) ?? 'null'
    // Tokens are JSON-safe strings, so replacing them in the serialized form keeps the document valid.
    const clean = this.redact(text)
    super.logJson(clean === text ? json : JSON.parse(clean))
  }

  /** Human progress and warnings: stderr, so that stdout stays the data. */
  protected progress(line: string): void {
    process.stderr.write(`${this.redact(line)}\n`)
  }

  /** The spinner on stderr when it is a terminal; none when it is piped. */
  protected spinner(): null | Spinner {
    return stderrSpinner()
  }

  /** `text... done` on stderr around one piece of work (a spinner on a terminal); `failed` when it throws. */
  protected step<T>(text: string, work: () => Promise<T>): Promise<T> {
    return step(this.spinner(), text, work)
  }

  /** A warning on stderr: yellow on a colour terminal. */
  protected warning(line: string): void {
    process.stderr.write(`${this.palette(process.stderr).warning(this.redact(line))}\n`)
  }

  /** A stream's colours: none under --json or --csv, when piped, with NO_COLOR or --no-color (README "Output"). */
  protected palette(stream: {isTTY?: boolean} = process.stdout): Palette {
    if (this.jsonEnabled() || hasOption(this.argv, '--csv')) return palette(0)
    return palette(colorLevel({argv: this.argv, env: process.env, isTTY: stream.isTTY}))
  }

  /** How a table is drawn on stdout: fitted to the terminal's width and coloured, or in full when piped. */
  protected tableStyle(): {colors: Palette; width?: number} {
    return {colors: this.palette(process.stdout), width: terminalWidth(process.stdout, process.env)}
  }

  protected redact(text: string): string {
    return redact(text, [this.connected?.token, process.env.HEROKU_API_KEY])
  }

  override toErrorJson(error: unknown): ErrorJson {
    const {exitCode, message} = this.describe(error)
    const details = error as {status?: unknown}
    const id = error instanceof MaintenanceCliError ? error.id : 'error'
    return {
      ...(error instanceof MaintenanceCliError ? error.document : undefined),
      error: {
        exit_code: exitCode,
        id,
        message,
        ...(typeof details.status === 'number' ? {status: details.status} : {}),
      },
    }
  }

  private debugEnabled(): boolean {
    const heroku = process.env.HEROKU_DEBUG
    if (heroku && heroku !== '0' && heroku !== 'false') return true
    return (process.env.DEBUG ?? '').split(/[\s,]+/).some(ns => ns === '*' || ns.startsWith('heroku-data-maintenance'))
  }

  private describe(error: unknown): {exitCode: ExitCodeValue | number; message: string} {
    if (error instanceof MaintenanceCliError) return {exitCode: error.exitCode, message: this.redact(error.message)}
    const message = error instanceof Error ? error.message : String(error)
    return {exitCode: ExitCode.api, message: this.redact(oneLine(message))}
  }
}
