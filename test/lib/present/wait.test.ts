import {expect} from 'chai'

import type {Spinner} from '../../../src/lib/progress.js'

import {ApiError, ExitCode, InterruptedError, MaintenanceFailedError, WaitTimeoutError} from '../../../src/lib/errors.js'
import {type RetryEvent} from '../../../src/lib/maintenance/wait.js'
import {describeRetryEvent, describeStatusEvent, describeWaitResult, followCommand, followMaintenance, waitStopError} from '../../../src/lib/present/wait.js'
import {startTimer} from '../../../src/lib/sleep.js'
import {aMaintenance} from '../../helpers/fixtures.js'
import {apiError, failure, fakeTime, polls} from '../../helpers/wait.js'

describe('wait descriptions', () => {
  const at = Date.parse('2026-11-27T18:01:14.000Z')

  it('says when a maintenance that has not started is scheduled', () => {
    const maintenance = aMaintenance({scheduled_for: '2026-11-29T19:00:00.000+00:00', status: 'ready'})

    expect(describeStatusEvent({at, elapsedMs: 0, maintenance, status: 'ready'}, 'redis-lively-12345'))
    .to.equal('2026-11-27 18:01:14 UTC (+0s) redis-lively-12345: ready, scheduled for 2026-11-29 19:00:00 UTC (in 2 days)')
  })

  it('says when a running maintenance started', () => {
    const maintenance = aMaintenance({started_at: '2026-11-27 18:00:02 +0000', status: 'running'})

    expect(describeStatusEvent({at, elapsedMs: 72_000, maintenance, previous: 'ready', status: 'running'}, 'redis-lively-12345'))
    .to.equal('2026-11-27 18:01:14 UTC (+1m 12s) redis-lively-12345: running, started 2026-11-27 18:00:02 UTC')
  })

  it('describes a failed poll and the next attempt', () => {
    const event: RetryEvent = {at, delayMs: 10_000, elapsedMs: 5000, error: apiError(503, 'Service unavailable. (503 Service Unavailable)'), failures: 1, maxFailures: 5}

    expect(describeRetryEvent(event)).to.equal('2026-11-27 18:01:14 UTC (+5s) could not read the status (Service unavailable. (503 Service Unavailable)); trying again in 10s (failed poll 1 of 5)')
  })

  it('closes with the completion time and duration', () => {
    const maintenance = aMaintenance({completed_at: '2026-11-27T18:04:21.141+00:00', duration_seconds: '186', status: 'completed'})

    expect(describeWaitResult({elapsedMs: 1000, maintenance, polls: 3, waited: true}, 'redis-lively-12345'))
    .to.equal('Maintenance of redis-lively-12345 completed at 2026-11-27 18:04:21 UTC (took ~ 3 minutes).')
  })

  it('says which case left nothing to wait for', () => {
    const completed = aMaintenance({completed_at: '2023-04-28T18:04:21.141+00:00', status: 'completed'})

    expect(describeWaitResult({elapsedMs: 0, maintenance: completed, polls: 1, waited: false}, 'redis-x'))
    .to.equal('No maintenance in progress for redis-x: status completed at 2023-04-28 18:04:21 UTC, nothing to wait for.')
    expect(describeWaitResult({elapsedMs: 0, maintenance: aMaintenance({status: 'none'}), polls: 1, waited: false}, 'redis-x'))
    .to.equal('No maintenance in progress for redis-x: status none, nothing to wait for.')
  })
})

/** A fake clock and sleep for the wait, as a command's test gives it. */
const fakeRuntime = () => ({...fakeTime(), deadlineTimer: startTimer, random: () => 0.5})

/** Records what the spinner was told, in order; a line is written inside a pause. */
function fakeSpinner() {
  const calls: string[] = []
  const spinner: Spinner = {
    pause(write) {
      calls.push('pause')
      write()
    },
    running: false,
    start: text => calls.push(`start ${text}`),
    status: text => calls.push(`status ${text}`),
    stop: text => calls.push(`stop ${text}`),
  }
  return {calls, spinner}
}

