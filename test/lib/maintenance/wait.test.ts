import {expect} from 'chai'

import type {Maintenance} from '../../../src/lib/maintenance/types.js'

import {ApiError, ExitCode, InterruptedError, MaintenanceFailedError, WaitTimeoutError} from '../../../src/lib/errors.js'
import {
  ABANDON_REPORT_MS,
  type RetryEvent,
  type StatusEvent,
  waitForCompletion as wait,
  type WaitOptions,
  WaitStopped,
} from '../../../src/lib/maintenance/wait.js'
import {waitStopError} from '../../../src/lib/present/wait.js'
import {startTimer} from '../../../src/lib/sleep.js'
import {aMaintenance} from '../../helpers/fixtures.js'
import {apiError, failure, fakeTime, polls} from '../../helpers/wait.js'

const SUBJECT = 'redis-lively-12345'

/** The domain's wait, a stop told as the user reads it (waitStopError), so that each case pins its message too. */
async function waitForCompletion(options: WaitOptions) {
  try {
    return await wait(options)
  } catch (error) {
    throw error instanceof WaitStopped ? waitStopError(error.stop, SUBJECT) : error
  }
}

function arrange(steps: Array<ApiError | string>, overrides: Partial<WaitOptions> = {}) {
  const source = polls(...steps)
  const time = fakeTime()
  const statuses: StatusEvent[] = []
  const retries: RetryEvent[] = []
  const options: WaitOptions = {
    fetch: source.fetch,
    interval: 5000,
    now: time.now,
    onRetry: event => retries.push(event),
    onStatus: event => statuses.push(event),
    random: () => 0.5,
    deadlineTimer: startTimer,
    sleep: time.sleep,
    ...overrides,
  }
  return {options, retries, source, statuses, time}
}

/** Why the domain's wait stopped, as it says it. */
async function stopOf(options: WaitOptions) {
  const error = await failure(wait(options))
  expect(error).to.be.instanceOf(WaitStopped)
  return (error as WaitStopped).stop
}

