import {redact} from '../errors.js'
import {webhookSecrets} from './webhook.js'

/** The webhook URLs on a command line: `--webhook URL` and `--webhook=URL`. */
export function webhookArguments(argv: readonly string[]): string[] {
  const found: string[] = []
  for (const [index, arg] of argv.entries()) {
    if (arg === '--webhook' && index + 1 < argv.length) found.push(argv[index + 1])
    else if (arg.startsWith('--webhook=')) found.push(arg.slice('--webhook='.length))
  }

  return found
}

/**
 * oclif's own debug lines (DEBUG=*) print the command line before any command runs, so a webhook URL given there is
 * hidden from everything written to the stream from then on.
 */
export function hideWebhookFromDebug(argv: readonly string[], stream: NodeJS.WriteStream = process.stderr): void {
  const secrets = webhookArguments(argv).flatMap(url => webhookSecrets(url))
  if (secrets.length === 0) return
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redact(chunk, secrets) : chunk, ...rest)) as typeof stream.write
}
