import {expect} from 'chai'

import {shellQuote} from '../../scripts/pty.js'

/** Reading what a command printed. */

/** The lines of an output, without the final newline's empty line. */
export function lines(text: string): string[] {
  const all = text.split('\n')
  if (all.at(-1) === '') all.pop()
  return all
}

/** The `Error: ...` lines of an output (under DEBUG=*, oclif's own log lines start with a time stamp instead). */
export function errorLines(text: string): string[] {
  return lines(text).filter(line => line.startsWith('Error: '))
}

/** The text of these lines, each ending in a newline: an expected output written row by row. */
export function textOf(...rows: string[]): string {
  return `${rows.join('\n')}\n`
}

/** The one `Error: ...` line a failed command prints, checking that it is the only one on stderr. */
export function errorLine(result: {stderr: string}): string {
  const errors = errorLines(result.stderr)
  expect(errors, `expected one error line in:\n${result.stderr}`).to.have.length(1)
  return errors[0]
}

/** Lines of a Node.js stack trace (`    at fn (file:1:2)`). */
export function stackLines(text: string): string[] {
  return text.split('\n').filter(line => /^\s+at\s/.test(line))
}

/** oclif's own debug log (DEBUG=* or DEBUG=oclif*) ends with the stack of the error, as the user asked: allowed there only. */
export function oclifDebugOn(env: Record<string, string | undefined>): boolean {
  return (env.DEBUG ?? '').split(/[\s,]+/).some(namespace => namespace === '*' || namespace.startsWith('oclif'))
}

/** A command line as a user would type it, for test titles and messages. */
export function shellLine(argv: string[]): string {
  return argv.map(arg => shellQuote(arg)).join(' ')
}
