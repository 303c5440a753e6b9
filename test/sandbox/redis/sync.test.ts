import {expect} from 'chai'
import {type OffsetSource, type SyncTiming, waitForStandbySync} from 'heroku-data-maintenance-sandbox/redis/failover'

/** A clock that moves only when the code under test sleeps. */
function fakeTiming(): SyncTiming & {sleeps: number[]} {
  let now = 1_000_000
  const sleeps: number[] = []
  return {
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
  }
}

/** An INFO source that replays the standby's offsets, one per poll (the last one repeats). */
function replay(primary: number, standby: Array<{linkUp: boolean; offset: number}>): OffsetSource & {polls: number} {
  const source = {
    polls: 0,
    async primaryOffset() {
      return primary
    },
    async standby() {
      const answer = standby[Math.min(source.polls, standby.length - 1)]
      source.polls++
      return answer
    },
  }
  return source
}

describe('sandbox redis: waiting for the standby to be in sync', () => {
  it('reports in sync as soon as the standby has applied the primary offset, with its link up', async () => {
    const timing = fakeTiming()
    const source = replay(500, [{linkUp: true, offset: 100}, {linkUp: true, offset: 400}, {linkUp: true, offset: 500}])
    const result = await waitForStandbySync(source, {pollMs: 10, timeoutMs: 5000}, timing)
    expect(result).to.deep.equal({inSync: true, offset: 500, waitedMs: 20})
    expect(source.polls).to.equal(3)
    expect(timing.sleeps).to.deep.equal([10, 10])
  })

  it('never reports a lagging standby in sync: after the bound it says how far behind it was', async () => {
    const timing = fakeTiming()
    const source = replay(1540, [{linkUp: true, offset: 1200}])
    const result = await waitForStandbySync(source, {pollMs: 100, timeoutMs: 5000}, timing)
    expect(result).to.deep.equal({
      detail: "the standby had replicated up to offset 1200, 340 bytes behind the primary's 1540 after 5000 ms",
      inSync: false,
      waitedMs: 5000,
    })
    expect(source.polls).to.equal(51)
    expect(timing.sleeps.reduce((sum, ms) => sum + ms, 0)).to.equal(5000)
  })

  it('does not count a standby whose link is down as in sync, even at the same offset', async () => {
    const timing = fakeTiming()
    const result = await waitForStandbySync(replay(800, [{linkUp: false, offset: 800}]), {timeoutMs: 50}, timing)
    expect(result).to.deep.equal({
      detail: "the standby's link to the primary was down (standby offset 800, primary offset 800) after 50 ms",
      inSync: false,
      waitedMs: 50,
    })
  })

  it('gives up on a standby that does not answer at all', async () => {
    const source: OffsetSource = {primaryOffset: async () => 10, standby: () => new Promise(() => {})}
    const started = Date.now()
    const result = await waitForStandbySync(source, {timeoutMs: 60})
    expect(result.inSync).to.equal(false)
    expect(result).to.have.property('detail').that.matches(/^the standby did not answer after \d+ ms$/)
    expect(Date.now() - started).to.be.lessThan(1000)
  })

  it('keeps asking a standby that cannot be read, and says why it could not', async () => {
    const timing = fakeTiming()
    let calls = 0
    const source: OffsetSource = {
      primaryOffset: async () => 10,
      async standby() {
        calls++
        if (calls < 3) throw new Error('connection refused')
        return {linkUp: true, offset: 10}
      },
    }
    expect(await waitForStandbySync(source, {pollMs: 5, timeoutMs: 100}, timing)).to.deep.equal({inSync: true, offset: 10, waitedMs: 10})
    const never: OffsetSource = {primaryOffset: async () => 10, standby: () => Promise.reject(new Error('connection refused'))}
    expect(await waitForStandbySync(never, {pollMs: 5, timeoutMs: 20}, fakeTiming())).to.deep.equal({
      detail: 'the standby could not be read (connection refused) after 20 ms',
      inSync: false,
      waitedMs: 20,
    })
    const primaryDown: OffsetSource = {primaryOffset: () => Promise.reject(new Error('NOAUTH')), standby: async () => ({linkUp: true, offset: 0})}
    expect(await waitForStandbySync(primaryDown, {pollMs: 5, timeoutMs: 5}, fakeTiming())).to.have.property('detail', 'the primary could not be read (NOAUTH) after 5 ms')
  })

  it('gives up on a primary that does not answer, without asking the standby', async () => {
    let asked = false
    const source: OffsetSource = {
      primaryOffset: () => new Promise(() => {}),
      async standby() {
        asked = true
        return {linkUp: true, offset: 0}
      },
    }
    const result = await waitForStandbySync(source, {timeoutMs: 40})
    expect(result).to.have.property('detail').that.matches(/^the primary did not answer after \d+ ms$/)
    expect(asked).to.equal(false)
  })
})
