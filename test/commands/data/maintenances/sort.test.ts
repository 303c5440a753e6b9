import {expect} from 'chai'
import nock from 'nock'

import type {Maintenance} from '../../../../src/lib/maintenance/types.js'

import {dataApi, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anApp} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'

const redis = aMaintenance()
const postgres = aMaintenance({
  addon: {attachments: ['DATABASE_URL'], kind: 'heroku-postgresql', name: 'postgresql-shaped-11111', plan: 'standard-0', uuid: 'addon-id-2', window: 'Sundays 14:30 to 18:30 UTC'},
  required_by: '2026-11-20T10:00:00.000+00:00',
  scheduled_for: null,
  status: 'pending',
  window: 'Sundays 14:30 to 18:30 UTC',
})
const tiny = aMaintenance({
  addon: {attachments: ['CACHE_URL'], kind: 'heroku-redis', name: 'redis-tiny-54321', plan: 'mini', uuid: 'addon-id-3', window: null},
  required_by: null,
  status: 'none',
  window: null,
})

describe('data:maintenances --sort with a leading - (descending) for every column', () => {
  let platform: nock.Scope
  let data: nock.Scope

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
  })

  afterEach(() => {
    platform.done()
    data.done()
  })

  async function order(sort: string[]): Promise<string[]> {
    platform.get('/apps/example-app').reply(200, anApp())
    data.get(`${MAINTENANCES}/apps/app-id-1`).reply(200, {maintenances: [tiny, redis, postgres]})
    const {exitCode, result, stderr, stdout} = await run<Maintenance[]>(['data:maintenances', '-a', 'example-app', ...sort, '--json'])
    expect(exitCode, `${stderr}${stdout}`).to.equal(0)
    return result!.map(m => m.addon.name)
  }

  for (const key of ['addon', 'attachments', 'window', 'status', 'required_by', 'scheduled_for', 'kind', 'plan']) {
    it(`--sort -${key} (two arguments) and --sort=-${key} sort like ${key}:desc`, async () => {
      const expected = await order(['--sort', `${key}:desc`])
      expect(await order(['--sort', `-${key}`])).to.deep.equal(expected)
      expect(await order([`--sort=-${key}`])).to.deep.equal(expected)
    })
  }

  for (const key of ['addon', 'attachments', 'plan', 'status']) {
    it(`--sort -${key} is the reverse of --sort ${key} when every value differs`, async () => {
      const ascending = await order(['--sort', key])
      expect(await order(['--sort', `-${key}`])).to.deep.equal(ascending.toReversed())
    })
  }

  it('reads --sort -attachments as the sort, not as -a ttachments', async () => {
    // REDIS_URL, DATABASE_URL, CACHE_URL
    expect(await order(['--sort', '-attachments'])).to.deep.equal(['redis-lively-12345', 'postgresql-shaped-11111', 'redis-tiny-54321'])
  })

  it('--sort -required_by puts the latest first and add-ons without one last', async () => {
    expect(await order(['--sort', '-required_by'])).to.deep.equal(['redis-lively-12345', 'postgresql-shaped-11111', 'redis-tiny-54321'])
  })
})
