/**
 * Write unavailability during a real Redis failover: the sandbox with --redis, the writer app of the
 * end-to-end test appending through FAILOVERS runs of `data:maintenances:run REDIS_URL --wait`, and the
 * longest time without an acknowledged write around each. Prints the median and the maximum and writes
 * bench/results/failover.json. Needs `npm run build` and redis-server on PATH.
 *
 *   node --import tsx bench/failover.ts
 */
import {findRedisServer} from 'heroku-data-maintenance-sandbox/redis/server-process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {cpus} from 'node:os'
import {join} from 'node:path'

import {ROOT, SandboxSession} from '../scripts/sandbox-session.js'
import {
  APP,
  CLOCK_TICK_MS,
  failOver,
  gapDuring,
  makeNextRunnable,
  missingWrites,
  readLog,
  WriterProcess,
} from '../test/e2e/failover-driver.js'
import {median} from './stats.js'

const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 5)

export interface FailoverBench {
  acked_writes: number
  clock_tick_ms: number
  failovers: Array<{run_ms: number; unavailable_ms: number}>
  lost_writes: number
  max_unavailable_ms: number
  median_unavailable_ms: number
  node: string
  cpu: string
  redis_server: string
}

async function main(): Promise<number> {
  const binary = findRedisServer()
  if (!binary) {
    console.log('Failover write-unavailability: skipped (redis-server is not on PATH; install Debian\'s redis-server package).')
    return 0
  }

  const session = await SandboxSession.open({sandboxArgs: ['--redis']})
  let writer: undefined | WriterProcess
  try {
    writer = await WriterProcess.start(session)
    await session.api('PATCH', `/apps/${APP}`, {maintenance: true})
    const rounds = []
    for (let round = 1; round <= FAILOVERS; round++) {
      if (round > 1) {
        const next = await makeNextRunnable(session)
        if (next.status !== 'ready') throw new Error(`the next maintenance is ${next.status}, not ready`)
      }

      const result = await failOver(session)
      if (result.cli.code !== 0) throw new Error(`run #${round} exited ${result.cli.code}: ${result.cli.stderr}`)
      rounds.push(result)
      console.error(`failover ${round}/${FAILOVERS}: ${result.endedAt - result.startedAt} ms`)
    }

    const summary = await writer.stop()
    writer = undefined
    const lost = missingWrites(await readLog(rounds.at(-1)!.toUrl), summary.acked).length
    const failovers = rounds.map(round => ({run_ms: round.endedAt - round.startedAt, unavailable_ms: gapDuring(summary, round.startedAt, round.endedAt)}))
    const unavailable = failovers.map(failover => failover.unavailable_ms)
    const result: FailoverBench = {
      acked_writes: summary.acked,
      clock_tick_ms: CLOCK_TICK_MS,
      cpu: cpus()[0]?.model ?? 'unknown',
      failovers,
      lost_writes: lost,
      max_unavailable_ms: Math.max(...unavailable),
      median_unavailable_ms: median(unavailable),
      node: process.version,
      redis_server: binary,
    }

    console.log(`Write unavailability over ${FAILOVERS} failovers (clock moved a minute every ${CLOCK_TICK_MS} ms):`)
    console.log(`  per failover (ms): ${unavailable.join(', ')}`)
    console.log(`  median ${result.median_unavailable_ms} ms, max ${result.max_unavailable_ms} ms; ${summary.acked} acknowledged writes, ${lost} lost`)
    const folder = join(ROOT, 'bench', 'results')
    mkdirSync(folder, {recursive: true})
    writeFileSync(join(folder, 'failover.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log('Wrote bench/results/failover.json')
    return lost === 0 ? 0 : 1
  } finally {
    writer?.kill()
    await session.close()
  }
}

process.exitCode = await main()