describe('waitForCompletion', () => {
  it('has nothing to wait for when the first poll reads completed', async () => {
    const {options, source, statuses, time} = arrange(['completed'])

    const result = await waitForCompletion(options)

    expect(result).to.deep.include({elapsedMs: 0, polls: 1, waited: false})
    expect(result.maintenance.status).to.equal('completed')
    expect(source.calls).to.equal(1)
    expect(time.sleeps).to.deep.equal([])
    expect(statuses.map(e => e.status)).to.deep.equal(['completed'])
  })

  it('has nothing to wait for when there is no maintenance (none)', async () => {
    const {options, source} = arrange(['none'])

    const result = await waitForCompletion(options)

    expect(result).to.deep.include({polls: 1, waited: false})
    expect(source.calls).to.equal(1)
  })

  it('follows ready → running → completed, one event per change', async () => {
    const {options, source, statuses, time} = arrange(['ready', 'ready', 'running', 'running', 'completed'])

    const result = await waitForCompletion(options)

    expect(result).to.deep.include({elapsedMs: 20_000, polls: 5, waited: true})
    expect(source.calls).to.equal(5)
    expect(time.sleeps).to.deep.equal([5000, 5000, 5000, 5000])
    expect(statuses.map(e => [e.previous, e.status, e.elapsedMs])).to.deep.equal([
      [undefined, 'ready', 0],
      ['ready', 'running', 10_000],
      ['running', 'completed', 20_000],
    ])
  })

  it('is not fooled by ready → preparing → ready before the run', async () => {
    const {options, source, statuses} = arrange(['ready', 'preparing', 'ready', 'running', 'completed'])

    const result = await waitForCompletion(options)

    expect(result.waited).to.equal(true)
    expect(source.calls).to.equal(5)
    expect(statuses.map(e => e.status)).to.deep.equal(['ready', 'preparing', 'ready', 'running', 'completed'])
  })

  it('keeps waiting on pending', async () => {
    const {options, source} = arrange(['pending', 'running', 'completed'])

    expect((await waitForCompletion(options)).waited).to.equal(true)
    expect(source.calls).to.equal(3)
  })

  it('after a run, takes a first completed as success', async () => {
    const {options, source} = arrange(['completed'], {triggered: true})

    const result = await waitForCompletion(options)

    expect(result).to.deep.include({polls: 1, waited: true})
    expect(source.calls).to.equal(1)
  })

  it('after a run, waits while the service does not show it yet (none)', async () => {
    const {options, source} = arrange(['none', 'running', 'completed'], {triggered: true})

    const result = await waitForCompletion(options)

    expect(result.waited).to.equal(true)
    expect(source.calls).to.equal(3)
  })

  it('times out on the deadline, with a last poll at the deadline, naming the last status', async () => {
    const {options, source, time} = arrange(['ready', 'running'], {timeout: 12_000})

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(WaitTimeoutError)
    expect((error as WaitTimeoutError).exitCode).to.equal(ExitCode.timeout)
    expect(error.message).to.equal('Timed out after 12s waiting for redis-lively-12345 to complete maintenance (last status running).')
    expect(time.sleeps).to.deep.equal([5000, 5000, 2000])
    expect(source.calls).to.equal(4)
  })

  it('completes when the last poll at the deadline reads completed', async () => {
    const {options} = arrange(['running', 'running', 'completed'], {timeout: 6000})

    const result = await waitForCompletion(options)

    expect(result).to.deep.include({elapsedMs: 6000, waited: true})
  })

  it('tolerates transient failures with a growing backoff, then goes on', async () => {
    const {options, retries, source, time} = arrange(['running', apiError(503), apiError(0), apiError(429), apiError(408), 'completed'])

    const result = await waitForCompletion(options)

    expect(result).to.deep.include({polls: 2, waited: true})
    expect(source.calls).to.equal(6)
    expect(time.sleeps).to.deep.equal([5000, 10_000, 20_000, 40_000, 60_000])
    expect(retries.map(e => [e.failures, e.error.status, e.delayMs])).to.deep.equal([[1, 503, 10_000], [2, 0, 20_000], [3, 429, 40_000], [4, 408, 60_000]])
  })

  it('caps the backoff after failures at a minute', async () => {
    const {options, time} = arrange([apiError(502), apiError(502), apiError(502), apiError(502), 'running', 'completed'], {interval: 20_000})

    await waitForCompletion(options)

    expect(time.sleeps).to.deep.equal([40_000, 60_000, 60_000, 60_000, 20_000])
  })

  it('gives up after 5 failed polls in a row with the API message (exit 2)', async () => {
    const {options, source} = arrange(['running', apiError(500, 'Internal server error. (500 Internal Server Error)')])

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(ApiError)
    expect((error as ApiError).exitCode).to.equal(ExitCode.api)
    expect((error as ApiError).status).to.equal(500)
    expect(error.message).to.equal('Internal server error. (500 Internal Server Error) Gave up waiting for redis-lively-12345 after 5 failed polls in a row.')
    expect(source.calls).to.equal(6)
  })

  it('counts only failures in a row: a good poll resets the count', async () => {
    const e = apiError(503)
    const {options, source} = arrange(['running', e, e, e, e, 'running', e, e, e, e, 'completed'])

    const result = await waitForCompletion(options)

    expect(result.waited).to.equal(true)
    expect(source.calls).to.equal(11)
  })

  for (const status of [401, 403, 404, 422, 501, 505]) {
    it(`ends at once on a ${status}`, async () => {
      const {options, source, time} = arrange(['running', apiError(status)])

      const error = await failure(waitForCompletion(options))

      expect((error as ApiError).status).to.equal(status)
      expect(error.message).to.equal(`failure ${status}`)
      expect(source.calls).to.equal(2)
      expect(time.sleeps).to.have.length(1)
    })
  }

  it('rethrows an error that is not an API error', async () => {
    const {options} = arrange([new TypeError('boom') as unknown as ApiError])

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(TypeError)
  })

  it('fails (exit 4) on a state it does not know, such as failed', async () => {
    const {options, source} = arrange(['ready', 'running', 'failed'])

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(MaintenanceFailedError)
    expect((error as MaintenanceFailedError).exitCode).to.equal(ExitCode.failed)
    expect(error.message).to.equal('Maintenance of redis-lively-12345 ended in status failed after 10s, not completed.')
    expect(source.calls).to.equal(3)
  })

  it('fails on canceled even on the first poll', async () => {
    const {options} = arrange(['canceled'])

    const error = await failure(waitForCompletion(options))

    expect(error.message).to.equal('Maintenance of redis-lively-12345 ended in status canceled, not completed.')
  })

  it('fails when a maintenance in progress stops being reported (none)', async () => {
    const {options} = arrange(['running', 'none'])

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(MaintenanceFailedError)
    expect(error.message).to.equal('Maintenance of redis-lively-12345 is no longer reported (status none after running); check data:maintenances:history redis-lively-12345.')
  })

  it('names the last error when it times out without reading any status', async () => {
    const {options} = arrange([apiError(0, 'No answer from api.data.heroku.com.')], {timeout: 5000})

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(WaitTimeoutError)
    expect(error.message).to.equal('Timed out after 5s waiting for redis-lively-12345 to complete maintenance (no status read yet; last error: No answer from api.data.heroku.com.).')
  })

  it('jitters each pause by up to ±10 %', async () => {
    const low = arrange(['running', 'running', 'completed'], {random: () => 0})
    const high = arrange(['running', 'running', 'completed'], {random: () => 1})

    await waitForCompletion(low.options)
    await waitForCompletion(high.options)

    expect(low.time.sleeps).to.deep.equal([4500, 4500])
    expect(high.time.sleeps).to.deep.equal([5500, 5500])
  })

  it('stops (exit 130) when aborted during a pause, without another poll', async () => {
    const controller = new AbortController()
    const {options, source} = arrange(['running'], {
      signal: controller.signal,
      async sleep(_ms, signal) {
        controller.abort()
        if (signal?.aborted) throw new InterruptedError()
      },
    })

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(InterruptedError)
    expect((error as InterruptedError).exitCode).to.equal(ExitCode.interrupted)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on.')
    expect(source.calls).to.equal(1)
  })

  it('stops when aborted after a pause that ignored the signal', async () => {
    const controller = new AbortController()
    const {options, source} = arrange(['running'], {
      signal: controller.signal,
      async sleep() {
        controller.abort()
      },
    })

    const error = await failure(waitForCompletion(options))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(source.calls).to.equal(1)
  })

  describe('stops with what it knew, for the presentation to tell', () => {
    it('at the deadline: the time waited and the last maintenance read', async () => {
      const {options} = arrange(['ready', 'running'], {timeout: 12_000})

      const stop = await stopOf(options)

      expect(stop).to.deep.include({elapsedMs: 12_000, lastError: undefined, reason: 'timed_out'})
      expect(stop.last?.status).to.equal('running')
    })

    it('on a state it does not know: the state, and whether the maintenance was seen in progress', async () => {
      expect(await stopOf(arrange(['canceled']).options)).to.deep.include({elapsedMs: 0, inProgressSeen: false, reason: 'unknown_status', status: 'canceled'})
      expect(await stopOf(arrange(['running', 'failed']).options)).to.deep.include({elapsedMs: 5000, inProgressSeen: true, reason: 'unknown_status', status: 'failed'})
    })

    it('after too many failed polls: the last failure and the count', async () => {
      const error = apiError(503)
      const stop = await stopOf(arrange([error], {maxConsecutiveFailures: 2}).options)

      expect(stop).to.deep.include({error, failures: 2, lastError: error, reason: 'gave_up'})
    })

    it('when a maintenance in progress is no longer reported: the status before', async () => {
      expect(await stopOf(arrange(['running', 'none']).options)).to.deep.include({previous: 'running', reason: 'no_longer_reported'})
    })
  })

  describe('the deadline cuts a poll still unanswered (or inside its retries)', () => {
    it('times out (exit 3) at the deadline during the first poll, and abandons it', async () => {
      const poll = hangingPoll()
      const deadline = recordedDeadline(() => true)
      const {options} = arrange([], {deadlineTimer: ms => deadline.timer(ms), fetch: poll.fetch, timeout: 2000})

      const error = await failure(waitForCompletion(options))

      expect(error).to.be.instanceOf(WaitTimeoutError)
      expect(error.message).to.equal('Timed out after 2s waiting for redis-lively-12345 to complete maintenance (no status read yet).')
      expect(deadline.asked).to.deep.equal([2000])
      expect(deadline.reports, 'a moment for the abandoned poll to say what it was retrying').to.deep.equal([ABANDON_REPORT_MS])
      expect(poll.abandoned).to.deep.equal([true])
    })

    it('gives a later poll only what is left before the deadline, naming the last status read', async () => {
      let calls = 0
      const deadline = recordedDeadline(call => call === 1)
      const hanging = hangingPoll()
      const {options, time} = arrange([], {
        deadlineTimer: ms => deadline.timer(ms),
        fetch(signal) {
          calls++
          return calls === 1 ? Promise.resolve(aMaintenance({status: 'running'})) : hanging.fetch(signal)
        },
        timeout: 7000,
      })

      const error = await failure(waitForCompletion(options))

      expect(time.sleeps).to.deep.equal([5000])
      expect(deadline.asked).to.deep.equal([7000, 2000])
      expect(error.message).to.equal('Timed out after 7s waiting for redis-lively-12345 to complete maintenance (last status running).')
      expect(hanging.abandoned).to.deep.equal([true])
    })

    it('names the failure a cut poll was retrying, as the client reports it once abandoned', async () => {
      const deadline = recordedDeadline(() => true)
      const rateLimited = apiError(429, 'Your account reached the API rate limit. (429 Too Many Requests)')
      const {options} = arrange([], {
        deadlineTimer: ms => deadline.timer(ms),
        fetch: signal => new Promise<Maintenance>((_, reject) => {
          signal?.addEventListener('abort', () => reject(rateLimited))
        }),
        timeout: 2000,
      })

      const error = await failure(waitForCompletion(options))

      expect(error.message).to.equal('Timed out after 2s waiting for redis-lively-12345 to complete maintenance (no status read yet; last error: Your account reached the API rate limit. (429 Too Many Requests)).')
    })

    it('gives the last poll, started at the deadline, half a second to answer', async () => {
      const deadline = recordedDeadline(() => false)
      const {options} = arrange([], {
        deadlineTimer: ms => deadline.timer(ms),
        fetch: async () => aMaintenance({status: deadline.asked.length === 2 ? 'completed' : 'running'}),
        timeout: 5000,
      })

      const result = await waitForCompletion(options)

      expect(deadline.asked).to.deep.equal([5000, 500])
      expect(result).to.deep.include({elapsedMs: 5000, waited: true})
    })

    it('ends on a real timer, whatever clock the loop reads', async () => {
      const poll = hangingPoll()
      const {options} = arrange([], {deadlineTimer: startTimer, fetch: poll.fetch, timeout: 600})
      const started = Date.now()

      const error = await failure(waitForCompletion(options))

      expect(error).to.be.instanceOf(WaitTimeoutError)
      expect(Date.now() - started).to.be.within(550, 2000)
      expect(poll.abandoned).to.deep.equal([true])
    })

    it('has no deadline without --timeout', async () => {
      const deadline = recordedDeadline(() => true)
      const {options} = arrange(['running', 'completed'], {deadlineTimer: ms => deadline.timer(ms)})

      expect((await waitForCompletion(options)).waited).to.equal(true)
      expect(deadline.asked).to.deep.equal([])
    })
  })

  it('stops while a poll is still unanswered', async () => {
    const controller = new AbortController()
    const {options} = arrange([], {
      fetch: () => new Promise<Maintenance>(() => {}),
      signal: controller.signal,
    })

    const waiting = failure(waitForCompletion(options))
    controller.abort()
    const error = await waiting

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-lively-12345 (no status read yet); the maintenance itself goes on.')
  })
})

/** A poll that never answers, as a silent API or a client pausing for a retry; it records being abandoned. */
function hangingPoll() {
  const abandoned: boolean[] = []
  const fetch = (signal?: AbortSignal) => new Promise<Maintenance>(() => {
    signal?.addEventListener('abort', () => abandoned.push(true))
  })
  return {abandoned, fetch}
}

/**
 * A deadline timer recording what it was asked for; the deadlines listed in `firing` (by call, from 0) are
 * reached at once, the others never. The moment an abandoned poll gets to report its failure is counted apart
 * (`reports`), and passes after the pending callbacks have run.
 */
function recordedDeadline(firing: (call: number) => boolean) {
  const asked: number[] = []
  const reports: number[] = []
  return {
    asked,
    reports,
    timer(ms: number) {
      if (ms === ABANDON_REPORT_MS) {
        reports.push(ms)
        return {cancel() {}, reached: new Promise<void>(resolve => {
          setImmediate(resolve)
        })}
      }

      asked.push(ms)
      return {cancel() {}, reached: firing(asked.length - 1) ? Promise.resolve() : new Promise<void>(() => {})}
    },
  }
}

