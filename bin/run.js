#!/usr/bin/env node
import {Errors, flush, handle, run} from '@oclif/core'

// Debug output prints the command line: a webhook URL on it (a secret) must not show there.
if (process.env.DEBUG && process.argv.some(arg => arg.startsWith('--webhook'))) {
  const {hideWebhookFromDebug} = await import('../dist/lib/notify/debug-redaction.js')
  hideWebhookFromDebug(process.argv)
}

// `help COMMAND` as in the Heroku CLI: standalone there is no help plugin, so it is `COMMAND --help`.
const argv = process.argv[2] === 'help' ? [...process.argv.slice(3), '--help'] : process.argv.slice(2)

try {
  await run(argv, import.meta.url)
  await flush()
} catch (error) {
  // A mistyped command is a usage error (exit 1, one line), not oclif's exit 2, which scripts read as an API failure.
  if (error instanceof Errors.CLIError && /^command \S+ not found$/.test(error.message)) {
    process.stderr.write(`Error: ${error.message}: run heroku-data-maintenance --help for the list of commands.\n`)
    process.exitCode = 1
  } else {
    await handle(error)
  }
}
