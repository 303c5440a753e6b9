import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {ROOT} from '../helpers/sandbox.js'

const run = promisify(execFile)

describe('npm run demo', () => {
  it('runs every step as shown and prints no Redis password', async function () {
    this.timeout(180_000)
    const {stdout} = await run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {cwd: ROOT, maxBuffer: 16 * 1024 * 1024})
    expect(stdout).to.include('Demo finished: every command behaved as shown.')
    expect(stdout).to.match(/REDIS_URL before: redis:\/\/[^\s]*\[REDACTED\]@/)
    // Any user:password@ in a URL must be the masked form.
    const exposed = stdout.match(/[a-z]+:\/\/[^\s:/@]*:(?!\[REDACTED\]@)[^\s@/]+@/gi)
    expect(exposed, 'URLs with a password in the demo output').to.equal(null)
  })
})
