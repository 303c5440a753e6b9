import {expect} from 'chai'
import * as fc from 'fast-check'

import type {Apis} from '../../../src/lib/api/index.js'
import type {HerokuApp, Maintenance} from '../../../src/lib/maintenance/types.js'

import {ApiError, RateLimitReserveError, ValidationError} from '../../../src/lib/errors.js'
import {parseConcurrency, parseRateLimitReserve} from '../../../src/lib/flags.js'
import {settleWithLimit} from '../../../src/lib/maintenance/concurrency.js'
import {
  FLEET_CONCURRENCY,
  fleetStoppedByReserve,
  listEveryAppMaintenances,
  listFleetMaintenances,
  RATE_LIMIT_RESERVE,
} from '../../../src/lib/maintenance/fleet.js'
import {describeAppFailure, describeEmptyFleet, describeFleetProgress} from '../../../src/lib/present/fleet.js'
import {aMaintenance, anApp} from '../../helpers/fixtures.js'

/** What the client throws for a request it did not send because the reserve was reached. */
const reserveReached = (remaining: number) => new RateLimitReserveError({message: 'Not sent', remaining, reserve: 100})

/** Lets every pending promise callback run. */
const settle = () => new Promise(resolve => {
  setImmediate(resolve)
})

/** A task whose calls stay pending until the test finishes them, counting how many are in flight. */
function controlledTask() {
  const pending: Array<{fail(error: Error): void; finish(): void; item: number}> = []
  const state = {inFlight: 0, maxInFlight: 0, started: [] as number[]}
  const task = (item: number) => new Promise<string>((resolve, reject) => {
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    state.started.push(item)
    pending.push({
      fail(error) {
        state.inFlight--
        reject(error)
      },
      finish() {
        state.inFlight--
        resolve(`done ${item}`)
      },
      item,
    })
  })
  return {pending, state, task}
}

/**
 * Runs `count` controlled tasks `limit` at a time, settling a pending one (every fifth failing) in the order
 * `picks` says, and checks the bound after each step and the results at the end.
 */
async function settleInAnyOrder(count: number, limit: number, picks: fc.Stream<number>): Promise<void> {
  const {pending, state, task} = controlledTask()
  const items = Array.from({length: count}, (_, i) => i)
  const expected = items.map(i => (i % 5 === 0 ? `no ${i}` : `done ${i}`))
  const done = settleWithLimit(items, limit, task)
  const choices = picks[Symbol.iterator]()
  await settle()
  while (pending.length > 0) {
    expect(state.inFlight).to.be.at.most(limit)
    const [chosen] = pending.splice(choices.next().value % pending.length, 1)
    if (chosen.item % 5 === 0) chosen.fail(new Error(`no ${chosen.item}`))
    else chosen.finish()
    await settle()
  }

  const results = await done
  expect(state.maxInFlight).to.equal(Math.min(limit, count))
  expect(results.map(r => (r.ok ? r.value : (r.error as Error).message))).to.deep.equal(expected)
}

function maintenanceOf(app: string, addon: string, requiredBy: null | string): Maintenance {
  const base = aMaintenance()
  return aMaintenance({addon: {...base.addon, name: addon}, app: {name: app}, required_by: requiredBy})
}

const apiError = (message: string) => new ApiError({id: 'internal_server_error', message, method: 'GET', path: '/x', status: 500})

