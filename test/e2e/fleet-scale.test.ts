import {expect} from 'chai'

import {withSandbox} from '../helpers/sandbox.js'

// The fleet view at account scale, against the sandbox's paging and rate limit as the Platform API keeps them.
describe('e2e: the fleet view of 1000 apps (--seed fleet:1000)', function () {
  this.timeout(180_000)

  it('reads GET /apps in one page (the client asks for 1000, the largest; the default would be 5 pages of 200) and lists all 2000 add-ons', async () => {
    await withSandbox({sandboxArgs: ['--seed', 'fleet:1000']}, async session => {
      const {code, stderr, stdout} = await session.cli(['data:maintenances', '--all', '--json'])
      expect(code, stderr).to.equal(0)
      const rows = JSON.parse(stdout) as Array<{addon: {name: string}; app: {name: string}}>
      expect(rows).to.have.length(2000)
      expect(new Set(rows.map(row => row.app.name)).size).to.equal(1000)
      const log = await session.requests()
      const appPages = log.filter(entry => entry.method === 'GET' && entry.path === '/apps')
      expect(appPages.map(entry => entry.status)).to.deep.equal([200])
      expect(log.filter(entry => entry.status === 429)).to.deep.equal([])
    })
  })

  it('stops at the rate-limit reserve: prints what was read, counts the apps not read, exit 2, never refused by the API', async () => {
    await withSandbox({sandboxArgs: ['--seed', 'fleet:1000', '--rate-limit', '400']}, async session => {
      const {code, stderr, stdout} = await session.cli(['data:maintenances', '--all', '--columns', 'app,addon,status'])
      expect(code).to.equal(2)
      const notRead = /(\d+) of 1000 apps were not read/.exec(stderr)
      expect(notRead, stderr).to.not.equal(null)
      const missing = Number(notRead![1])
      // About 400 - 100 (the reserve) - 1 (the page of /apps) apps were read; a few more may have been in flight.
      expect(missing).to.be.within(600, 720)
      const printedApps = new Set(stdout.split('\n').slice(2).map(line => line.split(/\s+/)[0]).filter(Boolean))
      expect(printedApps.size).to.be.at.least(1000 - missing - 20).and.at.most(1000 - missing)
      const log = await session.requests()
      expect(log.filter(entry => entry.status === 429), 'requests refused by the rate limit').to.deep.equal([])
    })
  })
})
