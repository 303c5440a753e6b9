import {expect} from 'chai'
import nock from 'nock'

import {type Apis, connect} from '../../../src/lib/api/index.js'
import {ApiError} from '../../../src/lib/errors.js'
import {dataApi, MAINTENANCES} from '../../helpers/api.js'
import {aMaintenance, aWindow} from '../../helpers/fixtures.js'
import {TEST_TOKEN} from '../../helpers/setup.js'

async function apis(): Promise<Apis> {
  return connect({env: {HEROKU_API_KEY: TEST_TOKEN}, overrides: {async sleep() {}}, userAgent: 'data-test/1.0'})
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => {
    throw new Error('expected the call to fail')
  }, (error_: unknown) => error_)
  expect(error).to.be.instanceOf(ApiError)
  return error as ApiError
}

describe('api/data DataMaintenanceApi', () => {
  let data: nock.Scope

  beforeEach(() => {
    data = dataApi()
  })

  afterEach(() => {
    data.done()
  })

  it('listForApp: GET /data/maintenances/v1/apps/{app_id}', async () => {
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [aMaintenance()]})
    expect(await (await apis()).data.listForApp('app-id-1')).to.deep.equal([aMaintenance()])
  })

  it('listForApp refuses a list with a null or add-on-less entry', async () => {
    data.get('/data/maintenances/v1/apps/app-id-1').reply(200, {maintenances: [aMaintenance(), null]})
    const error = await failure((await apis()).data.listForApp('app-id-1'))
    expect(error.id).to.equal('invalid_response')
    data.get('/data/maintenances/v1/addon-id-1').reply(200, {addon: null, status: 'ready'})
    expect((await failure((await apis()).data.info('addon-id-1'))).id).to.equal('invalid_response')
  })

  it('listForApp refuses an answer without a maintenances list', async () => {
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, [aMaintenance()])
    const error = await failure((await apis()).data.listForApp('app-id-1'))
    expect({id: error.id, message: error.message})
    .to.deep.equal({id: 'invalid_response', message: `The API answered GET ${MAINTENANCES}/apps/app-id-1 with an unexpected body.`})
  })

  it('info: GET /data/maintenances/v1/{addon_id}, the id escaped', async () => {
    data.get(`${MAINTENANCES}/addon%2F1`).reply(200, aMaintenance())
    expect(await (await apis()).data.info('addon/1')).to.deep.equal(aMaintenance())
  })

  for (const [what, answer] of [['no status', {addon: {}}], ['no addon', {status: 'ready'}], ['an empty body', '']] as const) {
    it(`info refuses a maintenance with ${what}`, async () => {
      data.get(`${MAINTENANCES}/addon-id-1`).reply(200, answer)
      expect((await failure((await apis()).data.info('addon-id-1'))).id).to.equal('invalid_response')
    })
  }

  it('run: POST /data/maintenances/v1/{addon_id}/run with no body, sent once', async () => {
    let body = 'unset'
    data.post(`${MAINTENANCES}/addon-id-1/run`).reply(200, function (_path, requestBody) {
      body = requestBody as string
      expect(this.req.headers).not.to.have.property('content-type')
      return aMaintenance({status: 'running'})
    })
    expect(await (await apis()).data.run('addon-id-1')).to.deep.equal(aMaintenance({status: 'running'}))
    expect(body).to.equal('')
  })

  it('run accepts an answer that is only a message', async () => {
    data.post(`${MAINTENANCES}/addon-id-1/run`).reply(200, {message: 'Maintenance started.'})
    expect(await (await apis()).data.run('addon-id-1')).to.deep.equal({message: 'Maintenance started.'})
  })

  it('run refuses an answer that is neither', async () => {
    data.post(`${MAINTENANCES}/addon-id-1/run`).reply(200, {ok: true})
    expect((await failure((await apis()).data.run('addon-id-1'))).id).to.equal('invalid_response')
  })

  it('run is not retried on a 500', async () => {
    data.post(`${MAINTENANCES}/addon-id-1/run`).reply(500, {id: 'internal_server_error', message: 'Boom.'})
    const error = await failure((await apis()).data.run('addon-id-1'))
    expect({message: error.message, status: error.status}).to.deep.equal({message: 'Boom. (500 Internal Server Error). It was sent once and not retried: check whether it took effect before trying again.', status: 500})
  })

  for (const weeks of [2, -1, 0]) {
    it(`schedule(${weeks}): POST .../schedule with delay_weeks as the string "${weeks}"`, async () => {
      data.post(`${MAINTENANCES}/addon-id-1/schedule`, {delay_weeks: String(weeks)}).reply(200, aMaintenance())
      expect(await (await apis()).data.schedule('addon-id-1', weeks)).to.deep.equal(aMaintenance())
    })
  }

  it('history: GET .../history/?limit=N', async () => {
    data.get(`${MAINTENANCES}/addon-id-1/history/`).query({limit: '5'}).reply(200, {maintenances: [aMaintenance({status: 'completed'})]})
    expect(await (await apis()).data.history('addon-id-1', 5)).to.deep.equal([aMaintenance({status: 'completed'})])
  })

  it('history sends the exact path the API expects', async () => {
    data.get(`${MAINTENANCES}/addon-id-1/history/?limit=20`).reply(200, {maintenances: []})
    expect(await (await apis()).data.history('addon-id-1', 20)).to.deep.equal([])
  })

  it('history refuses an answer without a maintenances list', async () => {
    data.get(`${MAINTENANCES}/addon-id-1/history/?limit=20`).reply(200, {maintenances: null})
    expect((await failure((await apis()).data.history('addon-id-1', 20))).id).to.equal('invalid_response')
  })

  it('window: GET .../window', async () => {
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, aWindow())
    expect(await (await apis()).data.window('addon-id-1')).to.deep.equal(aWindow())
  })

  it('window refuses an answer without a window field', async () => {
    data.get(`${MAINTENANCES}/addon-id-1/window`).reply(200, {scheduled_at: null})
    expect((await failure((await apis()).data.window('addon-id-1'))).id).to.equal('invalid_response')
  })

  it('updateWindow: POST .../window with day_of_week and time_of_day', async () => {
    const window = aWindow({previous_window: 'Fridays 18:00 to 22:00 UTC', window: 'Sundays 14:30 to 18:30 UTC'})
    data.post(`${MAINTENANCES}/addon-id-1/window`, {day_of_week: 'sunday', time_of_day: '14:30'}).reply(200, window)
    expect(await (await apis()).data.updateWindow('addon-id-1', {day_of_week: 'sunday', time_of_day: '14:30'})).to.deep.equal(window)
  })

  it('updateWindow is not retried on a dropped connection', async () => {
    data.post(`${MAINTENANCES}/addon-id-1/window`).replyWithError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}))
    data.post(`${MAINTENANCES}/addon-id-1/window`).reply(200, aWindow())
    const error = await failure((await apis()).data.updateWindow('addon-id-1', {day_of_week: 'sunday', time_of_day: '14:30'}))
    expect(error.id).to.equal('network_error')
    expect(data.pendingMocks()).to.have.length(1)
    nock.cleanAll()
  })
})