describe('followMaintenance', () => {
  it('writes one line per status change, each inside a pause of the spinner', async () => {
    const {calls, spinner} = fakeSpinner()
    const lines: string[] = []
    const source = polls('running', 'completed')

    const result = await followMaintenance({fetch: source.fetch, interval: 5000, progress: line => lines.push(line), runtime: fakeRuntime(), signal: new AbortController().signal, spinner, subject: 'redis-x', triggered: false})

    expect(result.waited).to.equal(true)
    expect(lines).to.deep.equal([
      '2026-11-27 18:00:00 UTC (+0s) redis-x: running',
      '2026-11-27 18:00:05 UTC (+5s) redis-x: completed',
    ])
    expect(calls).to.deep.equal(['start Waiting for maintenance of redis-x', 'pause', 'status running', 'pause', 'status completed', 'stop completed'])
  })

  it('works without a spinner (stderr is not a terminal)', async () => {
    const lines: string[] = []
    const {fetch} = polls('none')

    const result = await followMaintenance({fetch, interval: 5000, progress: line => lines.push(line), runtime: fakeRuntime(), signal: new AbortController().signal, spinner: null, subject: 'redis-x', triggered: false})

    expect(result.waited).to.equal(false)
    expect(lines).to.deep.equal(['2026-11-27 18:00:00 UTC (+0s) redis-x: none'])
  })

  it('stops the spinner as failed when the wait fails', async () => {
    const {calls, spinner} = fakeSpinner()
    const {fetch} = polls('failed')

    const error = await failure(followMaintenance({fetch, interval: 5000, progress() {}, runtime: fakeRuntime(), signal: new AbortController().signal, spinner, subject: 'redis-x', triggered: true}))

    expect(error).to.be.instanceOf(MaintenanceFailedError)
    expect(calls.at(-1)).to.equal('stop failed')
  })

  it('stops when its signal aborts, adds no SIGINT handler of its own, and names the command that follows it again', async () => {
    const controller = new AbortController()
    const handlers = process.listenerCount('SIGINT')
    const runtime = {
      ...fakeRuntime(),
      async sleep(_ms: number, signal?: AbortSignal) {
        expect(process.listenerCount('SIGINT')).to.equal(handlers)
        controller.abort()
        if (signal?.aborted) throw new InterruptedError()
      },
    }

    const {calls, spinner} = fakeSpinner()

    const followUp = followCommand('redis-x', 'example-app')
    const error = await failure(followMaintenance({fetch: polls('running').fetch, followUp, interval: 5000, progress() {}, runtime, signal: controller.signal, spinner, subject: 'redis-x', triggered: true}))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-x (last status running); the maintenance itself goes on: follow it again with heroku data:maintenances:wait redis-x -a example-app.')
    expect(calls.at(-1)).to.equal('stop interrupted')
  })

  it('reports failed polls on the progress line', async () => {
    const lines: string[] = []

    const {fetch} = polls(apiError(503, 'Unavailable.'), 'completed')

    await followMaintenance({fetch, interval: 5000, progress: line => lines.push(line), runtime: fakeRuntime(), signal: new AbortController().signal, spinner: null, subject: 'redis-x', triggered: true})

    expect(lines).to.deep.equal([
      '2026-11-27 18:00:00 UTC (+0s) could not read the status (Unavailable.); trying again in 10s (failed poll 1 of 5)',
      '2026-11-27 18:00:10 UTC (+10s) redis-x: completed',
    ])
  })
})

describe('waitStopError', () => {
  const last = aMaintenance({status: 'running'})

  it('says where the wait was when the deadline passed (exit 3)', () => {
    const error = waitStopError({elapsedMs: 90_000, last, reason: 'timed_out'}, 'redis-x')

    expect(error).to.be.instanceOf(WaitTimeoutError)
    expect(error.exitCode).to.equal(ExitCode.timeout)
    expect(error.message).to.equal('Timed out after 1m 30s waiting for redis-x to complete maintenance (last status running).')
  })

  it('names the command that follows the maintenance again on Ctrl-C (exit 130)', () => {
    const error = waitStopError({lastError: apiError(503, 'Unavailable.'), reason: 'interrupted'}, 'redis-x', followCommand('redis-x', 'example-app'))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-x (no status read yet; last error: Unavailable.); the maintenance itself goes on: follow it again with heroku data:maintenances:wait redis-x -a example-app.')
  })

  it('keeps the API failure (exit 2, its status and id) when it gave up', () => {
    const error = waitStopError({error: apiError(502, 'Bad gateway.'), failures: 5, reason: 'gave_up'}, 'redis-x') as ApiError

    expect(error).to.be.instanceOf(ApiError)
    expect([error.exitCode, error.status, error.id]).to.deep.equal([ExitCode.api, 502, 'http_502'])
    expect(error.message).to.equal('Bad gateway. Gave up waiting for redis-x after 5 failed polls in a row.')
  })

  it('says in which state the maintenance ended (exit 4)', () => {
    const error = waitStopError({elapsedMs: 61_000, inProgressSeen: true, last, reason: 'unknown_status', status: 'failed'}, 'redis-x')

    expect(error).to.be.instanceOf(MaintenanceFailedError)
    expect(error.message).to.equal('Maintenance of redis-x ended in status failed after 1m 1s, not completed.')
  })
})
