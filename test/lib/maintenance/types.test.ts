import {expect} from 'chai'

import {isMaintenance} from '../../../src/lib/maintenance/types.js'
import {aMaintenance} from '../../helpers/fixtures.js'

describe('maintenance/types isMaintenance', () => {
  it('holds for a maintenance: a status and the add-on by name', () => {
    expect(isMaintenance(aMaintenance())).to.equal(true)
    expect(isMaintenance({addon: {name: 'redis-lively-12345'}, status: 'some-new-state'})).to.equal(true)
  })

  for (const [what, value] of [
    ['a message alone', {message: 'Maintenance started.'}],
    ['a status without the add-on', {message: 'Started.', status: 'running'}],
    ['an add-on without a name', {addon: {}, status: 'running'}],
    ['an add-on that is a list', {addon: ['redis-lively-12345'], status: 'running'}],
    ['a status that is not a string', {addon: {name: 'redis-lively-12345'}, status: 3}],
    ['a list', [aMaintenance()]],
    ['null', null],
    ['a string', 'running'],
  ] as const) {
    it(`does not hold for ${what}`, () => {
      expect(isMaintenance(value)).to.equal(false)
    })
  }
})
