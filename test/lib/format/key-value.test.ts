import {expect} from 'chai'

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
})
