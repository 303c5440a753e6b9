import {expect} from 'chai'
import {FaultSet, parseFault} from 'heroku-data-maintenance-sandbox/faults'

import {callSandbox, startTestSandbox, type TestSandbox} from './helpers.js'

const RUN = '/data/maintenances/v1/redis-lively-12345/run'

describe('sandbox faults, request log and admin switch', () => {
  let box: TestSandbox

  beforeEach(async () => {
    box = await startTestSandbox()
  })

  afterEach(async () => {
    await box.stop()
  })

  it('answers an injected status and JSON body, then recovers after `times`', async () => {
    const added = await box.post('/__sandbox/faults', {method: 'post', path: RUN, status: 503, body: {id: 'unavailable', message: 'try later'}, headers: {'Retry-After': '1'}, times: 1})
    expect(added.status).to.equal(201)
    expect(added.body).to.include({id: 1, method: 'POST', path: RUN, status: 503, remaining: 1})

    const failed = await box.post(RUN)
    expect(failed.status).to.equal(503)
    expect(failed.body).to.deep.equal({id: 'unavailable', message: 'try later'})
    expect(failed.headers.get('retry-after')).to.equal('1')
    expect((await box.get('/__sandbox/faults')).body).to.deep.equal([])

    const ran = await box.post(RUN)
    expect(ran.status).to.equal(200)
    expect(ran.body.status).to.equal('running')
  })

  it('does not change the world when a fault answers instead of the route', async () => {
    await box.post('/__sandbox/faults', {path: RUN, status: 500})
    const failed = await box.post(RUN)
    expect(failed.status).to.equal(500)
    expect(failed.body).to.deep.equal({id: 'internal_server_error', message: 'Injected sandbox fault: HTTP 500.'})
    expect((await box.get('/data/maintenances/v1/redis-lively-12345')).body.status).to.equal('ready')
  })

  it('answers a text body as text, and matches a path prefix for any method', async () => {
    await box.post('/__sandbox/faults', {pathPrefix: '/redis/', status: 502, body: 'Bad gateway'})
    const answer = await box.get('/redis/v0/databases/redis-lively-12345')
    expect(answer.status).to.equal(502)
    expect(answer.body).to.equal('Bad gateway')
    expect(answer.headers.get('content-type')).to.contain('text/plain')
    expect((await box.get('/account')).status).to.equal(200)
  })

  it('delays an answer without changing it', async () => {
    await box.post('/__sandbox/faults', {method: 'GET', path: '/account', delayMs: 150, times: 1})
    const started = Date.now()
    const slow = await box.get('/account')
    expect(Date.now() - started).to.be.at.least(140)
    expect(slow.status).to.equal(200)
    expect(slow.body.email).to.equal('demo@example.com')
  })

  it('drops the connection, logged with status 0', async () => {
    await box.post('/__sandbox/faults', {path: '/apps', drop: true, times: 2})
    let failure: unknown
    try {
      await box.get('/apps')
    } catch (error) {
      failure = error
    }

    expect(failure).to.be.instanceOf(TypeError)
    const log = (await box.get('/__sandbox/requests')).body
    expect(log.at(-1)).to.include({method: 'GET', path: '/apps', status: 0})
    expect((await box.get('/__sandbox/faults')).body[0].remaining).to.equal(1)
  })

  it('lists, removes and clears faults, and validates them', async () => {
    await box.post('/__sandbox/faults', {path: '/account', status: 500})
    await box.post('/__sandbox/faults', {path: '/apps', status: 500})
    expect((await box.get('/__sandbox/faults')).body.map((fault: {id: number}) => fault.id)).to.deep.equal([1, 2])
    expect((await box.call('DELETE', '/__sandbox/faults/1')).body).to.deep.equal({cleared: 1})
    expect((await box.call('DELETE', '/__sandbox/faults/1')).status).to.equal(404)
    expect((await box.call('DELETE', '/__sandbox/faults')).body).to.deep.equal({cleared: 1})
    expect((await box.get('/apps')).status).to.equal(200)

    for (const bad of [
      [],
      {status: 500},
      {path: '/a', pathPrefix: '/b', status: 500},
      {path: 'relative', status: 500},
      {path: '/a'},
      {path: '/a', status: 99},
      {path: '/a', status: '500'},
      {path: '/a', drop: 'yes'},
      {path: '/a', body: {}},
      {path: '/a', status: 500, headers: {x: 1}},
      {path: '/a', status: 500, times: 0},
      {path: '/a', status: 500, colour: 'red'},
      {path: '', status: 500},
    ]) {
      const answer = await box.post('/__sandbox/faults', bad)
      expect([400, 422], JSON.stringify(bad)).to.include(answer.status)
    }

    expect((await box.get('/__sandbox/faults')).body).to.deep.equal([])
  })

  it('logs every non-admin request in order, with query and status, and can clear the log', async () => {
    await box.get('/account')
    await box.get('/data/maintenances/v1/redis-lively-12345/history/?limit=5')
    await box.get('/nothing')
    await fetch(`${box.sandbox.url}/apps`)
    await box.post('/__sandbox/faults', {path: '/apps/example-app', status: 429})
    await box.get('/apps/example-app')

    const log = (await box.get('/__sandbox/requests')).body
    expect(log.map((entry: {method: string; path: string; query: string; status: number}) => [entry.method, entry.path, entry.query, entry.status])).to.deep.equal([
      ['GET', '/account', '', 200],
      ['GET', '/data/maintenances/v1/redis-lively-12345/history/', 'limit=5', 200],
      ['GET', '/nothing', '', 404],
      ['GET', '/apps', '', 401],
      ['GET', '/apps/example-app', '', 429],
    ])
    expect(log[0].at).to.match(/^\d{4}-\d{2}-\d{2}T/)
    expect(log[0].clock).to.equal('2026-11-23T12:00:00.000+00:00')

    expect((await box.call('DELETE', '/__sandbox/requests')).body).to.deep.equal({cleared: 5})
    expect((await box.get('/__sandbox/requests')).body).to.deep.equal([])
  })

  it('dumps the whole model for debugging', async () => {
    const state = (await box.get('/__sandbox/state')).body
    expect(state).to.include({version: 3, seed: 'demo', clock: '2026-11-23T12:00:00.000+00:00'})
    expect(state.apps).to.have.length(3)
    expect(state.addons).to.have.length(4)
  })

  it('answers 404 on admin routes when admin is off', async () => {
    const closed = await startTestSandbox({admin: false})
    try {
      for (const [method, path] of [['GET', '/__sandbox/clock'], ['POST', '/__sandbox/clock'], ['POST', '/__sandbox/faults'], ['GET', '/__sandbox/requests'], ['GET', '/__sandbox/state']]) {
        const answer = await callSandbox(closed.sandbox.url, method, path, method === 'POST' ? {advance: 'PT1M'} : undefined)
        expect(answer.status, path).to.equal(404)
        expect(answer.body.id).to.equal('not_found')
      }

      expect((await closed.get('/account')).status).to.equal(200)
    } finally {
      await closed.stop()
    }
  })

  it('FaultSet matches the first fault added and counts down `times`', () => {
    const faults = new FaultSet()
    faults.add({method: 'GET', path: '/x', status: 500, times: 2})
    faults.add({pathPrefix: '/', status: 503})
    expect(faults.take('POST', '/x')?.status).to.equal(503)
    expect(faults.take('GET', '/x')?.status).to.equal(500)
    expect(faults.take('GET', '/x')?.status).to.equal(500)
    expect(faults.take('GET', '/x')?.status).to.equal(503)
    expect(parseFault({path: '/x', delayMs: 10}, 9)).to.include({id: 9, status: null, delayMs: 10, drop: false, remaining: null})
    const empty = new FaultSet()
    expect(empty.take('GET', '/x')).to.equal(null)
  })
})
