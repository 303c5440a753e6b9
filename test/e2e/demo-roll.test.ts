import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {ROOT} from '../helpers/sandbox.js'

const run = promisify(execFile)

describe('npm run demo:roll', () => {
  it('rolls a small fleet: one owner runs early through the plugin, the service does the rest, progress on stderr, summary on stdout', async function () {
    this.timeout(180_000)
    const {stderr, stdout} = await run(process.execPath, ['--import', 'tsx', 'scripts/demo-roll.ts'], {cwd: ROOT, maxBuffer: 16 * 1024 * 1024})
    expect(stdout).to.match(/^Roll \S+: completed in \d+\.\d simulated days\.$/m)
    expect(stdout).to.match(/^redis-fleet-001 +heroku-redis:premium-0 +scheduled \S+ +completed \S+ +by owner$/m)
    expect(stdout).to.include('Run early by their owner: 1; by the service: 11; paged: 0.')
    expect(stdout).to.include('Most operations at once: 2 (limit 2); started outside on-call hours: 0.')
    expect(stdout).to.include('Demo finished: the fleet is on the new image.')
    expect(stdout).to.not.include('replacing_standbys')
    expect(stderr).to.include('$ heroku-data-maintenance data:maintenances:run REDIS_URL -a fleet-app-001 --confirm fleet-app-001')
    expect(stderr).to.match(/^\[\S+Z\] replacing_standbys +standbys replaced 0\/11/m)
  })
})
