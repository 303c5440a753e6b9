import {expect} from 'chai'

import {isKnownStatus, isNotStarted, NOT_STARTED} from '../../../src/lib/maintenance/status.js'

describe('maintenance/status', () => {
  const table: Array<[string, boolean, boolean]> = [
    // status, known, not started
    ['none', true, false],
    ['pending', true, true],
    ['preparing', true, true],
    ['ready', true, true],
    ['running', true, false],
    ['completed', true, false],
    ['failed', false, false],
    ['READY', false, false],
    ['', false, false],
  ]
  for (const [status, known, notStarted] of table) {
    it(`${JSON.stringify(status)}: known=${known}, not started=${notStarted}`, () => {
      expect(isKnownStatus(status)).to.equal(known)
      expect(isNotStarted(status)).to.equal(notStarted)
    })
  }

  it('lists the not-started statuses in lifecycle order', () => {
    expect(NOT_STARTED).to.deep.equal(['pending', 'preparing', 'ready'])
  })
})
