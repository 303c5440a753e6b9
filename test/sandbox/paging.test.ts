import {HTTP} from '@heroku/http-call'
import {expect} from 'chai'
import {DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseRange} from 'heroku-data-maintenance-sandbox/paging'
import {startSandbox} from 'heroku-data-maintenance-sandbox/server'

import {type ApiAnswer, startTestSandbox, type TestSandbox, TOKEN} from './helpers.js'

/** Every page of a list, sending each answer's Next-Range back as Range, as a Platform API client does. */
async function allPages(box: TestSandbox, path: string, range?: string): Promise<ApiAnswer[]> {
  const pages: ApiAnswer[] = []
  let next = range
  for (;;) {
    const page = await box.call('GET', path, undefined, next === undefined ? {} : {range: next})
    pages.push(page)
    next = page.headers.get('next-range') ?? undefined
    if (next === undefined || pages.length > 100) return pages
  }
}

describe('sandbox paging', () => {
  describe('parseRange', () => {
    it('defaults to the first page of 200 by the first field', () => {
      expect(parseRange(undefined, ['id', 'name'])).to.deep.equal({field: 'id', start: '', startExclusive: false, end: '', max: DEFAULT_PAGE_SIZE, descending: false})
    })

    it('reads field, exclusive or inclusive start, end, max and order; max is at most 1000', () => {
      expect(parseRange('name ]app-9..; max=10, order=desc', ['id', 'name'])).to.deep.equal({field: 'name', start: 'app-9', startExclusive: true, end: '', max: 10, descending: true})
      expect(parseRange('id a..b', ['id', 'name'])).to.include({field: 'id', start: 'a', startExclusive: false, end: 'b', max: 200})
      expect(parseRange('name ..; max=5000', ['id', 'name']).max).to.equal(MAX_PAGE_SIZE)
    })

    it('refuses what it cannot read with a 400 that shows a valid range', () => {
      for (const bad of ['name', 'size ..', 'name ..; max=0', 'name ..; max=ten', 'name ..; order=up', 'name ..; limit=3']) {
        expect(() => parseRange(bad, ['id', 'name']), bad).to.throw(/The Range header .* send e\.g\. "id \.\.; max=200" \(fields: id, name; max up to 1000\)/)
      }
    })
  })

  describe('with --seed fleet:1000', () => {
    let box: TestSandbox

    before(async () => {
      box = await startTestSandbox({seed: 'fleet:1000'})
    })

    after(async () => {
      await box.stop()
    })

    it('pages GET /apps 200 at a time in 5 pages: 206 with Next-Range until the last, which is 200', async () => {
      const pages = await allPages(box, '/apps')
      expect(pages.map(page => page.status)).to.deep.equal([206, 206, 206, 206, 200])
      expect(pages.map(page => page.body.length)).to.deep.equal([200, 200, 200, 200, 200])
      const ids = pages.flatMap(page => page.body.map((app: {id: string}) => app.id))
      expect(new Set(ids).size).to.equal(1000)
      expect(ids).to.deep.equal([...ids].sort())
      expect(pages[0].headers.get('next-range')).to.equal(`id ]${ids[199]}..; max=200`)
      expect(pages[0].headers.get('content-range')).to.equal(`id ${ids[0]}..${ids[199]}`)
      expect(pages[4].headers.get('next-range')).to.equal(null)
    })

    it('honours Range: name ..; max=N, up to 1000, and order=desc', async () => {
      const byName = await allPages(box, '/apps', 'name ..; max=300')
      expect(byName.map(page => page.body.length)).to.deep.equal([300, 300, 300, 100])
      expect(byName[0].body[0].name).to.equal('fleet-app-0001')
      expect(byName[0].headers.get('next-range')).to.equal('name ]fleet-app-0300..; max=300')
      expect(byName[1].body[0].name).to.equal('fleet-app-0301')
      const whole = await box.call('GET', '/apps', undefined, {range: 'name ..; max=1000'})
      expect(whole.status).to.equal(200)
      expect(whole.body).to.have.length(1000)
      const descending = await box.call('GET', '/apps', undefined, {range: 'name ..; max=2, order=desc'})
      expect(descending.body.map((app: {name: string}) => app.name)).to.deep.equal(['fleet-app-1000', 'fleet-app-0999'])
      expect(descending.headers.get('next-range')).to.equal('name ]fleet-app-0999..; max=2, order=desc')
      const bad = await box.call('GET', '/apps', undefined, {range: 'size ..'})
      expect(bad.status).to.equal(400)
      expect(bad.body.id).to.equal('bad_request')
    })

    it('pages the 2000 add-ons, each app having a Key-Value Store and a Postgres add-on', async () => {
      const pages = await allPages(box, '/addons')
      expect(pages).to.have.length(10)
      const addons = pages.flatMap(page => page.body)
      expect(addons).to.have.length(2000)
      expect(addons.filter((addon: {addon_service: {name: string}}) => addon.addon_service.name === 'heroku-redis')).to.have.length(1000)
      const onOneApp = await box.get('/apps/fleet-app-0042/addons')
      expect(onOneApp.body.map((addon: {name: string}) => addon.name).sort()).to.deep.equal(['postgresql-fleet-0042', 'redis-fleet-0042'])
    })

    it('lays out maintenances at every stage', async () => {
      const statuses = new Set<string>()
      for (const app of ['fleet-app-0001', 'fleet-app-0002', 'fleet-app-0003', 'fleet-app-0004', 'fleet-app-0007', 'fleet-app-0009', 'fleet-app-0010']) {
        for (const entry of (await box.get(`/data/maintenances/v1/apps/${app}`)).body.maintenances) statuses.add(entry.status)
      }

      expect([...statuses].sort()).to.deep.equal(['completed', 'none', 'pending', 'preparing', 'ready', 'running'])
    })

    it('is followed page by page by @heroku/http-call, as the Platform API is', async () => {
      const {body} = await HTTP.get<Array<{name: string}>>(`${box.sandbox.url}/apps`, {headers: {authorization: `Bearer ${TOKEN}`}})
      expect(body).to.have.length(1000)
      expect(new Set(body.map(app => app.name)).size).to.equal(1000)
    })
  })

  it('starts fleet:10000 in moments and refuses a fleet size out of range', async function () {
    this.timeout(60_000)
    const started = Date.now()
    const sandbox = await startSandbox({clock: 'manual', seed: 'fleet:10000', token: TOKEN})
    const elapsed = Date.now() - started
    await sandbox.close()
    expect(elapsed).to.be.below(15_000)
    for (const seed of ['fleet:0', 'fleet:100001', 'fleet:', 'fleet:x']) {
      const error = await startSandbox({seed, token: TOKEN}).then(() => null, (error_: Error) => error_)
      expect(error?.message, seed).to.match(/^unknown seed "fleet:.*" \(known seeds: demo, empty, fleet:N, N from 1 to 100000\)$/)
    }
  })
})
