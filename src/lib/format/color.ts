import {Ansis} from 'ansis'

/** What a stream's colours depend on: the command line, the environment, and whether the stream is a terminal. */
export interface ColorContext {
  argv: readonly string[]
  env: Record<string, string | undefined>
  isTTY?: boolean
}

/** Whether `option` (such as `--no-color`) is among the command's own arguments (not after `--`). */
export function hasOption(argv: readonly string[], option: string): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).includes(option)
}

/**
 * The ANSI colour level for a stream (0 is none): `--no-color` first; then FORCE_COLOR as ansis reads it
 * (`0`/`false` off, `1` to `3` that level, anything else on); then NO_COLOR (any non-empty value) off;
 * else colours only on a terminal that is not `TERM=dumb`.
 */
export function colorLevel({argv, env, isTTY}: ColorContext): number {
  if (hasOption(argv, '--no-color')) return 0
  const force = env.FORCE_COLOR
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0
    return ['1', '2', '3'].includes(force) ? Number(force) : 1
  }

  if (env.NO_COLOR) return 0
  if (!isTTY || env.TERM === 'dumb') return 0
  return 1
}

/** What a table cell or a line is, for its colour. */
export type ColorRole = 'addon' | 'app' | 'attachment' | 'status'

export interface Palette {
  addon(text: string): string
  app(text: string): string
  attachment(text: string): string
  /** Whether any colour is applied at all. */
  enabled: boolean
  error(text: string): string
  /** A maintenance status, coloured by what it asks of the user. */
  status(text: string): string
  warning(text: string): string
}

/** The Heroku CLI's conventions: apps magenta, add-ons yellow, attachments cyan, warnings yellow, errors red. */
export function palette(level: number): Palette {
  const ansis = new Ansis(level)
  const byStatus: Record<string, (text: string) => string> = {
    completed: ansis.green,
    none: ansis.dim,
    pending: ansis.yellow,
    preparing: ansis.yellow,
    ready: ansis.yellow,
    running: ansis.cyan,
    scheduled: ansis.yellow,
  }
  return {
    addon: ansis.yellow,
    app: ansis.magenta,
    attachment: ansis.cyan,
    enabled: level > 0,
    error: ansis.red,
    status: text => (byStatus[text.trim().toLowerCase()] ?? ansis.bold)(text),
    warning: ansis.yellow,
  }
}

/** No colour at all. */
export const PLAIN = palette(0)

/** The text as the terminal shows it: without ANSI escape sequences. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- the escape character is the point
  return text.replaceAll(/\u001B\[[\d;]*m/g, '')
}

/** Characters the terminal shows (ANSI codes take no room; the names here are single-width). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length
}
