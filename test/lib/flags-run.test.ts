import {expect} from 'chai'

import {ValidationError} from '../../src/lib/errors.js'
import {parseConfirm, parseInterval, runWaitTiming} from '../../src/lib/flags.js'

describe('parseConfirm', () => {
  it('refuses an empty --confirm', () => {
    expect(() => parseConfirm('')).to.throw(ValidationError, '--confirm is empty: pass the name of the app the add-on belongs to, e.g. --confirm example-app.')
    expect(() => parseConfirm('  ')).to.throw(ValidationError, '--confirm is empty')
  })

  it('keeps an app name as given', () => {
    expect(parseConfirm('example-app')).to.equal('example-app')
  })
})

describe('runWaitTiming', () => {
  it('accepts no flags and does not wait', () => {
    expect(runWaitTiming({wait: false})).to.equal(undefined)
  })

  it('gives the default timing with --wait', () => {
    expect(runWaitTiming({wait: true})).to.deep.equal({interval: 5000, timeout: undefined})
  })

  it('reads --timeout and --interval with --wait', () => {
    expect(runWaitTiming({interval: 10_000, timeout: 1_800_000, wait: true})).to.deep.equal({interval: 10_000, timeout: 1_800_000})
  })

  it('refuses --timeout and --interval without --wait', () => {
    expect(() => runWaitTiming({timeout: 1_800_000, wait: false})).to.throw(ValidationError, '--timeout only applies with --wait (or --maintenance-mode): add --wait, or leave it out.')
    expect(() => runWaitTiming({interval: 5000, timeout: 1_800_000, wait: false})).to.throw(
      ValidationError,
      '--timeout and --interval only apply with --wait (or --maintenance-mode): add --wait, or leave them out.',
    )
  })

  it('waits with --maintenance-mode, which takes --timeout and --interval without --wait', () => {
    expect(runWaitTiming({'maintenance-mode': true, wait: false})).to.deep.equal({interval: 5000, timeout: undefined})
    expect(runWaitTiming({interval: 2000, 'maintenance-mode': true, timeout: 600_000, wait: false})).to.deep.equal({interval: 2000, timeout: 600_000})
  })

  it('refuses --confirm with --maintenance-mode', () => {
    expect(() => runWaitTiming({confirm: 'example-app', 'maintenance-mode': true, wait: false})).to.throw(
      ValidationError,
      '--confirm and --maintenance-mode were both given: use one of them (with --maintenance-mode the app is in maintenance mode, so no --confirm is needed).',
    )
  })

  it('refuses a bad duration with --wait (the flag\'s parser)', () => {
    expect(() => parseInterval('200ms')).to.throw(ValidationError, '--interval "200ms" is too short')
  })
})

