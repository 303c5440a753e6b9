import {expect} from 'chai'

import type {Apis} from '../../../src/lib/api/index.js'
import type {Maintenance} from '../../../src/lib/maintenance/types.js'

import {listAppMaintenances, orderByRequiredBy} from '../../../src/lib/maintenance/list.js'
import {timeSortKey} from '../../../src/lib/maintenance/time.js'
import {defaultListColumns, listColumns} from '../../../src/lib/present/list.js'
import {aMaintenance, anApp} from '../../helpers/fixtures.js'

function named(name: string, overrides: Partial<Maintenance> = {}): Maintenance {
  const base = aMaintenance()
  return aMaintenance({addon: {...base.addon, name}, ...overrides})
}

const names = (maintenances: Maintenance[]) => maintenances.map(m => m.addon.name)

const LIST_COLUMNS = listColumns()

function cells(maintenance: Maintenance, columns = LIST_COLUMNS): Record<string, string> {
  return Object.fromEntries(columns.map(c => [c.key, c.value(maintenance)]))
}

describe('maintenance/list', () => {
  describe('timeSortKey', () => {
    it('gives epoch milliseconds for both API time forms', () => {
      expect(timeSortKey('2016-02-01T00:00:00.000+00:00')).to.equal(Date.UTC(2016, 1, 1))
      expect(timeSortKey('2016-02-01 00:00:00 +0000')).to.equal(Date.UTC(2016, 1, 1))
      expect(timeSortKey('2016-02-01 02:00:00 +0200')).to.equal(Date.UTC(2016, 1, 1))
    })

    it('gives undefined for a missing or unreadable time', () => {
      expect(timeSortKey(null)).to.equal(undefined)
      expect(timeSortKey()).to.equal(undefined)
      expect(timeSortKey('soon')).to.equal(undefined)
    })
  })

  describe('orderByRequiredBy', () => {
    it('puts the soonest required_by first and add-ons without one last', () => {
      const ordered = orderByRequiredBy([
        named('c-none', {required_by: null}),
        named('b-later', {required_by: '2026-12-03T08:54:02.518+00:00'}),
        named('a-sooner', {required_by: '2026-11-20T10:00:00.000+00:00'}),
      ])

      expect(names(ordered)).to.deep.equal(['a-sooner', 'b-later', 'c-none'])
    })

    it('compares instants, not text, across both time forms and offsets', () => {
      const ordered = orderByRequiredBy([
        // 2026-11-21 04:00 UTC, although its text sorts first.
        named('new-york', {required_by: '2026-11-20 23:00:00 -0500'}),
        named('utc', {required_by: '2026-11-21T01:00:00.000+00:00'}),
      ])

      expect(names(ordered)).to.deep.equal(['utc', 'new-york'])
    })

    it('breaks ties by add-on name, whatever the API order', () => {
      const same = '2026-11-20T10:00:00.000+00:00'
      const ordered = orderByRequiredBy([
        named('redis-b', {required_by: same}),
        named('zeta', {required_by: null}),
        named('redis-a', {required_by: same}),
        named('alpha', {required_by: 'not a time'}),
      ])

      expect(names(ordered)).to.deep.equal(['redis-a', 'redis-b', 'alpha', 'zeta'])
    })

    it('breaks ties of add-on name (across apps) by app name', () => {
      const same = '2026-11-20T10:00:00.000+00:00'
      const ordered = orderByRequiredBy([
        named('redis-a', {app: {name: 'zoo-app'}, required_by: same}),
        named('redis-a', {app: {name: 'ant-app'}, required_by: same}),
      ])

      expect(ordered.map(m => m.app.name)).to.deep.equal(['ant-app', 'zoo-app'])
    })

    it('leaves the caller\'s array alone', () => {
      const input = [named('late', {required_by: '2027-01-01T00:00:00Z'}), named('early', {required_by: '2026-01-01T00:00:00Z'})]

      orderByRequiredBy(input)

      expect(names(input)).to.deep.equal(['late', 'early'])
    })
  })

  describe('columns', () => {
    it('shows every column but kind and plan by default, and all with extended', () => {
      expect(defaultListColumns(LIST_COLUMNS, false).map(c => c.key)).to.deep.equal(['addon', 'attachments', 'window', 'status', 'required_by', 'scheduled_for'])
      expect(defaultListColumns(LIST_COLUMNS, true).map(c => c.key)).to.deep.equal(['addon', 'attachments', 'window', 'status', 'required_by', 'scheduled_for', 'kind', 'plan'])
    })

    it('puts an app column first when listing every app', () => {
      const fleet = listColumns({fleet: true})

      expect(defaultListColumns(fleet, false).map(c => c.key)).to.deep.equal(['app', 'addon', 'attachments', 'window', 'status', 'required_by', 'scheduled_for'])
      expect(cells(aMaintenance({app: {name: 'staging-app'}}), fleet).app).to.equal('staging-app')
    })

    it('shows times in the zone beside UTC, and - for what is missing or hidden', () => {
      const berlin = listColumns({zone: 'Europe/Berlin'})
      const summer = aMaintenance({required_by: '2026-07-03T08:54:02.518+00:00', scheduled_for: '2026-11-27T18:00:00.000+00:00'})

      expect(cells(summer, berlin)).to.include({
        required_by: '2026-07-03 10:54:02 GMT+2 (2026-07-03 08:54:02 UTC)',
        scheduled_for: '2026-11-27 19:00:00 GMT+1 (2026-11-27 18:00:00 UTC)',
      })
      expect(cells(aMaintenance({required_by: null, scheduled_for: '2026-11-27T18:00:00Z', status: 'completed'}), berlin))
      .to.include({required_by: '-', scheduled_for: '-'})
    })

    it('builds a row from the add-on and the maintenance, times in UTC', () => {
      const maintenance = aMaintenance({
        addon: {attachments: ['DATABASE_URL', 'HEROKU_POSTGRESQL_PINK_URL'], kind: 'heroku-postgresql', name: 'postgresql-shaped-11111', plan: 'standard-0', window: 'Sundays 14:30 to 18:30 UTC'},
        required_by: '2026-12-03 10:54:02 +0200',
        scheduled_for: '2026-11-29T14:30:00.000+00:00',
        status: 'ready',
      })

      expect(cells(maintenance)).to.deep.equal({
        addon: 'postgresql-shaped-11111',
        attachments: 'DATABASE_URL, HEROKU_POSTGRESQL_PINK_URL',
        kind: 'heroku-postgresql',
        plan: 'standard-0',
        required_by: '2026-12-03 08:54:02 UTC',
        scheduled_for: '2026-11-29 14:30:00 UTC',
        status: 'ready',
        window: 'Sundays 14:30 to 18:30 UTC',
      })
    })

    it('shows - for scheduled_for once completed, and it sorts as missing', () => {
      const scheduledFor = LIST_COLUMNS.find(c => c.key === 'scheduled_for')!
      const completed = aMaintenance({scheduled_for: '2026-08-07T18:00:00Z', status: 'completed'})
      const running = aMaintenance({scheduled_for: '2026-08-07T18:00:00Z', status: 'running'})

      expect(scheduledFor.value(completed)).to.equal('-')
      expect(scheduledFor.sortKey!(completed)).to.equal(undefined)
      expect(scheduledFor.value(running)).to.equal('2026-08-07 18:00:00 UTC')
      expect(scheduledFor.sortKey!(running)).to.equal(Date.UTC(2026, 7, 7, 18))
    })

    it('takes the maintenance window when the add-on has none, and shows - for missing values', () => {
      const fromMaintenance = aMaintenance({addon: {...aMaintenance().addon, window: null}, window: 'Mondays 20:00 to 00:00 UTC'})
      const nothing = aMaintenance({addon: {...aMaintenance().addon, attachments: [], window: null}, required_by: null, scheduled_for: null, window: null})

      expect(cells(fromMaintenance).window).to.equal('Mondays 20:00 to 00:00 UTC')
      expect(cells(nothing)).to.include({attachments: '', required_by: '-', scheduled_for: '-', window: '-'})
    })

    it('sorts required_by by instant', () => {
      const requiredBy = LIST_COLUMNS.find(c => c.key === 'required_by')!

      expect(requiredBy.sortKey!(aMaintenance({required_by: '2016-02-01 00:00:00 +0000'}))).to.equal(Date.UTC(2016, 1, 1))
      expect(requiredBy.sortKey!(aMaintenance({required_by: null}))).to.equal(undefined)
    })
  })

  describe('listAppMaintenances', () => {
    it('looks up the app by name, lists by its id and returns the default order', async () => {
      const calls: string[] = []
      const apis = {
        data: {
          async listForApp(id: string) {
            calls.push(`listForApp ${id}`)
            return [named('later', {required_by: '2026-12-03T00:00:00Z'}), named('sooner', {required_by: '2026-11-03T00:00:00Z'})]
          },
        },
        platform: {
          async getApp(name: string) {
            calls.push(`getApp ${name}`)
            return anApp({id: 'app-uuid-7', name})
          },
        },
      } as unknown as Pick<Apis, 'data' | 'platform'>

      const maintenances = await listAppMaintenances(apis, 'example-app')

      expect(calls).to.deep.equal(['getApp example-app', 'listForApp app-uuid-7'])
      expect(names(maintenances)).to.deep.equal(['sooner', 'later'])
    })
  })
})
