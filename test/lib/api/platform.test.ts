import {expect} from 'chai'
import nock from 'nock'

import {type Apis, connect} from '../../../src/lib/api/index.js'
import {ApiError} from '../../../src/lib/errors.js'
import {platformApi} from '../../helpers/api.js'
import {anAddon, anApp} from '../../helpers/fixtures.js'
import {TEST_TOKEN} from '../../helpers/setup.js'

const PLATFORM_ACCEPT = 'application/vnd.heroku+json; version=3'

async function apis(): Promise<Apis> {
  return connect({env: {HEROKU_API_KEY: TEST_TOKEN}, overrides: {async sleep() {}}, userAgent: 'platform-test/1.0'})
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => {
    throw new Error('expected the call to fail')
  }, (error_: unknown) => error_)
  expect(error).to.be.instanceOf(ApiError)
  return error as ApiError
}

describe('api/platform PlatformApi', () => {
  let platform: nock.Scope

  beforeEach(() => {
    platform = platformApi()
  })

  afterEach(() => {
    platform.done()
  })

  it('getApp: GET /apps/{app}, the name escaped, with the Platform API media type', async () => {
    platform.get('/apps/my%2Fapp%3F').matchHeader('accept', PLATFORM_ACCEPT).reply(200, anApp({name: 'my/app?'}))
    expect(await (await apis()).platform.getApp('my/app?')).to.deep.equal(anApp({name: 'my/app?'}))
  })

  it('getApp refuses an answer that is not an app', async () => {
    platform.get('/apps/example-app').reply(200, {name: 'example-app'})
    const error = await failure((await apis()).platform.getApp('example-app'))
    expect(error.id).to.equal('invalid_response')
    expect(error.message).to.equal('The API answered GET /apps/example-app with an unexpected body.')
  })

  it('getConfigVars: GET /apps/{app}/config-vars', async () => {
    platform.get('/apps/example-app/config-vars').reply(200, {REDIS_URL: 'redis://h:p@example:6379'})
    expect(await (await apis()).platform.getConfigVars('example-app')).to.deep.equal({REDIS_URL: 'redis://h:p@example:6379'})
  })

  it('getConfigVars refuses a list', async () => {
    platform.get('/apps/example-app/config-vars').reply(200, [])
    expect((await failure((await apis()).platform.getConfigVars('example-app'))).id).to.equal('invalid_response')
  })

  it('listAddons: GET /apps/{app}/addons', async () => {
    platform.get('/apps/example-app/addons').matchHeader('range', 'id ..; max=1000').reply(200, [anAddon()])
    expect(await (await apis()).platform.listAddons('example-app')).to.deep.equal([anAddon()])
  })

  it('listApps: GET /apps', async () => {
    platform.get('/apps').matchHeader('range', 'id ..; max=1000').reply(200, [anApp(), anApp({id: 'app-id-2', name: 'other-app'})])
    expect(await (await apis()).platform.listApps()).to.deep.equal([anApp(), anApp({id: 'app-id-2', name: 'other-app'})])
  })

  it('lists ask for the largest page first (1000, in id order), then send each Next-Range as it came', async () => {
    platform.get('/apps').matchHeader('range', 'id ..; max=1000').reply(206, [anApp()], {'Next-Range': 'id ]app-id-1..; max=1000'})
    platform.get('/apps').matchHeader('range', 'id ]app-id-1..; max=1000').reply(200, [anApp({id: 'app-id-2', name: 'other-app'})])
    expect(await (await apis()).platform.listApps()).to.deep.equal([anApp(), anApp({id: 'app-id-2', name: 'other-app'})])
  })

  for (const [what, answer, description] of [['an object', {apps: []}, 'an unexpected body'], ['an empty body', '', 'an empty body']] as const) {
    it(`listApps refuses ${what} where a list is expected`, async () => {
      platform.get('/apps').reply(200, answer)
      const error = await failure((await apis()).platform.listApps())
      expect({id: error.id, message: error.message}).to.deep.equal({id: 'invalid_response', message: `The API answered GET /apps with ${description}.`})
    })
  }

  it('resolveAddon: POST /actions/addons/resolve with the sdk Accept and the expansion header', async () => {
    platform.post('/actions/addons/resolve', {addon: 'REDIS_URL', app: 'example-app'})
    .matchHeader('accept', 'application/vnd.heroku+json; version=3.sdk')
    .matchHeader('accept-expansion', 'addon_service,plan')
    .reply(200, [anAddon()])
    expect(await (await apis()).platform.resolveAddon('REDIS_URL', 'example-app')).to.deep.equal([anAddon()])
  })

  it('resolveAddon sends app: null without an app', async () => {
    platform.post('/actions/addons/resolve', {addon: 'redis-lively-12345', app: null}).reply(200, [])
    expect(await (await apis()).platform.resolveAddon('redis-lively-12345', null)).to.deep.equal([])
  })

  it('resolveAddon is retried on a transient failure (it only reads)', async () => {
    platform.post('/actions/addons/resolve', {addon: 'REDIS', app: null}).reply(503, {id: 'unavailable', message: 'Down.'})
    platform.post('/actions/addons/resolve', {addon: 'REDIS', app: null}).reply(200, [anAddon()])
    expect(await (await apis()).platform.resolveAddon('REDIS', null)).to.deep.equal([anAddon()])
  })

  it('resolveAddon refuses an answer that is not a list', async () => {
    platform.post('/actions/addons/resolve').reply(200, anAddon())
    const error = await failure((await apis()).platform.resolveAddon('REDIS', null))
    expect(error.message).to.equal('The API answered POST /actions/addons/resolve with an unexpected body.')
  })

  for (const [what, entry] of [
    ['an empty object', {}],
    ['no id', {...anAddon(), id: undefined}],
    ['no app name', {...anAddon(), app: {id: 'a'}}],
    ['no plan', {...anAddon(), plan: null}],
  ] as const) {
    it(`resolveAddon refuses an entry with ${what}, rather than building a request from it`, async () => {
      platform.post('/actions/addons/resolve').reply(200, [anAddon(), entry])
      const error = await failure((await apis()).platform.resolveAddon('REDIS', null))
      expect({id: error.id, message: error.message}).to.deep.equal({id: 'invalid_response', message: 'The API answered POST /actions/addons/resolve with an unexpected body.'})
    })
  }

  for (const maintenance of [true, false]) {
    it(`setMaintenanceMode(${maintenance}): PATCH /apps/{app} {maintenance: ${maintenance}}`, async () => {
      platform.patch('/apps/example-app', {maintenance}).reply(200, anApp({maintenance}))
      expect(await (await apis()).platform.setMaintenanceMode('example-app', maintenance)).to.deep.equal(anApp({maintenance}))
    })
  }

  it('setMaintenanceMode is sent once, even on a 503', async () => {
    platform.patch('/apps/example-app', {maintenance: true}).reply(503, {id: 'unavailable', message: 'Down.'})
    const error = await failure((await apis()).platform.setMaintenanceMode('example-app', true))
    expect(error.status).to.equal(503)
    expect(nock.pendingMocks()).to.deep.equal([])
  })

  it('setMaintenanceMode refuses an answer that is not an app', async () => {
    platform.patch('/apps/example-app', {maintenance: true}).reply(200, {})
    expect((await failure((await apis()).platform.setMaintenanceMode('example-app', true))).message)
    .to.equal('The API answered PATCH /apps/example-app with an unexpected body.')
  })
})
