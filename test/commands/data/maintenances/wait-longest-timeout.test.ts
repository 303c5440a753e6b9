import {expect} from 'chai'
import nock from 'nock'

import type {WaitRuntime} from '../../../../src/lib/maintenance/wait.js'

import {dataApi, expectResolve, MAINTENANCES, platformApi} from '../../../helpers/api.js'
import {aMaintenance, anAddon} from '../../../helpers/fixtures.js'
import {run} from '../../../helpers/run.js'

const ARGV = ['data:maintenances:wait', 'REDIS_URL', '--app', 'example-app']

describe('data:maintenances:wait --timeout at its longest (24d)', () => {
  let platform: nock.Scope
  let data: nock.Scope
  let runtime: WaitRuntime
  let original: WaitRuntime

  before(async () => {
    ({waitRuntime: runtime} = await import('../../../../src/lib/maintenance/wait.js'))
    original = {...runtime}
  })

  beforeEach(() => {
    platform = platformApi()
    data = dataApi()
    let clock = Date.parse('2026-11-27T18:00:00.000Z')
    runtime.now = () => clock
    runtime.sleep = async ms => {
      clock += ms
    }
  })

  afterEach(() => {
    Object.assign(runtime, original)
    platform.done()
    data.done()
  })

  it('waits with the real deadline timer: a poll that takes 50 ms is answered, not cut short by an overflowed timer', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      expectResolve(platform, {addon: 'REDIS_URL', app: 'example-app'}, [anAddon()])
      data.get(`${MAINTENANCES}/addon-id-1`).delay(50).reply(200, aMaintenance({status: 'running'}))
      data.get(`${MAINTENANCES}/addon-id-1`).delay(50).reply(200, aMaintenance({status: 'completed'}))

      const {exitCode, stderr} = await run([...ARGV, '--timeout', '24d', '--interval', '30s'])

      expect(exitCode, stderr).to.equal(0)
      expect(stderr).to.match(/redis-lively-12345: running\n.*redis-lively-12345: completed\n$/)
    } finally {
      process.off('warning', onWarning)
    }

    expect(warnings).to.not.include('TimeoutOverflowWarning')
  })

  it('refuses 25d in one line, exit 1, before any request', async () => {
    const {exitCode, stderr} = await run([...ARGV, '--timeout', '25d'])

    expect(exitCode).to.equal(1)
    expect(stderr).to.equal('Error: --timeout "25d" is too long: at most 24 days (24d, 576h).\n')
  })
})
