import {expect} from 'chai'
import {DateTime} from 'luxon'

import type {PlatformApi} from '../../../src/lib/api/platform.js'

import {ApiError, ValidationError} from '../../../src/lib/errors.js'
import {approveRun, checkRunFlags, describeRunAnswer, ensureConfirmed} from '../../../src/lib/maintenance/run.js'
import {aMaintenance, anAddon, anApp} from '../../helpers/fixtures.js'

/** A PlatformApi that answers getApp with this app and records what was asked. */
function platformWith(app = anApp()) {
  const asked: string[] = []
  const platform = {
    async getApp(name: string) {
      asked.push(name)
      return app
    },
  } as unknown as PlatformApi
  return {asked, platform}
}

describe('checkRunFlags', () => {
  it('accepts no flags and does not wait', () => {
    expect(checkRunFlags({wait: false})).to.equal(undefined)
  })

  it('gives the default timing with --wait', () => {
    expect(checkRunFlags({wait: true})).to.deep.equal({interval: 5000, timeout: undefined})
  })

  it('reads --timeout and --interval with --wait', () => {
    expect(checkRunFlags({interval: '10s', timeout: '30m', wait: true})).to.deep.equal({interval: 10_000, timeout: 1_800_000})
  })

  it('refuses an empty --confirm', () => {
    expect(() => checkRunFlags({confirm: '', wait: false})).to.throw(ValidationError, '--confirm is empty: pass the name of the app the add-on belongs to, e.g. --confirm example-app.')
    expect(() => checkRunFlags({confirm: '  ', wait: false})).to.throw(ValidationError, '--confirm is empty')
  })

  it('refuses --timeout and --interval without --wait', () => {
    expect(() => checkRunFlags({timeout: '30m', wait: false})).to.throw(ValidationError, '--timeout only applies with --wait: add --wait, or leave it out.')
    expect(() => checkRunFlags({interval: '5s', timeout: '30m', wait: false})).to.throw(ValidationError, '--timeout and --interval only apply with --wait: add --wait, or leave them out.')
  })

  it('refuses a bad duration with --wait', () => {
    expect(() => checkRunFlags({interval: '200ms', wait: true})).to.throw(ValidationError, '--interval "200ms" is too short')
  })
})

describe('ensureConfirmed', () => {
  it('lets a run start without --confirm while the app is in maintenance mode', () => {
    expect(ensureConfirmed({addonName: 'redis-lively-12345', app: anApp({maintenance: true})})).to.equal('maintenance_mode')
  })

  it('lets a run start with --confirm naming the app', () => {
    expect(ensureConfirmed({addonName: 'redis-lively-12345', app: anApp(), confirm: 'example-app'})).to.equal('confirmed')
  })

  it('refuses without --confirm, naming the app that would confirm and the other way', () => {
    const ways = 'pass --confirm example-app (or turn maintenance mode on first: heroku maintenance:on -a example-app)'
    expect(() => ensureConfirmed({addonName: 'redis-lively-12345', app: anApp()})).to.throw(
      ValidationError,
      `Maintenance on redis-lively-12345 restarts example-app, which is not in maintenance mode. To run it anyway, ${ways}.`,
    )
  })

  it('refuses a --confirm naming another app, saying what was given and what is expected', () => {
    expect(() => ensureConfirmed({addonName: 'redis-lively-12345', app: anApp(), confirm: 'example-ap'})).to.throw(
      ValidationError,
      '--confirm "example-ap" does not match example-app, the app that maintenance on redis-lively-12345 restarts. To run it, pass --confirm example-app.',
    )
  })

  it('refuses a wrong --confirm even in maintenance mode', () => {
    expect(() => ensureConfirmed({addonName: 'redis-lively-12345', app: anApp({maintenance: true}), confirm: 'other-app'})).to.throw(ValidationError, '--confirm "other-app" does not match')
  })
})

describe('approveRun', () => {
  it('reads the app that owns the add-on and checks consent', async () => {
    const {asked, platform} = platformWith(anApp({maintenance: true, name: 'owner-app'}))

    const approval = await approveRun(platform, anAddon({app: {id: 'x', name: 'owner-app'}}))

    expect(asked).to.deep.equal(['owner-app'])
    expect(approval).to.deep.equal({app: anApp({maintenance: true, name: 'owner-app'}), consent: 'maintenance_mode'})
  })

  it('refuses a plan without manual maintenance before reading the app', async () => {
    const {asked, platform} = platformWith()

    let error: unknown
    try {
      await approveRun(platform, anAddon({plan: {name: 'heroku-redis:mini'}}), 'example-app')
    } catch (error_) {
      error = error_
    }

    expect(error).to.be.instanceOf(ValidationError)
    expect((error as Error).message).to.equal('redis-lively-12345 is on the heroku-redis:mini plan, which cannot run maintenance manually; only premium, private, shield plans can.')
    expect(asked).to.deep.equal([])
  })

  it('passes an API error from reading the app through', async () => {
    const failure = new ApiError({id: 'forbidden', message: 'Forbidden.', method: 'GET', path: '/apps/example-app', status: 403})
    const platform = {
      async getApp() {
        throw failure
      },
    } as unknown as PlatformApi

    let error: unknown
    try {
      await approveRun(platform, anAddon(), 'example-app')
    } catch (error_) {
      error = error_
    }

    expect(error).to.equal(failure)
  })
})

describe('describeRunAnswer', () => {
  const now = DateTime.fromISO('2026-11-27T18:00:00.000Z')

  it('shows a message-only answer as it is', () => {
    expect(describeRunAnswer({message: ' Maintenance started. '}, 'redis-lively-12345', now)).to.equal('Maintenance started.')
  })

  it('shows a running maintenance with its start', () => {
    expect(describeRunAnswer(aMaintenance({started_at: '2026-11-27T18:00:02.000+00:00', status: 'running'}), 'redis-lively-12345', now))
    .to.equal('Maintenance of redis-lively-12345: running, started 2026-11-27 18:00:02 UTC.')
  })

  it('shows when a maintenance that has not started is scheduled', () => {
    expect(describeRunAnswer(aMaintenance({scheduled_for: '2026-11-27T18:10:00.000+00:00', status: 'ready'}), 'redis-lively-12345', now))
    .to.equal('Maintenance of redis-lively-12345: ready, scheduled for 2026-11-27 18:10:00 UTC (in 10 minutes).')
  })

  it('shows a completed maintenance with its end', () => {
    expect(describeRunAnswer(aMaintenance({completed_at: '2026-11-27T18:03:00.000+00:00', status: 'completed'}), 'redis-lively-12345', now))
    .to.equal('Maintenance of redis-lively-12345: completed at 2026-11-27 18:03:00 UTC.')
  })

  it('shows both the message and the status when the answer has both', () => {
    const answer = {...aMaintenance({status: 'running'}), message: 'Failover started.'}

    expect(describeRunAnswer(answer, 'redis-lively-12345', now)).to.equal('Failover started.\nMaintenance of redis-lively-12345: running.')
  })
})
