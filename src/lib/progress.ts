import {ux} from '@oclif/core'

/** The terminal spinner on stderr, behind an interface so that tests can see what it was told. */
export interface Spinner {
  /** Lets a line out on stderr while the spinner runs. */
  pause(write: () => void): void
  readonly running: boolean
  start(text: string): void
  status(text: string): void
  /** Ends the spinner's line with `text` (default `done`). */
  stop(text?: string): void
}

/** oclif's spinner. While it runs it holds back stderr writes, hence pause() for each progress line. */
export const oclifSpinner: Spinner = {
  pause: write => ux.action.pause(write),
  get running() {
    return ux.action.running
  },
  start: text => ux.action.start(text),
  status(text) {
    ux.action.status = text
  },
  stop: text => ux.action.stop(text),
}

/** The spinner when stderr is a terminal; none when it is piped (a CI log gets plain lines). */
export function stderrSpinner(): null | Spinner {
  return process.stderr.isTTY ? oclifSpinner : null
}

/**
 * `Starting maintenance for redis-lively-12345... done` on stderr around one piece of work: the spinner when
 * there is one, plain text otherwise; `failed` when the work throws (then more lines may follow).
 */
export async function step<T>(spinner: null | Spinner, text: string, work: () => Promise<T>): Promise<T> {
  if (spinner) spinner.start(text)
  else process.stderr.write(`${text}... `)
  try {
    const value = await work()
    if (spinner) spinner.stop()
    else process.stderr.write('done\n')
    return value
  } catch (error) {
    if (spinner) spinner.stop('failed')
    else process.stderr.write('failed\n')
    throw error
  }
}