describe('maintenance/fleet', () => {
  describe('parseConcurrency (--concurrency)', () => {
    it('defaults to 8 and accepts whole numbers from 1 to 32', () => {
      expect(FLEET_CONCURRENCY.default).to.equal(8)
      expect(parseConcurrency('1')).to.equal(1)
      expect(parseConcurrency('32')).to.equal(32)
      expect(parseConcurrency(' 16 ')).to.equal(16)
    })

    for (const value of ['0', '33', '-1', '1.5', 'four', '', '1e1']) {
      it(`refuses ${JSON.stringify(value)}`, () => {
        expect(() => parseConcurrency(value)).to.throw(ValidationError, `--concurrency ${JSON.stringify(value)} is not valid: give a whole number from 1 to 32.`)
      })
    }
  })

  describe('settleWithLimit', () => {
    it('never has more than the limit in flight, starting the next item as soon as one settles', async () => {
      const {pending, state, task} = controlledTask()
      const done = settleWithLimit([0, 1, 2, 3, 4, 5, 6], 3, task)
      await settle()

      expect(state.started).to.deep.equal([0, 1, 2])
      pending.splice(pending.findIndex(p => p.item === 1), 1)[0].finish()
      await settle()
      expect(state.started).to.deep.equal([0, 1, 2, 3])
      expect(state.inFlight).to.equal(3)

      while (pending.length > 0) {
        pending.shift()!.finish()

        await settle()
        expect(state.inFlight).to.be.at.most(3)
      }

      const results = await done
      expect(state.maxInFlight).to.equal(3)
      expect(results.map(r => (r.ok ? r.value : 'failed'))).to.deep.equal(['done 0', 'done 1', 'done 2', 'done 3', 'done 4', 'done 5', 'done 6'])
    })

    it('keeps the bound and the input order whatever order the tasks settle in', async () => {
      await fc.assert(fc.asyncProperty(
        fc.integer({max: 40, min: 0}),
        fc.integer({max: 10, min: 1}),
        fc.infiniteStream(fc.nat()),
        settleInAnyOrder,
      ), {numRuns: 60})
    })

    it('settles every item although some fail, and reports the count after each', async () => {
      const counts: string[] = []
      const results = await settleWithLimit(['a', 'b', 'c'], 2, async item => {
        if (item === 'b') throw new Error('b broke')
        return item.toUpperCase()
      }, (settled, total) => counts.push(`${settled}/${total}`))

      expect(results).to.deep.equal([{ok: true, value: 'A'}, {error: new Error('b broke'), ok: false}, {ok: true, value: 'C'}])
      expect(counts).to.deep.equal(['1/3', '2/3', '3/3'])
    })

    it('starts nothing for no items', async () => {
      let calls = 0
      const results = await settleWithLimit([], 8, async () => {
        calls++
      })

      expect(results).to.deep.equal([])
      expect(calls).to.equal(0)
    })

    it('refuses a limit below 1', async () => {
      let error: unknown
      try {
        await settleWithLimit([1], 0, async () => 1)
      } catch (error_) {
        error = error_
      }

      expect(error).to.be.instanceOf(RangeError)
    })
  })

  describe('parseRateLimitReserve (--rate-limit-reserve)', () => {
    it('is 100 by default and takes a whole number from 0 to 4500', () => {
      expect(RATE_LIMIT_RESERVE.default).to.equal(100)
      expect(parseRateLimitReserve('0')).to.equal(0)
      expect(parseRateLimitReserve(' 4500 ')).to.equal(4500)
      for (const bad of ['-1', '4501', '2.5', 'x', '']) expect(() => parseRateLimitReserve(bad), bad).to.throw(ValidationError, /--rate-limit-reserve/)
    })
  })

  describe('listFleetMaintenances', () => {
    const apps = [anApp({id: 'id-s', name: 'staging-app'}), anApp({id: 'id-e', name: 'example-app'}), anApp({id: 'id-b', name: 'broken-app'})]

    it('merges every app\'s maintenances soonest required_by first, and lists the apps that failed in name order', async () => {
      const asked: string[] = []
      const listing = await listFleetMaintenances({
        apps,
        concurrency: 1,
        async fetch(app: HerokuApp) {
          asked.push(app.id)
          if (app.name === 'broken-app') throw apiError('Internal server error. (500 Internal Server Error)')
          if (app.name === 'example-app') return [maintenanceOf('example-app', 'redis-later', '2026-12-03T00:00:00Z'), maintenanceOf('example-app', 'redis-none', null)]
          return [maintenanceOf('staging-app', 'postgresql-sooner', '2026-11-20T00:00:00Z')]
        },
      })

      expect(asked, 'one request per app, by app name').to.deep.equal(['id-b', 'id-e', 'id-s'])
      expect(listing.apps).to.equal(3)
      expect(listing.maintenances.map(m => `${m.app.name}/${m.addon.name}`)).to.deep.equal(['staging-app/postgresql-sooner', 'example-app/redis-later', 'example-app/redis-none'])
      expect(listing.failures.map(f => ({app: f.app, message: f.message}))).to.deep.equal([{app: 'broken-app', message: 'Internal server error. (500 Internal Server Error)'}])
    })

    it('counts the apps a reached rate-limit reserve kept from being asked as not read, not as failures', async () => {
      const listing = await listFleetMaintenances({
        apps,
        concurrency: 1,
        async fetch(app: HerokuApp) {
          if (app.name === 'broken-app') return [maintenanceOf('broken-app', 'redis-b', null)]
          throw reserveReached(app.name === 'example-app' ? 99 : 100)
        },
      })

      expect(listing.failures).to.deep.equal([])
      expect(listing.notRead).to.deep.equal({apps: ['example-app', 'staging-app'], remaining: 99, reserve: 100})
      expect(describeEmptyFleet(listing)).to.equal('No Postgres or Key-Value Store add-ons on 1 app (2 not read).')
      const stopped = fleetStoppedByReserve(listing, listing.maintenances)
      expect(stopped?.message).to.match(/^2 of 3 apps were not read: the API rate limit had 99 requests left, at or below the reserve of 100 \(--rate-limit-reserve\)/)
      expect(stopped?.document).to.deep.equal({apps_not_read: ['example-app', 'staging-app'], maintenances: listing.maintenances})
      expect(fleetStoppedByReserve({apps: 1, failures: [], maintenances: []}, [])).to.equal(undefined)
    })

    it('tells the progress, starting at 0', async () => {
      const progress: string[] = []
      await listFleetMaintenances({apps, concurrency: 2, fetch: async () => [], onProgress: (settled, total) => progress.push(`${settled}/${total}`)})

      expect(progress).to.deep.equal(['0/3', '1/3', '2/3', '3/3'])
    })

    it('gives an empty listing for no apps, without progress', async () => {
      const progress: number[] = []
      const listing = await listFleetMaintenances({apps: [], concurrency: 8, fetch: async () => [aMaintenance()], onProgress: settled => progress.push(settled)})

      expect(listing).to.deep.equal({apps: 0, failures: [], maintenances: []})
      expect(progress).to.deep.equal([])
    })
  })

  describe('listEveryAppMaintenances', () => {
    it('lists the apps, then each app\'s maintenances by its id', async () => {
      const calls: string[] = []
      const apis = {
        data: {
          async listForApp(id: string) {
            calls.push(`listForApp ${id}`)
            return [maintenanceOf(id === 'id-1' ? 'example-app' : 'empty-app', `redis-${id}`, null)]
          },
        },
        platform: {
          async listApps() {
            calls.push('listApps')
            return [anApp({id: 'id-2', name: 'empty-app'}), anApp({id: 'id-1', name: 'example-app'})]
          },
        },
      } as unknown as Pick<Apis, 'data' | 'platform'>

      const listing = await listEveryAppMaintenances(apis, {concurrency: 1})

      expect(calls).to.deep.equal(['listApps', 'listForApp id-2', 'listForApp id-1'])
      expect(listing.maintenances.map(m => m.addon.name)).to.deep.equal(['redis-id-1', 'redis-id-2'])
    })
  })

  it('says why the listing is empty, and nothing when every app failed', () => {
    const failure = {app: 'x', error: undefined, message: 'boom'}

    expect(describeEmptyFleet({apps: 0, failures: []})).to.equal('You have no apps: there is no maintenance to list.')
    expect(describeEmptyFleet({apps: 1, failures: []})).to.equal('No Postgres or Key-Value Store add-ons on 1 app.')
    expect(describeEmptyFleet({apps: 3, failures: [failure]})).to.equal('No Postgres or Key-Value Store add-ons on 2 apps (1 could not be listed).')
    expect(describeEmptyFleet({apps: 2, failures: [failure, failure]})).to.equal(undefined)
  })

  it('words the warning and the progress line', () => {
    expect(describeAppFailure({app: 'staging-app', error: undefined, message: 'Internal server error. (500 Internal Server Error)'}))
    .to.equal('Warning: could not list maintenances of staging-app: Internal server error. (500 Internal Server Error)')
    expect(describeFleetProgress(12, 40)).to.equal('Fetching maintenances: 12/40 apps')
  })
})
