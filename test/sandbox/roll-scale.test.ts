import {expect} from 'chai'

import {rollFleet} from '../../bench/fleet-roll-run.js'

// The bench's measure at its smallest size (bench/fleet-roll.ts runs 10000 and 100000 add-ons too).
describe('sandbox fleet roll at scale', () => {
  it('rolls fleet:500 (1000 add-ons) to the end on the manual clock within the rules, in seconds', async function () {
    this.timeout(60_000)
    const measure = await rollFleet(500)
    expect(measure).to.include({addons: 1000, concurrency: 10, status: 'completed', operations_outside_on_call: 0})
    expect(measure.max_concurrency_seen).to.equal(10)
    expect(measure.simulated_days).to.be.below(35)
    // Held add-ons are those whose own required_by leaves no slot (see the README); few of them.
    expect(measure.paged).to.be.below(1000 * 0.05)
    expect(measure.wall_ms).to.be.below(30_000)
  })
})
