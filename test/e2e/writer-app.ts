import {parseRedisUrl, RespClient, RespError} from 'heroku-data-maintenance-sandbox/redis/resp'

/**
 * The app of the failover tests: it writes through every failover as a real app on Heroku would.
 *
 * It reads REDIS_URL from the sandbox's config vars, appends 1, 2, 3, … to a list (RPUSH), and takes
 * the next number only once the previous one is acknowledged. When the connection drops or the server
 * answers READONLY (a demoted primary), it reads REDIS_URL again, as an app restarted by the release
 * would, reconnects and writes the same number again. So every acknowledged write is 1..acked, and
 * the list on the final primary must hold all of them.
 *
 * Environment: SANDBOX_URL, SANDBOX_TOKEN, APP (default example-app), CONFIG_VAR (default REDIS_URL),
 * KEY (default failover:log). stderr: `ready` after the first acknowledged write, then one line per
 * reconnection. On SIGTERM it stops and prints the summary (WriterSummary) as JSON on stdout.
 */
import {sleep} from '../../src/lib/sleep.js'

export interface WriterGap {
  /** Epoch ms of the acknowledgement before the gap and the one that ended it. */
  from: number
  ms: number
  to: number
}

export interface WriterSummary {
  /** Writes acknowledged: exactly the numbers 1..acked. */
  acked: number
  key: string
  /** Gaps between consecutive acknowledgements longer than GAP_REPORT_MS, in order. */
  gaps: WriterGap[]
  longestGapMs: number
  /** Each time the app (re)connected: when, and the port REDIS_URL named. */
  connections: Array<{at: number; port: number}>
  /** Failed attempts by kind (connection, READONLY, other error replies). */
  failures: Record<string, number>
}

const GAP_REPORT_MS = 20
const RETRY_PAUSE_MS = 10
const PACE_MS = 1

const sandboxUrl = process.env.SANDBOX_URL ?? ''
const token = process.env.SANDBOX_TOKEN ?? ''
const app = process.env.APP ?? 'example-app'
const configVar = process.env.CONFIG_VAR ?? 'REDIS_URL'
const key = process.env.KEY ?? 'failover:log'

async function currentUrl(): Promise<string> {
  const response = await fetch(`${sandboxUrl}/apps/${encodeURIComponent(app)}/config-vars`, {
    headers: {accept: 'application/vnd.heroku+json; version=3', authorization: `Bearer ${token}`},
  })
  if (!response.ok) throw new Error(`config vars: HTTP ${response.status}`)
  const vars = (await response.json()) as Record<string, string>
  const url = vars[configVar]
  if (!url) throw new Error(`${configVar} is not set on ${app}`)
  return url
}

const summary: WriterSummary = {acked: 0, connections: [], failures: {}, gaps: [], key, longestGapMs: 0}
const control = {stopping: false}
let lastAck = 0

function fail(kind: string): void {
  summary.failures[kind] = (summary.failures[kind] ?? 0) + 1
}

function acknowledge(): void {
  const now = Date.now()
  if (lastAck > 0) {
    const ms = now - lastAck
    if (ms > summary.longestGapMs) summary.longestGapMs = ms
    if (ms > GAP_REPORT_MS) summary.gaps.push({from: lastAck, ms, to: now})
  }

  lastAck = now
  summary.acked++
  if (summary.acked === 1) process.stderr.write('ready\n')
}

async function connect(): Promise<RespClient> {
  const address = parseRedisUrl(await currentUrl())
  const client = await RespClient.connect({...address, timeoutMs: 1000})
  summary.connections.push({at: Date.now(), port: address.port})
  process.stderr.write(`connected to port ${address.port}\n`)
  return client
}

async function main(): Promise<void> {
  if (!sandboxUrl || !token) throw new Error('SANDBOX_URL and SANDBOX_TOKEN are required')
  let client: RespClient | undefined
  while (!control.stopping) {
    try {
      if (!client || client.closed) client = await connect()
      await client.call(['RPUSH', key, summary.acked + 1])
      acknowledge()
      await sleep(PACE_MS)
    } catch (error) {
      if (error instanceof RespError) fail(error.code === 'READONLY' ? 'readonly' : `error:${error.code}`)
      else fail('connection')
      // A release restarts the app: it drops the connection and starts over from the config var.
      client?.close()
      client = undefined
      await sleep(RETRY_PAUSE_MS)
    }
  }

  client?.close()
}

const finished = main()
process.once('SIGTERM', () => {
  control.stopping = true
  // A write held by a pause may never be answered: report what was acknowledged so far after a moment.
  Promise.race([finished, sleep(2000)]).finally(() => {
    process.stdout.write(`${JSON.stringify(summary)}\n`, () => process.exit(0))
  })
})
finished.catch((error: unknown) => {
  process.stderr.write(`writer: ${(error as Error).message}\n`)
  process.exit(1)
})
