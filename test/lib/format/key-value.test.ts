import {expect} from 'chai'

import {palette} from '../../../src/lib/format/color.js'
import {renderKeyValues} from '../../../src/lib/format/key-value.js'

describe('format/key-value', () => {
  it('prints `key: value` lines sorted by key', () => {
    expect(renderKeyValues({status: 'ready', addon_name: 'redis-1', method: 'failover'}))
    .to.equal('addon_name: redis-1\nmethod: failover\nstatus: ready')
  })

  it('keeps the given order with sort: false', () => {
    expect(renderKeyValues({Plan: 'Premium 7', Maintenance: 'not required'}, {sort: false}))
    .to.equal('Plan: Premium 7\nMaintenance: not required')
  })

  it('prints nothing for no values', () => {
    expect(renderKeyValues({})).to.equal('')
  })

  it('colours the values of the keys given roles, and only with colours on', () => {
    const values = {addon_name: 'redis-1', method: 'failover', status: 'ready'}
    const roles = {addon_name: 'addon', status: 'status'} as const
    expect(renderKeyValues(values, {colors: palette(1), roles}))
    .to.equal('addon_name: \u001B[33mredis-1\u001B[39m\nmethod: failover\nstatus: \u001B[33mready\u001B[39m')
    expect(renderKeyValues(values, {colors: palette(0), roles})).to.equal('addon_name: redis-1\nmethod: failover\nstatus: ready')
  })
})
