import {expect} from 'chai'

import {ValidationError} from '../../../src/lib/errors.js'
import {approximateDuration, formatElapsed, parseDuration} from '../../../src/lib/format/duration.js'

describe('format/duration', () => {
  describe('approximateDuration', () => {
    const cases: Array<[null | number | string | undefined, string | undefined]> = [
      [0, '~ 0 seconds'],
      [1, '~ 1 second'],
      ['45', '~ 45 seconds'],
      [89, '~ 89 seconds'],
      [90, '~ 2 minutes'],
      ['186', '~ 3 minutes'],
      [60 * 60, '~ 60 minutes'],
      [5399, '~ 90 minutes'],
      [5400, '~ 1.5 hours'],
      [7200, '~ 2 hours'],
      [35_640, '~ 9.9 hours'],
      [37_000, '~ 10 hours'],
      [null, undefined],
      [undefined, undefined],
      ['', undefined],
      ['abc', undefined],
      [-1, undefined],
    ]
    for (const [seconds, expected] of cases) {
      it(`${JSON.stringify(seconds)} → ${JSON.stringify(expected)}`, () => {
        expect(approximateDuration(seconds)).to.equal(expected)
      })
    }
  })

  describe('parseDuration', () => {
    it('refuses a duration longer than a timer can wait, and an infinite one', () => {
      expect(parseDuration('576h', '--timeout')).to.equal(576 * 3_600_000)
      expect(() => parseDuration('577h', '--timeout')).to.throw('--timeout "577h" is too long: at most 24 days (24d, 576h).')
      expect(parseDuration('24d', '--timeout')).to.equal(576 * 3_600_000)
      expect(() => parseDuration('25d', '--timeout')).to.throw('--timeout "25d" is too long: at most 24 days (24d, 576h).')
      expect(() => parseDuration(`${'9'.repeat(400)}s`, '--interval')).to.throw('is too long')
    })

    const valid: Array<[string, number]> = [
      ['90s', 90_000],
      ['30m', 1_800_000],
      ['2h', 7_200_000],
      ['1h30m', 5_400_000],
      ['500ms', 500],
      ['2d', 172_800_000],
      ['1d12h', 129_600_000],
      ['1.5h', 5_400_000],
      [' 2H ', 7_200_000],
    ]
    for (const [text, ms] of valid) {
      it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => {
        expect(parseDuration(text, '--timeout')).to.equal(ms)
      })
    }

    const notADuration = ['-1', 'abc', '10', '', '1h 30m', '5days', 'd']
    for (const text of notADuration) {
      it(`refuses ${JSON.stringify(text)} as not a duration`, () => {
        expect(() => parseDuration(text, '--timeout')).to.throw(
          ValidationError,
          `--timeout ${JSON.stringify(text)} is not a duration: use a positive number with a unit, such as 90s, 30m, 2h or 1h30m.`,
        )
      })
    }

    for (const text of ['0s', '0ms', '0h0m']) {
      it(`refuses ${JSON.stringify(text)} as not greater than zero`, () => {
        expect(() => parseDuration(text, '--interval')).to.throw(
          ValidationError,
          `--interval ${JSON.stringify(text)} must be greater than zero (for example 90s, 30m, 2h).`,
        )
      })
    }
  })

  describe('formatElapsed', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [-5000, '0s'],
      [499, '0s'],
      [500, '1s'],
      [59_000, '59s'],
      [60_000, '1m 0s'],
      [125_000, '2m 5s'],
      [3_600_000, '1h 0m 0s'],
      [3_723_000, '1h 2m 3s'],
    ]
    for (const [ms, expected] of cases) {
      it(`${ms} ms → ${expected}`, () => {
        expect(formatElapsed(ms)).to.equal(expected)
      })
    }
  })
})
