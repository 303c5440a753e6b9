import {expect} from 'chai'
import {DateTime} from 'luxon'

import {parseSeconds, timeSortKey, utcText} from '../../../src/lib/maintenance/time.js'

describe('maintenance/time', () => {
  describe('utcText', () => {
    it('names an instant in UTC to the second, whatever its zone', () => {
      expect(utcText(DateTime.fromISO('2026-11-27T19:00:30.900+01:00', {setZone: true}))).to.equal('2026-11-27 18:00:30 UTC')
      expect(utcText(DateTime.utc(2027, 1, 1))).to.equal('2027-01-01 00:00:00 UTC')
    })
  })

  describe('parseSeconds (the one reader of duration_seconds)', () => {
    it('reads the API string or a number as seconds', () => {
      expect(['186', '0.5', '0', 42].map(value => parseSeconds(value))).to.deep.equal([186, 0.5, 0, 42])
    })

    it('is undefined for what is not a duration', () => {
      expect([null, undefined, '', 'soon', '-5', 'Infinity', Number.NaN].map(value => parseSeconds(value))).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined, undefined])
    })
  })

  it('timeSortKey sorts the two API forms as one clock', () => {
    expect(timeSortKey('2026-11-27 18:00:00 +0000')).to.equal(timeSortKey('2026-11-27T19:00:00+01:00'))
  })
})
