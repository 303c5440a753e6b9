import {expect} from 'chai'

import {rollFleet} from '../../bench/fleet-roll-run.js'

/** What the world may hold per add-on after a roll (it held 9.4 KiB before a roll's steps became a log of numbers and its strings were flattened and shared). */
const WORLD_BYTES_PER_ADDON = 4 * 1024

// The bench's measure at its two smaller sizes (bench/fleet-roll.ts runs 100000 add-ons too).
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

  it(`rolls fleet:5000 (10000 add-ons) holding under ${WORLD_BYTES_PER_ADDON / 1024} KiB per add-on once done`, async function () {
    this.timeout(120_000)
    const measure = await rollFleet(5000)
    expect(measure).to.include({addons: 10_000, status: 'completed', operations_outside_on_call: 0})
    expect(measure.world_bytes_per_addon).to.be.above(0)
    expect(measure.world_bytes_per_addon).to.be.below(WORLD_BYTES_PER_ADDON)
  })
})
