import {expect} from 'chai'
import {parseInfo, parseRedisUrl} from 'heroku-data-maintenance-sandbox/redis/resp'

import type {WriterSummary} from './writer-app.js'

import {redisServerOrSkip} from '../helpers/redis-server.js'
import {APP, openSandbox, type SandboxSession} from '../helpers/sandbox.js'
import {
  failOver,
  type FailoverRound,
  gapDuring,
  infoReplication,
  maintenance,
  makeNextRunnable,
  missingWrites,
  portOpen,
  readLog,
  WriterProcess,
} from './failover-driver.js'

const FAILOVERS = 5
/**
 * Longest time the app may go without an acknowledged write during one failover. Measured at 160–270 ms
 * (the clock moves a minute every 100 ms: writes are held from the tick that reaches standby_in_sync
 * until the one that reaches config_var_updated, then the app reconnects); the bound leaves room for a
 * loaded CI machine.
 */
const MAX_GAP_MS = 1000

describe('a real Redis failover under a writing app (sandbox --redis)', function () {
  this.timeout(120_000)
  let session: SandboxSession | undefined
  let writer: undefined | WriterProcess

  before(function () {
    redisServerOrSkip(this)
  })

  after(async () => {
    writer?.kill()
    await session?.close()
  })

  it(`moves a live database ${FAILOVERS} times in a row without losing an acknowledged write`, async () => {
    session = await openSandbox({sandboxArgs: ['--redis']})
    const firstUrl = (await session.api<Record<string, string>>('GET', `/apps/${APP}/config-vars`)).REDIS_URL
    expect(firstUrl).to.match(/^redis:\/\/default:p[\da-f]{31}@127\.0\.0\.1:\d+$/)
    writer = await WriterProcess.start(session)
    await session.api('PATCH', `/apps/${APP}`, {maintenance: true})

    const rounds: FailoverRound[] = []
    const ports: number[] = []
    for (let round = 1; round <= FAILOVERS; round++) {
      const result = await failOver(session)
      rounds.push(result)
      expect(result.cli.code, `run #${round} exited ${result.cli.code}: ${result.cli.stderr}`).to.equal(0)
      expect(result.cli.stdout).to.match(/^Maintenance of redis-lively-12345 completed at /m)
      const from = parseRedisUrl(result.fromUrl).port
      const to = parseRedisUrl(result.toUrl).port
      expect(to, `run #${round} left REDIS_URL on port ${from}`).to.not.equal(from)
      ports.push(to)
      expect(await portOpen(from), `the old primary of run #${round} still listens`).to.equal(false)
      // The writer takes n + 1 only after n was acknowledged: a hole below the highest number is a lost write.
      const values = await readLog(result.toUrl)
      expect(values.length).to.be.greaterThan(0)
      expect(missingWrites(values, Math.max(...values)), `writes missing on the primary after run #${round}`).to.deep.equal([])
      if (round < FAILOVERS) expect(await makeNextRunnable(session)).to.include({status: 'ready'})
    }

    const summary: WriterSummary = await writer.stop()
    writer = undefined
    const finalUrl = rounds.at(-1)!.toUrl
    const values = await readLog(finalUrl)
    const gaps = rounds.map(round => gapDuring(summary, round.startedAt, round.endedAt))
    console.log(`    acked writes: ${summary.acked}; longest gap per failover (ms): ${gaps.join(', ')}; reconnections: ${summary.connections.length - 1}`)

    expect(summary.acked).to.be.greaterThan(100)
    expect(missingWrites(values, summary.acked)).to.deep.equal([])
    // The app followed REDIS_URL to every new primary.
    expect(summary.connections.map(connection => connection.port)).to.include.members(ports)
    expect(summary.longestGapMs).to.be.lessThan(MAX_GAP_MS)
    expect((await maintenance(session)).status).to.equal('completed')

    const standbyPort = Number(/port=(\d+)/.exec(parseInfo(await infoReplication(finalUrl)).slave0 ?? '')?.[1])
    expect(await portOpen(standbyPort), 'the last standby is not running').to.equal(true)
    await session.close()
    session = undefined
    expect(await portOpen(parseRedisUrl(finalUrl).port), 'the primary outlived the sandbox').to.equal(false)
    expect(await portOpen(standbyPort), 'the standby outlived the sandbox').to.equal(false)
  })
})
