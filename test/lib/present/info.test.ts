import {expect} from 'chai'
import {DateTime} from 'luxon'

import {describeMaintenance} from '../../../src/lib/present/info.js'
import {aMaintenance} from '../../helpers/fixtures.js'

const NOW = DateTime.fromISO('2023-04-26T18:00:00.000Z')

describe('present/info describeMaintenance', () => {
  it('flattens addon.* and app.* without uuids, formats times in UTC and adds duration_approximate', () => {
    const completed = aMaintenance({
      completed_at: '2023-04-28T18:04:21.141+00:00',
      duration_seconds: '186',
      required_by: '2023-05-03T08:54:02.518+00:00',
      scheduled_for: '2023-04-28T18:00:00.000+00:00',
      server_created_at: '2022-12-26 08:30:37 +0000',
      started_at: '2023-04-28T18:01:14.191+00:00',
      status: 'completed',
    })
    expect(describeMaintenance(completed, NOW)).to.deep.equal({
      addon_attachments: 'REDIS_URL',
      addon_kind: 'heroku-redis',
      addon_name: 'redis-lively-12345',
      addon_plan: 'premium-0',
      addon_window: 'Fridays 18:00 to 22:00 UTC',
      app_name: 'example-app',
      completed_at: '2023-04-28 18:04:21 UTC',
      duration_approximate: '~ 3 minutes',
      duration_seconds: '186',
      method: 'failover',
      reason: 'routine_maintenance',
      required_by: '2023-05-03 08:54:02 UTC',
      scheduled_for: '2023-04-28 18:00:00 UTC',
      server_created_at: '2022-12-26 08:30:37 UTC',
      started_at: '2023-04-28 18:01:14 UTC',
      status: 'completed',
      window: 'Fridays 18:00 to 22:00 UTC',
    })
  })

  it('leaves out null and empty fields, and joins several attachments', () => {
    const maintenance = aMaintenance({
      addon: {attachments: ['REDIS_URL', 'CACHE_URL'], kind: 'heroku-redis', name: 'redis-1', plan: 'premium-0', window: null},
      method: '',
      required_by: null,
      scheduled_for: null,
      status: 'none',
      window: null,
    })
    const flat = describeMaintenance(maintenance, NOW)
    expect(flat.addon_attachments).to.equal('REDIS_URL, CACHE_URL')
    expect(Object.keys(flat)).to.deep.equal([
      'addon_attachments', 'addon_kind', 'addon_name', 'addon_plan', 'app_name', 'reason', 'server_created_at', 'status',
    ])
  })

  // status, field, relative shown?
  const upcoming: Array<[string, 'previously_scheduled_for' | 'required_by' | 'scheduled_for', boolean]> = [
    ['pending', 'scheduled_for', true],
    ['preparing', 'required_by', true],
    ['ready', 'scheduled_for', true],
    ['ready', 'previously_scheduled_for', false],
    ['running', 'scheduled_for', false],
    ['completed', 'required_by', false],
  ]
  for (const [status, field, relative] of upcoming) {
    it(`${relative ? 'says' : 'does not say'} how far away ${field} is while ${status}`, () => {
      const flat = describeMaintenance(aMaintenance({[field]: '2023-04-28T18:00:00.000+00:00', status}), NOW)
      expect(flat[field]).to.equal(relative ? '2023-04-28 18:00:00 UTC (in 2 days)' : '2023-04-28 18:00:00 UTC')
    })
  }

  it('shows times in another zone with UTC beside them', () => {
    const flat = describeMaintenance(aMaintenance({scheduled_for: '2023-04-28T18:00:00.000+00:00', status: 'completed'}), NOW, 'America/New_York')
    expect(flat.scheduled_for).to.equal('2023-04-28 14:00:00 EDT (2023-04-28 18:00:00 UTC)')
  })

  it('shows an upcoming time in another zone, then how far away it is', () => {
    const flat = describeMaintenance(aMaintenance({scheduled_for: '2023-04-28T18:00:00.000+00:00', status: 'ready'}), NOW, 'America/New_York')
    expect(flat.scheduled_for).to.equal('2023-04-28 14:00:00 EDT (2023-04-28 18:00:00 UTC) (in 2 days)')
  })

  it('shows an unparseable time as it came', () => {
    expect(describeMaintenance(aMaintenance({scheduled_for: 'soon', status: 'ready'}), NOW).scheduled_for).to.equal('soon')
  })

  it('keeps fields it does not know, flattening unknown objects too', () => {
    const maintenance = {...aMaintenance(), extra: 'kept', owner: {team: 'data', uuid: 'x'}}
    const flat = describeMaintenance(maintenance, NOW)
    expect(flat.extra).to.equal('kept')
    expect(flat.owner_team).to.equal('data')
    expect(flat).not.to.have.property('owner_uuid')
  })
})
