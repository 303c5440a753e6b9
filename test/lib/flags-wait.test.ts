import {expect} from 'chai'

import {ValidationError} from '../../src/lib/errors.js'
import {parseInterval, parseTimeout, waitTiming} from '../../src/lib/flags.js'

describe('wait flags', () => {
  it('default to a 5s interval and no timeout', () => {
    expect(waitTiming({})).to.deep.equal({interval: 5000, timeout: undefined})
  })

  it('read durations', () => {
    expect(waitTiming({interval: parseInterval('1s'), timeout: parseTimeout('1h30m')})).to.deep.equal({interval: 1000, timeout: 5_400_000})
  })

  it('refuse an interval under a second', () => {
    expect(() => parseInterval('500ms')).to.throw(ValidationError, '--interval "500ms" is too short: poll at most once a second (1s or more).')
  })

  it('refuse what is not a duration', () => {
    expect(() => parseTimeout('soon')).to.throw(ValidationError, '--timeout "soon" is not a duration')
    expect(() => parseInterval('often')).to.throw(ValidationError, '--interval "often" is not a duration')
  })
})
