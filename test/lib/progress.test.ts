import {expect} from 'chai'

import {type Spinner, step} from '../../src/lib/progress.js'

/** Records what the spinner was told, in order. */
function fakeSpinner() {
  const calls: string[] = []
  const spinner: Spinner = {
    pause: write => write(),
    running: false,
    start: text => calls.push(`start ${text}`),
    status: text => calls.push(`status ${text}`),
    stop: text => calls.push(`stop ${text ?? 'done'}`),
  }
  return {calls, spinner}
}

/** What the work wrote on stderr while it ran. */
async function stderrOf(work: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string) => {
    chunks.push(String(chunk))
    return true
  }) as typeof process.stderr.write
  try {
    await work().catch(() => {})
  } finally {
    process.stderr.write = write
  }

  return chunks.join('')
}

describe('progress step', () => {
  it('runs the work behind the spinner, stopped with done', async () => {
    const {calls, spinner} = fakeSpinner()

    expect(await step(spinner, 'Starting maintenance for redis-x', async () => 42)).to.equal(42)
    expect(calls).to.deep.equal(['start Starting maintenance for redis-x', 'stop done'])
  })

  it('stops the spinner with failed and lets the error through', async () => {
    const {calls, spinner} = fakeSpinner()
    const boom = new Error('boom')

    const error = await step(spinner, 'Enabling maintenance mode for example-app', async () => {
      throw boom
    }).catch(error_ => error_)

    expect(error).to.equal(boom)
    expect(calls).to.deep.equal(['start Enabling maintenance mode for example-app', 'stop failed'])
  })

  it('writes plain `text... done` and `text... failed` lines without a spinner', async () => {
    expect(await stderrOf(() => step(null, 'Starting maintenance for redis-x', async () => 1))).to.equal('Starting maintenance for redis-x... done\n')
    expect(await stderrOf(() => step(null, 'Starting maintenance for redis-x', async () => {
      throw new Error('boom')
    }))).to.equal('Starting maintenance for redis-x... failed\n')
  })
})
