import {expect} from 'chai'

import {ApiError, InterruptedError, MaintenanceFailedError, ValidationError, WaitTimeoutError} from '../../../src/lib/errors.js'
import {
  type FollowRequest,
  type MaintenanceModeDependencies,
  MaintenanceModeNotRestoredError,
  runInMaintenanceMode,
} from '../../../src/lib/maintenance/orchestration.js'
import {type WaitResult} from '../../../src/lib/maintenance/wait.js'
import {maintenanceModeTexts} from '../../../src/lib/present/orchestration.js'
import {followMaintenance} from '../../../src/lib/present/wait.js'
import {startTimer} from '../../../src/lib/sleep.js'
import {aMaintenance, anAddon, anApp} from '../../helpers/fixtures.js'

const TIMING = {interval: 5000, timeout: 60_000}
const forbidden = () => new ApiError({id: 'forbidden', message: 'You do not have access to the app example-app. (403 Forbidden)', method: 'PATCH', path: '/apps/example-app', status: 403})
const serverError = (method: string, path: string) => new ApiError({id: 'internal_server_error', message: 'boom (500 Internal Server Error)', method, path, status: 500})

/** Records every call, in order, across the fake platform, data API and wait. */
class World {
  appOn = false
  calls: string[] = []
  clock = 1_000_000
  controller = new AbortController()
  /** What the fake wait does: by default, it takes 3 minutes and completes. */
  follow: (options: FollowRequest) => Promise<WaitResult> = async options => {
    this.clock += 180_000
    return {elapsedMs: 180_000, maintenance: await options.fetch(), polls: 1, waited: true}
  }
  lines: string[] = []
  /** The add-on has no maintenance (status none). */
  nothingToRun = false
  patchFailures: Array<Error | undefined> = []
  runFailure: Error | undefined
  started: unknown[] = []

  deps(): MaintenanceModeDependencies {
    const {lines} = this
    return {
      data: {
        info: async () => {
          this.calls.push('GET info')
          if (this.nothingToRun) return aMaintenance({scheduled_for: null, status: 'none'})
          return aMaintenance({completed_at: '2026-11-27T18:03:10.000+00:00', duration_seconds: '183', status: 'completed'})
        },
        run: async () => {
          this.calls.push('POST run')
          this.clock += 1000
          if (this.runFailure) throw this.runFailure
          return aMaintenance({status: 'running'})
        },
      },
      follow: options => {
        expect(options.signal, 'the wait is given the orchestration\'s signal').to.equal(this.controller.signal)
        this.calls.push(`follow (interval ${options.interval}, timeout ${options.timeout}, triggered ${options.triggered})`)
        return this.follow(options)
      },
      now: () => this.clock,
      onStarted: answer => this.started.push(answer),
      platform: {
        getApp: async name => {
          this.calls.push(`GET app ${name}`)
          return anApp({maintenance: this.appOn, name})
        },
        setMaintenanceMode: async (name, on) => {
          this.calls.push(`PATCH ${name} maintenance=${on}`)
          this.clock += 500
          const failure = this.patchFailures.shift()
          if (failure) throw failure
          this.appOn = on
          return anApp({maintenance: on, name})
        },
      },
      progress: line => this.lines.push(line),
      signal: this.controller.signal,
      async step(text, work) {
        try {
          const value = await work()
          lines.push(`${text}... done`)
          return value
        } catch (error) {
          lines.push(`${text}... failed`)
          throw error
        }
      },
      texts: maintenanceModeTexts,
    }
  }
}

let world: World

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }

  throw new Error('expected a failure')
}

/** The real wait, polling a running maintenance until Ctrl-C aborts the orchestration's signal during its first pause. */
function interruptedWhileWaiting(): void {
  world.follow = options => followMaintenance({
    ...options,
    fetch: async () => aMaintenance({status: 'running'}),
    progress: line => world.lines.push(line),
    runtime: {
      deadlineTimer: startTimer,
      now: () => world.clock,
      random: () => 0.5,
      async sleep() {
        world.controller.abort()
      },
    },
    spinner: null,
  })
}

