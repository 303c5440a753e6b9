import {expect} from 'chai'

import {sleep} from '../../src/lib/sleep.js'

/** A signal that counts the abort listeners still registered on it. */
function countedSignal() {
  const controller = new AbortController()
  const {signal} = controller
  const counter = {listeners: 0}
  const add = signal.addEventListener.bind(signal)
  const remove = signal.removeEventListener.bind(signal)
  signal.addEventListener = ((...args: Parameters<typeof add>) => {
    counter.listeners++
    add(...args)
  }) as typeof add
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    counter.listeners--
    remove(...args)
  }) as typeof remove
  return {controller, counter, signal}
}

describe('sleep', () => {
  it('resolves after the pause, and then leaves no abort listener behind', async () => {
    const {counter, signal} = countedSignal()
    const started = Date.now()
    await sleep(30, signal)

    expect(Date.now() - started).to.be.at.least(25)
    expect(counter.listeners).to.equal(0)
  })

  it('resolves at once, without an error, when the signal is already aborted', async () => {
    const started = Date.now()
    await sleep(3_600_000, AbortSignal.abort())

    expect(Date.now() - started).to.be.below(1000)
  })

  it('ends early, without an error, when the signal aborts during the pause, and leaves no listener behind', async () => {
    const {controller, counter, signal} = countedSignal()
    const started = Date.now()
    const sleeping = sleep(3_600_000, signal)
    controller.abort()
    await sleeping

    expect(Date.now() - started).to.be.below(1000)
    expect(counter.listeners).to.equal(0)
  })
})
