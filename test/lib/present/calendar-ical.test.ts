import {expect} from 'chai'
import ICAL from 'ical.js'
import {DateTime} from 'luxon'

import {maintenanceCalendar} from '../../../src/lib/present/calendar.js'
import {aMaintenance} from '../../helpers/fixtures.js'

function firstUid(text: string): string {
  return new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!).uid
}

describe('present/calendar read back by ical.js (an independent iCalendar parser)', () => {
  const now = DateTime.fromISO('2026-11-23T12:00:00Z', {zone: 'utc'})
  const maintenances = [
    aMaintenance({scheduled_for: '2026-11-27T18:00:00.000+00:00', status: 'ready'}),
    aMaintenance({
      addon: {
        attachments: ['DATABASE_URL'],
        kind: 'heroku-postgresql',
        name: 'postgresql-shaped-67890',
        plan: 'premium-0',
        uuid: 'pg-uuid',
        window: 'Tuesdays 19:00 to 23:00 UTC; a note, with commas',
      },
      app: {name: 'staging-app'},
      required_by: '2026-12-05T09:00:00.000+00:00',
      scheduled_for: '2026-12-01 19:00:00 +0000',
      status: 'pending',
    }),
    aMaintenance({completed_at: '2026-09-04T18:04:20.191+00:00', scheduled_for: '2026-09-04T18:00:00.000+00:00', status: 'completed'}),
  ]

  it('parses, with one 4-hour event per upcoming maintenance, times in UTC, and text unescaped', () => {
    const calendar = new ICAL.Component(ICAL.parse(maintenanceCalendar(maintenances, {now})))
    const events = calendar.getAllSubcomponents('vevent').map(component => new ICAL.Event(component))

    expect(events.map(e => e.summary)).to.deep.equal([
      'Maintenance: redis-lively-12345 (example-app)',
      'Maintenance: postgresql-shaped-67890 (staging-app)',
    ])
    expect(events.map(e => e.startDate.toJSDate().toISOString())).to.deep.equal(['2026-11-27T18:00:00.000Z', '2026-12-01T19:00:00.000Z'])
    expect(events.map(e => e.endDate.toJSDate().toISOString())).to.deep.equal(['2026-11-27T22:00:00.000Z', '2026-12-01T23:00:00.000Z'])
    expect(events[1].description).to.include('Window: Tuesdays 19:00 to 23:00 UTC; a note, with commas')
    expect(new Set(events.map(e => e.uid)).size).to.equal(2)
  })

  it('keeps each event UID when the maintenance is moved, so a subscribed calendar updates it', () => {
    const moved = [aMaintenance({previously_scheduled_for: '2026-11-27T18:00:00.000+00:00', scheduled_for: '2026-12-04T18:00:00.000+00:00'})]
    expect(firstUid(maintenanceCalendar(moved, {now}))).to.equal(firstUid(maintenanceCalendar([maintenances[0]], {now})))
  })
})
