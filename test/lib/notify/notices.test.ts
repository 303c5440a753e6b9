import {expect} from 'chai'
import {DateTime, Duration} from 'luxon'
import {createServer, type IncomingMessage, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'

import {emptyState, pendingNotices, recordDelivery} from '../../../src/lib/notify/notices.js'
import {parseWebhookUrl, postJson, webhookSecrets} from '../../../src/lib/notify/webhook.js'
import {aMaintenance} from '../../helpers/fixtures.js'

const NOW = DateTime.fromISO('2026-11-23T12:00:00Z', {zone: 'utc'})
const WEEK = Duration.fromObject({days: 7})
const noSleep = async () => {}

describe('notify/notices', () => {
  it('announces a maintenance scheduled within the time, once; again when it moves and when it completes', () => {
    const soon = aMaintenance({scheduled_for: '2026-11-27T18:00:00.000+00:00'})
    const later = aMaintenance({addon: {...soon.addon, name: 'redis-later', uuid: 'later'}, scheduled_for: '2026-12-20T18:00:00.000+00:00'})
    const first = pendingNotices({maintenances: [soon, later], now: NOW, state: emptyState(), within: WEEK})
    expect(first.map(n => n.payload.event)).to.deep.equal(['scheduled'])
    expect(first[0].payload).to.include({
      addon: 'redis-lively-12345', app: 'example-app', event: 'scheduled', scheduled_for: '2026-11-27T18:00:00.000+00:00', status: 'ready',
      text: 'Maintenance of redis-lively-12345 (REDIS_URL) on example-app is scheduled for 2026-11-27 18:00:00 UTC (window Fridays 18:00 to 22:00 UTC; required by 2026-12-03 08:54:02 UTC).',
    })
    let state = recordDelivery(emptyState(), first[0], NOW)
    expect(pendingNotices({maintenances: [soon, later], now: NOW, state, within: WEEK})).to.deep.equal([])

    const moved = {...soon, previously_scheduled_for: soon.scheduled_for, scheduled_for: '2026-11-20T18:00:00.000+00:00'}
    const [move] = pendingNotices({maintenances: [moved], now: NOW, state, within: WEEK})
    expect(move.payload).to.include({event: 'moved', previously_scheduled_for: '2026-11-27T18:00:00.000+00:00'})
    expect(move.payload.text).to.equal('Maintenance of redis-lively-12345 (REDIS_URL) on example-app moved from 2026-11-27 18:00:00 UTC to 2026-11-20 18:00:00 UTC (window Fridays 18:00 to 22:00 UTC; required by 2026-12-03 08:54:02 UTC).')
    state = recordDelivery(state, move, NOW)

    const completed = {...moved, completed_at: '2026-11-20T18:03:00.000+00:00', duration_seconds: '186', status: 'completed'}
    const [done] = pendingNotices({maintenances: [completed], now: NOW, state, within: WEEK})
    expect(done.payload.text).to.equal('Maintenance of redis-lively-12345 (REDIS_URL) on example-app completed at 2026-11-20 18:03:00 UTC (took ~ 3 minutes).')
    state = recordDelivery(state, done, NOW)
    expect(pendingNotices({maintenances: [completed], now: NOW, state, within: WEEK})).to.deep.equal([])
    expect(new Set([done.payload.id, first[0].payload.id, move.payload.id]).size).to.equal(3)
  })

  it('says nothing of a maintenance it never announced that completed, nor of add-ons with none', () => {
    const maintenances = [aMaintenance({completed_at: '2026-11-20T18:03:00Z', status: 'completed'}), aMaintenance({required_by: null, scheduled_for: null, status: 'none'})]
    expect(pendingNotices({maintenances, now: NOW, state: emptyState(), within: WEEK})).to.deep.equal([])
  })
})

describe('notify/webhook', () => {
  let server: Server
  let url: URL
  const answers: number[] = []
  const bodies: unknown[] = []

  before(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let text = ''
      request.on('data', chunk => {
        text += chunk
      })
      request.on('end', () => {
        bodies.push(JSON.parse(text))
        response.writeHead(answers.shift() ?? 200).end('ok')
      })
    })
    await new Promise<void>(resolve => {
      server.listen(0, '127.0.0.1', resolve)
    })
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXXSECRET`)
  })

  after(() => {
    server.close()
  })

  beforeEach(() => {
    answers.length = 0
    bodies.length = 0
  })

  it('posts the JSON body once when the receiver takes it', async () => {
    expect(await postJson(url, {text: 'hi'}, {sleep: noSleep})).to.deep.equal({attempts: 1, delivered: true})
    expect(bodies).to.deep.equal([{text: 'hi'}])
  })

  it('retries 5xx and 429 a bounded number of times with growing pauses, then gives up', async () => {
    answers.push(503, 429, 500, 502, 500)
    const pauses: number[] = []
    const outcome = await postJson(url, {text: 'hi'}, {
      async sleep(ms) {
        pauses.push(ms)
      },
    })
    expect(outcome).to.deep.equal({attempts: 4, delivered: false, error: 'the webhook answered HTTP 502 (4 attempts)'})
    expect(bodies).to.have.length(4)
    expect(pauses).to.have.length(3)
    expect(pauses[0]).to.be.within(500, 625)
    expect(pauses[2]).to.be.within(2000, 2500)
  })

  it('retries a 408 as the API clients do, and delivers on the next attempt', async () => {
    answers.push(408)
    expect(await postJson(url, {text: 'hi'}, {sleep: noSleep})).to.deep.equal({attempts: 2, delivered: true})
    expect(bodies).to.have.length(2)
  })

  it('does not retry an answer that asking again will not change', async () => {
    answers.push(404)
    expect(await postJson(url, {text: 'hi'}, {sleep: noSleep})).to.deep.equal({attempts: 1, delivered: false, error: 'the webhook answered HTTP 404'})
  })

  it('retries a refused connection', async () => {
    const spare = createServer()
    await new Promise<void>(resolve => {
      spare.listen(0, '127.0.0.1', resolve)
    })
    const closed = new URL(url)
    closed.port = String((spare.address() as AddressInfo).port)
    await new Promise(resolve => {
      spare.close(resolve)
    })
    const outcome = await postJson(closed, {text: 'hi'}, {attempts: 2, sleep: noSleep})
    expect(outcome).to.deep.equal({attempts: 2, delivered: false, error: 'could not reach the webhook (ECONNREFUSED) (2 attempts)'})
  })

  it('never puts the URL in its messages, and knows the forms of the URL to hide', () => {
    expect(() => parseWebhookUrl('ftp://example.com/SECRETPATH')).to.throw('The webhook URL uses ftp: give an http or https URL.')
    expect(() => parseWebhookUrl('not a url SECRETPATH')).to.throw(/^The webhook is not a URL/)
    expect(() => parseWebhookUrl()).to.throw(/HEROKU_DATA_MAINTENANCE_WEBHOOK/)
    expect(webhookSecrets(url.href)).to.include('/services/T000/B000/XXXXSECRET')
  })
})
