import type {Server} from 'node:http'

import {expect} from 'chai'

import {cliAgainst, timed} from '../helpers/cli.js'
import {closeServer, listen} from '../helpers/http-server.js'
import {TEST_TOKEN} from '../helpers/setup.js'

/** bin/run.js against the test's own server at HEROKU_HOST, and how long it took. */
async function runCli(args: string[], env: Record<string, string> & {HEROKU_HOST: string}) {
  const {ms, result} = await timed(() => cliAgainst(env.HEROKU_HOST, TEST_TOKEN, args, env))
  return {...result, ms}
}

describe('e2e: bounded reads (bin/run.js against a local server)', function () {
  this.timeout(60_000)

  describe('HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT against an API that accepts and never answers', () => {
    let server: Server
    let url: string
    let accepted: number

    before(async () => {
      accepted = 0
      const listening = await listen(() => {
        accepted++
      })
      server = listening.server
      url = listening.url
    })

    after(async () => {
      await closeServer(server)
    })

    it('ends the command with exit 2 within about the budget, saying what the budget is', async () => {
      const {code, ms, stderr, stdout} = await runCli(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'], {HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: '1.5', HEROKU_HOST: url})

      expect(code).to.equal(2)
      expect(stdout).to.equal('')
      expect(stderr).to.match(/^Error: No answer from 127\.0\.0\.1:\d+ for POST \/actions\/addons\/resolve \(Request timed out\)\. The command's reads may take 1\.5 s in all \(HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT\)\.\n$/)
      // Start-up, then 1.5 s, and not 3 attempts of it.
      expect(ms).to.be.within(1500, 4000)
    })

    for (const value of ['abc', '0', '-5']) {
      it(`refuses ${value} in one line, exit 1, sending nothing`, async () => {
        const before = accepted
        const {code, stderr, stdout} = await runCli(['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'], {HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT: value, HEROKU_HOST: url})

        expect(code).to.equal(1)
        expect(stdout).to.equal('')
        expect(stderr).to.equal(`Error: HEROKU_DATA_MAINTENANCE_HTTP_TIMEOUT "${value}" is not valid: give a positive number of seconds (such as 30 or 2.5), at most 2147483.\n`)
        expect(accepted).to.equal(before)
      })
    }
  })

  describe('the fleet view against falling RateLimit-Remaining and a paged apps list', () => {
    let server: Server
    let url: string
    let seen: string[]
    let remaining: number

    const APPS = Array.from({length: 8}, (_, i) => ({id: `00000000-0000-4000-8000-00000000000${i}`, maintenance: false, name: `app-${i}`}))

    before(async () => {
      ({server, url} = await listen((request, response) => {
        const path = request.url ?? ''
        seen.push(`${request.method} ${path}${request.headers.range ? ` [${request.headers.range}]` : ''}`)
        const headers = {'Content-Type': 'application/json', 'RateLimit-Remaining': String(remaining--)}
        if (path === '/apps') {
          // Two pages of four, as the Platform API pages a list.
          const second = request.headers.range === 'name ]app-3..; max=4'
          const page = second ? APPS.slice(4) : APPS.slice(0, 4)
          response.writeHead(second ? 200 : 206, second ? headers : {...headers, 'Next-Range': 'name ]app-3..; max=4'})
          response.end(JSON.stringify(page))
          return
        }

        const app = APPS.find(candidate => path === `/data/maintenances/v1/apps/${candidate.id}`)
        response.writeHead(app ? 200 : 404, headers)
        response.end(JSON.stringify(app ? {maintenances: []} : {id: 'not_found', message: 'Not found.'}))
      }))
    })

    beforeEach(() => {
      seen = []
    })

    after(async () => {
      await closeServer(server)
    })

    it('reads every page of GET /apps, sending Next-Range as Range', async () => {
      remaining = 4000

      const {code, stderr, stdout} = await runCli(['data:maintenances', '--all', '--json'], {HEROKU_HOST: url})

      expect(stderr).to.equal('')
      expect(code).to.equal(0)
      expect(JSON.parse(stdout)).to.deep.equal([])
      expect(seen.slice(0, 2)).to.deep.equal(['GET /apps [id ..; max=1000]', 'GET /apps [name ]app-3..; max=4]'])
      expect(seen.filter(line => line.startsWith('GET /data/')).length).to.equal(8)
    })

    it('stops starting requests at the reserve, says how many apps were not read, exit 2', async () => {
      // /apps takes 2 requests (105, 104), then 103, 102, 101, 100: four apps are read.
      remaining = 105

      const {code, stderr, stdout} = await runCli(['data:maintenances', '--all', '--concurrency', '1'], {HEROKU_HOST: url})

      expect(code).to.equal(2)
      expect(stdout).to.equal('No Postgres or Key-Value Store add-ons on 4 apps (4 not read).\n')
      expect(stderr).to.match(/^Error: 4 of 8 apps were not read: the API rate limit had 100 requests left, at or below the reserve of 100 \(--rate-limit-reserve\)/)
      expect(seen.filter(line => line.startsWith('GET /data/')).length).to.equal(4)
    })
  })
})
