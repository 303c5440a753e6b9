import {expect} from 'chai'

import {withInterruptSignal} from '../../src/lib/interrupt.js'

describe('withInterruptSignal', () => {
  let hostHandlerCalls = 0
  // What the Heroku CLI installs before any plugin runs: a SIGINT handler that exits the process at once.
  const hostHandler = () => {
    hostHandlerCalls++
  }

  let before: unknown[] = []

  beforeEach(() => {
    hostHandlerCalls = 0
    before = process.rawListeners('SIGINT')
    process.on('SIGINT', hostHandler)
  })

  afterEach(() => {
    process.off('SIGINT', hostHandler)
    expect(process.rawListeners('SIGINT')).to.deep.equal(before)
  })

  it('aborts the signal on SIGINT as the only handler, and puts the others back afterwards', async () => {
    let aborted = false

    await withInterruptSignal(async signal => {
      expect(process.listeners('SIGINT')).to.have.length(1)
      process.emit('SIGINT')
      aborted = signal.aborted
    })

    expect(aborted).to.equal(true)
    expect(hostHandlerCalls).to.equal(0)
    process.emit('SIGINT')
    expect(hostHandlerCalls).to.equal(1)
  })

  it('keeps the work going through a second Ctrl-C (what must be undone still is), and only then lets the host have SIGINT', async () => {
    const seen: string[] = []

    const result = await withInterruptSignal(async signal => {
      process.emit('SIGINT')
      seen.push(`aborted ${signal.aborted}`)
      process.emit('SIGINT')
      seen.push(`still running, host called ${hostHandlerCalls} times`)
      return 'switched back off'
    })

    expect(result).to.equal('switched back off')
    expect(seen).to.deep.equal(['aborted true', 'still running, host called 0 times'])
  })

  it('puts the other handlers back when the work fails, once() ones still once', async () => {
    let onceCalls = 0
    process.once('SIGINT', () => {
      onceCalls++
    })

    let error: unknown
    try {
      await withInterruptSignal(async () => {
        throw new Error('nope')
      })
    } catch (error_) {
      error = error_
    }

    expect((error as Error).message).to.equal('nope')
    process.emit('SIGINT')
    process.emit('SIGINT')
    expect(onceCalls).to.equal(1)
    expect(hostHandlerCalls).to.equal(2)
  })
})
