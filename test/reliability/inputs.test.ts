import {expect} from 'chai'
import {existsSync, rmSync} from 'node:fs'

import {observe, type Observed} from '../helpers/cli.js'
import {lines, shellLine, stackLines} from '../helpers/output.js'
import {APP, changingRequests, countRequests, describeLog, onSandboxPool, REDIS_LIVELY, type SandboxSession, useSandbox} from '../helpers/sandbox.js'
import {BAD_INPUTS, type BadInput, CANARY, COMMANDS} from './inputs.js'

/** Command runs side by side: each has its own sandbox, so that "no request at all" is checked per case. */
const WORKERS = 4

interface ErrorJson {
  error: {exit_code: number; id: string; message: string}
}

/** The one message a refused command gave: the `Error: ` line on stderr, or error.message of the JSON on stdout. */
function refusal(input: BadInput, observed: Observed): string {
  const {stderr, stdout} = observed.result
  if (input.json) {
    expect(lines(stderr).filter(line => line.startsWith('Error')), 'an error line on stderr under --json').to.deep.equal([])
    const {error} = JSON.parse(stdout) as ErrorJson
    expect(error).to.include({exit_code: 1, id: 'invalid_input'})
    return error.message
  }

  expect(stdout, 'stdout of a refused command').to.equal('')
  expect(lines(stderr), 'stderr must be exactly one line').to.have.length(1)
  expect(stderr).to.match(/^Error: /)
  return lines(stderr)[0].slice('Error: '.length)
}

describe('reliability: bad input is refused in one line, with exit 1 and no change', function () {
  this.timeout(300_000)
  const observed = new Map<BadInput, Observed>()

  before(async () => {
    rmSync(CANARY, {force: true})
    const started = Date.now()
    const results = await onSandboxPool(BAD_INPUTS, WORKERS, (session, input) => observe(session, input.argv))
    BAD_INPUTS.forEach((input, index) => observed.set(input, results[index]))
    const commands = new Set(BAD_INPUTS.map(input => input.command).filter(Boolean))
    console.log(`      bad-input corpus: ${BAD_INPUTS.length} invocations tried on ${commands.size} commands in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  })

  after(() => {
    rmSync(CANARY, {force: true})
  })

  it('tries at least 80 invocations, and at least 4 on each of the nine commands', () => {
    expect(BAD_INPUTS.length).to.be.at.least(80)
    for (const command of COMMANDS) {
      expect(BAD_INPUTS.filter(input => input.command === command).length, command).to.be.at.least(4)
    }
  })

  it('sends no request that changes anything, across the whole corpus', () => {
    const changes = [...observed.entries()].flatMap(([input, {log}]) => describeLog(changingRequests(log)).map(line => `${shellLine(input.argv)} → ${line}`))
    expect(changes).to.deep.equal([])
  })

  it('never runs an argument through a shell (the canary file was not created)', () => {
    expect(existsSync(CANARY), CANARY).to.equal(false)
  })

  for (const [index, input] of BAD_INPUTS.entries()) {
    it(`#${index + 1} ${shellLine(input.argv)}`, () => {
      const outcome = observed.get(input)!
      const {result} = outcome
      const output = `${result.stdout}${result.stderr}`
      const context = `${shellLine(input.argv)}\nexit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}\nrequests: ${describeLog(outcome.log).join(', ')}`

      expect(output, 'the token was printed').not.to.include(outcome.token)
      expect(stackLines(output), `a stack trace was printed\n${context}`).to.deep.equal([])
      expect(result.code, context).to.equal(1)
      expect(refusal(input, outcome), context).to.match(input.message)
      expect(describeLog(changingRequests(outcome.log)), context).to.deep.equal([])
      if (!input.reads) expect(describeLog(outcome.log), `it should refuse before any request\n${context}`).to.deep.equal([])
    })
  }
})

describe('reliability: a poll interval longer than a timer can hold', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(async opened => {
    session = opened
    // A maintenance in progress, so that wait keeps polling until it is interrupted.
    await session.api('POST', `${REDIS_LIVELY}/run`)
  })

  // setTimeout fires at once for more than 2^31-1 ms (about 24.8 days): unchecked, `--interval 6000h` polls in a busy loop.
  for (const interval of ['6000h', `${'9'.repeat(400)}s`]) {
    it(`wait --interval ${interval.length > 12 ? `${interval.slice(0, 8)}…s (${interval.length} characters)` : interval} is refused or honoured, never a busy poll`, async () => {
      await session.clearRequests()
      const {child, done} = session.start(['data:maintenances:wait', 'REDIS_URL', '-a', APP, '--interval', interval])
      const stop = setTimeout(() => child.kill('SIGINT'), 3000)
      const result = await done
      clearTimeout(stop)
      const polls = countRequests(await session.requests(), 'GET', REDIS_LIVELY)
      const context = `exit ${result.code}, ${polls} polls in 3 s\nstderr: ${result.stderr.slice(0, 600)}`

      expect(stackLines(result.stderr), context).to.deep.equal([])
      expect(result.stderr, context).not.to.include('TimeoutOverflowWarning')
      if (result.code === 1) {
        expect(lines(result.stderr), context).to.have.length(1)
        expect(result.stderr, context).to.match(/^Error: --interval .*/)
        expect(polls, context).to.equal(0)
      } else {
        expect(result.code, context).to.equal(130)
        expect(polls, context).to.be.at.most(2)
      }
    })
  }
})