describe('runInMaintenanceMode', () => {
  beforeEach(() => {
    world = new World()
  })

  it('switches maintenance mode on, runs, waits, then switches it off, saying how long the app was in maintenance mode', async () => {
    const done = await runInMaintenanceMode(anAddon(), TIMING, world.deps())

    expect(world.calls).to.deep.equal([
      'GET app example-app',
      'GET info',
      'PATCH example-app maintenance=true',
      'POST run',
      'follow (interval 5000, timeout 60000, triggered true)',
      'GET info',
      'PATCH example-app maintenance=false',
    ])
    expect(world.appOn).to.equal(false)
    expect(world.lines).to.deep.equal([
      'Enabling maintenance mode for example-app... done',
      'Starting maintenance for redis-lively-12345... done',
      'Disabling maintenance mode for example-app... done',
      'example-app was in maintenance mode for 3m 2s.',
    ])
    expect(world.started).to.deep.equal([aMaintenance({status: 'running'})])
    expect(done.maintenance_mode).to.deep.equal({app: 'example-app', seconds_in_maintenance_mode: 182, switched_off: true, switched_on: true, was_on: false})
    expect(done.answer).to.deep.equal(aMaintenance({status: 'running'}))
    expect(done.wait.maintenance.status).to.equal('completed')
  })

  it('leaves a maintenance mode that was already on alone: no PATCH at all', async () => {
    world.appOn = true

    const done = await runInMaintenanceMode(anAddon(), TIMING, world.deps())

    expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'POST run', 'follow (interval 5000, timeout 60000, triggered true)', 'GET info'])
    expect(world.appOn).to.equal(true)
    expect(world.lines).to.deep.equal([
      'example-app is already in maintenance mode: it stays on after the maintenance.',
      'Starting maintenance for redis-lively-12345... done',
    ])
    expect(done.maintenance_mode).to.deep.equal({app: 'example-app', seconds_in_maintenance_mode: null, switched_off: false, switched_on: false, was_on: true})
  })

  it('does not touch a mode that was on when the run fails either', async () => {
    world.appOn = true
    world.runFailure = serverError('POST', '/run')

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.equal(world.runFailure)
    expect(world.calls.filter(call => call.startsWith('PATCH'))).to.deep.equal([])
    expect(world.appOn).to.equal(true)
  })

  it('switches it back off when the run POST fails, and raises that failure (exit 2)', async () => {
    world.runFailure = serverError('POST', '/run')

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.equal(world.runFailure)
    expect((error as ApiError).exitCode).to.equal(2)
    expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'PATCH example-app maintenance=true', 'POST run', 'PATCH example-app maintenance=false'])
    expect(world.appOn).to.equal(false)
    expect(world.started).to.deep.equal([])
    expect(world.lines).to.deep.equal([
      'Enabling maintenance mode for example-app... done',
      'Starting maintenance for redis-lively-12345... failed',
      'Switching maintenance mode back off for example-app, as it was before... done',
      'example-app was in maintenance mode for 2s.',
    ])
  })

  for (const [title, failure, exitCode] of [
    ['the wait times out', new WaitTimeoutError('Timed out after 1m 0s waiting for redis-lively-12345 to complete maintenance (last status running).'), 3],
    ['the maintenance ends in a failure state', new MaintenanceFailedError('Maintenance of redis-lively-12345 ended in status failed after 5s, not completed.'), 4],
    ['polling fails for good', serverError('GET', '/info'), 2],
  ] as const) {
    it(`switches it back off when ${title}, keeping exit ${exitCode}`, async () => {
      world.follow = async () => {
        world.clock += 60_000
        throw failure
      }

      const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

      expect(error).to.equal(failure)
      expect((error as WaitTimeoutError).exitCode).to.equal(exitCode)
      expect(world.calls.filter(call => call.startsWith('PATCH'))).to.deep.equal(['PATCH example-app maintenance=true', 'PATCH example-app maintenance=false'])
      expect(world.appOn).to.equal(false)
      expect(world.lines.slice(-2)).to.deep.equal([
        'Switching maintenance mode back off for example-app, as it was before... done',
        'example-app was in maintenance mode for 1m 2s.',
      ])
    })
  }

  it('switches it back off when interrupted while waiting, and says the failover may still be running (exit 130)', async () => {
    interruptedWhileWaiting()

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.be.instanceOf(InterruptedError)
    expect((error as InterruptedError).exitCode).to.equal(130)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on. Maintenance mode of example-app is off again, but the failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app.')
    expect(world.calls).to.deep.equal([
      'GET app example-app',
      'GET info',
      'PATCH example-app maintenance=true',
      'POST run',
      'follow (interval 5000, timeout 60000, triggered true)',
      'PATCH example-app maintenance=false',
    ])
    expect(world.appOn).to.equal(false)
  })

  it('when interrupted while waiting with a mode that was already on, leaves it on and names the command that follows the maintenance', async () => {
    world.appOn = true
    interruptedWhileWaiting()

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on: follow it again with heroku data:maintenances:wait redis-lively-12345 -a example-app.')
    expect(world.calls.filter(call => call.startsWith('PATCH'))).to.deep.equal([])
  })

  it('when interrupted while waiting and switching it back off fails, says the failover may still be running and how to follow it', async () => {
    world.patchFailures = [undefined, forbidden()]
    interruptedWhileWaiting()

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: stopped waiting for redis-lively-12345 (last status running); the maintenance itself goes on. The failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app.')
    expect(world.lines).to.include('!! Switch it off yourself now: heroku maintenance:off -a example-app')
  })

  it('when interrupted while the run POST is out, lets it finish, does not wait, and switches it back off', async () => {
    const deps = world.deps()
    const {run} = deps.data
    deps.data.run = async id => {
      world.controller.abort()
      return run(id)
    }

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, deps))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: maintenance of redis-lively-12345 was started and goes on; stopped before waiting for it. Maintenance mode of example-app is off again, but the failover of redis-lively-12345 may still be running: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app.')
    expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'PATCH example-app maintenance=true', 'POST run', 'PATCH example-app maintenance=false'])
  })

  it('when interrupted while the run POST is out with a mode that was already on, names the command that follows the maintenance', async () => {
    world.appOn = true
    const deps = world.deps()
    const {run} = deps.data
    deps.data.run = async id => {
      world.controller.abort()
      return run(id)
    }

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, deps))

    expect(error.message).to.equal('Interrupted: maintenance of redis-lively-12345 was started and goes on; stopped before waiting for it: follow it with heroku data:maintenances:wait redis-lively-12345 -a example-app.')
    expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'POST run'])
  })

  it('when interrupted while switching maintenance mode on, does not start the maintenance and switches it back off', async () => {
    const deps = world.deps()
    const {setMaintenanceMode} = deps.platform
    deps.platform.setMaintenanceMode = async (name, on) => {
      if (on) world.controller.abort()
      return setMaintenanceMode(name, on)
    }

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, deps))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(error.message).to.equal('Interrupted: maintenance of redis-lively-12345 was not started.')
    expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'PATCH example-app maintenance=true', 'PATCH example-app maintenance=false'])
    expect(world.appOn).to.equal(false)
  })

  it('changes nothing when interrupted before maintenance mode was switched on', async () => {
    world.controller.abort()

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.be.instanceOf(InterruptedError)
    expect(world.calls).to.deep.equal(['GET app example-app'])
  })

  it('refuses an add-on with no maintenance before switching maintenance mode on: the app is never taken down for nothing', async () => {
    world.nothingToRun = true

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.be.instanceOf(ValidationError)
    expect(error.message).to.equal('redis-lively-12345 has no maintenance to run (status none): the service refuses to run it, so nothing was sent. See when one is due: heroku data:maintenances:info redis-lively-12345')
    expect(world.calls).to.deep.equal(['GET app example-app', 'GET info'])
    expect(world.lines).to.deep.equal([])
  })

  describe('when switching it back off fails', () => {
    it('after a completed maintenance: says so loudly with the command to run, and fails with exit 2', async () => {
      world.patchFailures = [undefined, forbidden()]

      const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

      expect(error).to.be.instanceOf(MaintenanceModeNotRestoredError)
      expect((error as MaintenanceModeNotRestoredError).exitCode).to.equal(2)
      expect((error as MaintenanceModeNotRestoredError).id).to.equal('maintenance_mode_not_restored')
      const still = 'example-app is still in maintenance mode: run heroku maintenance:off -a example-app'
      expect(error.message).to.equal(`Maintenance of redis-lively-12345 completed, but ${still}. Switching it off failed: You do not have access to the app example-app. (403 Forbidden)`)
      expect(world.calls.filter(call => call.startsWith('PATCH'))).to.deep.equal(['PATCH example-app maintenance=true', 'PATCH example-app maintenance=false'])
      expect(world.lines.slice(-3)).to.deep.equal([
        'Disabling maintenance mode for example-app... failed',
        '!! example-app IS STILL IN MAINTENANCE MODE (for 3m 2s so far): switching it off failed: You do not have access to the app example-app. (403 Forbidden)',
        '!! Switch it off yourself now: heroku maintenance:off -a example-app',
      ])
    })

    it('after a failure: says so loudly, and keeps the earlier failure and its exit code', async () => {
      const timeout = new WaitTimeoutError('Timed out after 1m 0s waiting for redis-lively-12345 to complete maintenance (last status running).')
      world.patchFailures = [undefined, forbidden()]
      world.follow = async () => {
        throw timeout
      }

      const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

      expect(error).to.equal(timeout)
      expect(world.lines).to.include('!! Switch it off yourself now: heroku maintenance:off -a example-app')
      expect(world.calls.filter(call => call.startsWith('PATCH'))).to.have.length(2)
    })
  })

  describe('when switching it on fails', () => {
    it('after a clear refusal: changes nothing more and starts nothing', async () => {
      const refused = new ApiError({id: 'forbidden', message: 'Forbidden. (403 Forbidden)', method: 'PATCH', path: '/apps/example-app', status: 403})
      world.patchFailures = [refused]

      const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

      expect(error).to.equal(refused)
      expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'PATCH example-app maintenance=true'])
    })

    it('without an answer (it may have been switched on): switches it off once to be sure, starts nothing', async () => {
      const dropped = new ApiError({id: 'no_answer', message: 'No answer from api.heroku.com for PATCH /apps/example-app (ECONNRESET).', method: 'PATCH', path: '/apps/example-app', status: 0})
      world.patchFailures = [dropped]

      const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

      expect(error).to.equal(dropped)
      expect(world.calls).to.deep.equal(['GET app example-app', 'GET info', 'PATCH example-app maintenance=true', 'PATCH example-app maintenance=false'])
      expect(world.lines).to.deep.equal([
        'Enabling maintenance mode for example-app... failed',
        'Switching maintenance mode back off for example-app, as it was before... done',
      ])
    })
  })

  it('when switching on had no answer and switching off fails too, says it may still be on', async () => {
    const dropped = new ApiError({id: 'network_error', message: 'No answer (ECONNRESET).', method: 'PATCH', path: '/apps/example-app', status: 0})
    world.patchFailures = [dropped, forbidden()]

    const error = await failureOf(runInMaintenanceMode(anAddon(), TIMING, world.deps()))

    expect(error).to.equal(dropped)
    expect(world.lines).to.deep.equal([
      'Enabling maintenance mode for example-app... failed',
      'Switching maintenance mode back off for example-app, as it was before... failed',
      '!! example-app MAY STILL BE IN MAINTENANCE MODE: switching it off failed: You do not have access to the app example-app. (403 Forbidden)',
      '!! Switch it off yourself now: heroku maintenance:off -a example-app',
    ])
  })

  it('refuses a plan without manual maintenance before reading or changing anything', async () => {
    const error = await failureOf(runInMaintenanceMode(anAddon({plan: {name: 'heroku-redis:mini'}}), TIMING, world.deps()))

    expect(error).to.be.instanceOf(ValidationError)
    expect(error.message).to.equal('redis-lively-12345 is on the heroku-redis:mini plan, which cannot run maintenance manually; only premium, private, shield plans can.')
    expect(world.calls).to.deep.equal([])
  })
})
