import {parseRedisUrl, RespClient} from 'heroku-data-maintenance-sandbox/redis/resp'
import {type ChildProcess, spawn} from 'node:child_process'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

import type {WriterSummary} from './writer-app.js'

import {sleep} from '../../src/lib/sleep.js'
import {APP, type CliResult, MAINTENANCES, REDIS_ADDON, ROOT, type SandboxSession} from '../helpers/sandbox.js'

/** Shared by the failover end-to-end test and bench/failover.ts: the writer app, one failover, the next one. */

export {APP} from '../helpers/sandbox.js'
/** How often the simulated clock moves a minute while `run --wait` polls (letTimePass in the demo uses 250 ms). */
export const CLOCK_TICK_MS = 100

export class WriterProcess {
  private constructor(private readonly child: ChildProcess, private readonly stdout: Promise<string>, readonly log: string[]) {}

  /** Starts test/e2e/writer-app.ts against the session and waits for its first acknowledged write. */
  static async start(session: SandboxSession, key = 'failover:log'): Promise<WriterProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'e2e', 'writer-app.ts')], {
      cwd: ROOT,
      env: {...process.env, APP, KEY: key, SANDBOX_TOKEN: session.token, SANDBOX_URL: session.url},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
    })
    const stdout = new Promise<string>(resolve => {
      child.on('close', () => resolve(out))
    })
    const log: string[] = []
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the writer did not start within 15 s: ${log.join(' | ')}`)), 15_000)
      createInterface({input: child.stderr!}).on('line', line => {
        log.push(line)
        if (line === 'ready') {
          clearTimeout(timer)
          resolve()
        }
      })
      child.on('exit', code => {
        clearTimeout(timer)
        reject(new Error(`the writer exited with ${code}: ${log.join(' | ')}`))
      })
    })
    return new WriterProcess(child, stdout, log)
  }

  /** SIGTERM, then its summary. */
  async stop(): Promise<WriterSummary> {
    this.child.kill('SIGTERM')
    const text = await this.stdout
    return JSON.parse(text.trim().split('\n').at(-1) as string) as WriterSummary
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL')
  }
}

export interface FailoverRound {
  cli: CliResult
  /** Epoch ms when the CLI started and ended. */
  endedAt: number
  fromUrl: string
  startedAt: number
  toUrl: string
}

export async function redisUrl(session: SandboxSession): Promise<string> {
  const vars = await session.api<Record<string, string>>('GET', `/apps/${APP}/config-vars`)
  return vars.REDIS_URL
}

/** `data:maintenances:run REDIS_URL --wait --interval 1s`, with the simulated clock moving a minute every CLOCK_TICK_MS. */
export async function failOver(session: SandboxSession): Promise<FailoverRound> {
  const fromUrl = await redisUrl(session)
  const startedAt = Date.now()
  const {child, done} = session.start(['data:maintenances:run', 'REDIS_URL', '-a', APP, '--wait', '--interval', '1s'])
  const state = {finished: false}
  const result = done.finally(() => {
    state.finished = true
  })
  for (let tick = 0; tick < 600 && !state.finished && child.exitCode === null; tick++) {
    await sleep(CLOCK_TICK_MS)
    if (!state.finished) await session.advanceClock('PT1M')
  }

  const cli = await result
  return {cli, endedAt: Date.now(), fromUrl, startedAt, toUrl: await redisUrl(session)}
}

export interface MaintenanceView {
  reason: null | string
  status: string
}

export async function maintenance(session: SandboxSession): Promise<MaintenanceView> {
  return session.api<MaintenanceView>('GET', `${MAINTENANCES}/${REDIS_ADDON}`)
}

/** After a completed run, moves the clock to just past the next announcement (76 days on), when the next maintenance is ready. */
export async function makeNextRunnable(session: SandboxSession): Promise<MaintenanceView> {
  await session.advanceClock('P76DT3H')
  return maintenance(session)
}

/** Every number on the list at `url`. */
export async function readLog(url: string, key = 'failover:log'): Promise<number[]> {
  const client = await RespClient.connect(parseRedisUrl(url))
  try {
    const values = await client.call(['LRANGE', key, 0, -1])
    return (values as string[]).map(Number)
  } finally {
    client.close()
  }
}

/** INFO replication of the server at `url`. */
export async function infoReplication(url: string): Promise<string> {
  const client = await RespClient.connect(parseRedisUrl(url))
  try {
    return await client.text(['INFO', 'replication'])
  } finally {
    client.close()
  }
}

/** The acknowledged writes (1..acked) missing from `values`. */
export function missingWrites(values: number[], acked: number): number[] {
  const present = new Set(values)
  const missing: number[] = []
  for (let n = 1; n <= acked; n++) if (!present.has(n)) missing.push(n)
  return missing
}

/** The longest gap between acknowledged writes that overlaps [from, to]: the writes' unavailability during one failover. */
export function gapDuring(summary: WriterSummary, from: number, to: number): number {
  return summary.gaps.filter(gap => gap.to >= from && gap.from <= to).reduce((longest, gap) => Math.max(longest, gap.ms), 0)
}

/** Whether anything still accepts connections on the port. */
export async function portOpen(port: number): Promise<boolean> {
  try {
    const client = await RespClient.connect({host: '127.0.0.1', port, timeoutMs: 500})
    client.close()
    return true
  } catch {
    return false
  }
}
