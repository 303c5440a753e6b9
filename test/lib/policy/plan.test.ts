import {expect} from 'chai'
import {DateTime} from 'luxon'

import type {Maintenance} from '../../../src/lib/maintenance/types.js'

import {describePlan, planPolicy} from '../../../src/lib/policy/plan.js'
import {parsePolicy} from '../../../src/lib/policy/policy.js'
import {aMaintenance} from '../../helpers/fixtures.js'

/** Monday 2026-11-23 12:00 UTC. */
const NOW = DateTime.fromISO('2026-11-23T12:00:00Z', {zone: 'utc'})

function addon(app: string, name: string, overrides: Partial<Maintenance> & {window?: string} = {}): Maintenance {
  const window = overrides.window ?? 'Mondays 18:00 to 22:00 UTC'
  const base = aMaintenance({app: {name: app, uuid: `${app}-id`}, required_by: '2027-02-01T00:00:00.000+00:00', scheduled_for: '2026-12-07T18:00:00.000+00:00', ...overrides, window})
  return {...base, addon: {...base.addon, name, uuid: `${name}-id`, window}}
}

function plan(yaml: string, maintenances: Maintenance[]) {
  return planPolicy({apps: new Set(maintenances.map(m => m.app.name)).size, maintenances, now: NOW, policy: parsePolicy(yaml, 'p.yaml')})
}

describe('policy/plan', () => {
  it('finds nothing to do when every add-on follows the policy', () => {
    const result = plan('version: 1\nrules:\n  - apps: [shop]\n    window: {start: Monday 18:00}\n', [addon('shop', 'redis-a')])
    expect(result.conforms).to.equal(true)
    expect(result.changes).to.deep.equal([])
    expect(describePlan(result)).to.deep.equal(['Everything conforms: 1 add-on on 1 app follow the policy.'])
  })

  it('plans a window update converted from its zone, and where the maintenance then falls', () => {
    const result = plan('version: 1\nrules:\n  - apps: ["sh*"]\n    window: {start: Sunday 02:00, zone: Europe/Berlin}\n', [addon('shop', 'redis-a')])
    expect(result.changes).to.deep.equal([{
      addon: 'redis-a', addon_id: 'redis-a-id', after: 'Sundays 01:00 to 05:00 UTC', app: 'shop', before: 'Mondays 18:00 to 22:00 UTC', kind: 'window', request: {day_of_week: 'sunday', time_of_day: '01:00'}, rule: 'rules[0]', stage: null,
    }])
    expect(result.conforms).to.equal(false)
  })

  it('moves a maintenance out of a blackout by whole weeks, later first, never past required_by', () => {
    const yaml = `version: 1
blackouts: [{start: 2026-12-07, end: 2026-12-20, reason: holiday freeze}]
rules: [{apps: [shop]}]
`
    const result = plan(yaml, [addon('shop', 'redis-a')])
    expect(result.changes).to.deep.equal([{
      addon: 'redis-a', addon_id: 'redis-a-id', after: '2026-12-21T18:00:00.000Z', app: 'shop', because: 'out of blackout "holiday freeze"', before: '2026-12-07T18:00:00.000Z', delay_weeks: 2, kind: 'schedule', rule: 'rules[0]', stage: null,
    }])
    const early = plan(yaml, [addon('shop', 'redis-a', {required_by: '2026-12-15T00:00:00Z'})])
    expect(early.changes.map(c => c.kind === 'schedule' && c.delay_weeks)).to.deep.equal([-1])
    expect(describePlan(early)).to.deep.equal([
      '1 add-on on 1 app: 1 change pending, 0 conflicts.',
      '',
      'Changes:',
      '  shop redis-a: maintenance 2026-12-07 18:00:00 UTC → 2026-11-30 18:00:00 UTC (1 week earlier, out of blackout "holiday freeze")',
    ])
  })

  it('reports a blackout it cannot leave as a conflict with what to run instead, and changes nothing for it', () => {
    const yaml = 'version: 1\nrules:\n  - apps: [shop]\n    blackouts: [{start: 2026-11-26, end: 2026-12-31, reason: launch}]\n'
    const result = plan(yaml, [addon('shop', 'redis-a', {required_by: '2026-12-10T00:00:00Z', scheduled_for: '2026-11-27T18:00:00Z'})])
    expect(result.changes).to.deep.equal([])
    expect(result.conflicts).to.deep.equal([{
      addon: 'redis-a',
      app: 'shop',
      hint: 'run it before 2026-11-26 00:00:00 UTC with `heroku data:maintenances:run redis-a -a shop`',
      kind: 'blackout',
      message: 'scheduled for 2026-11-27 18:00:00 UTC, in blackout "launch" (2026-11-26 00:00:00 UTC to 2027-01-01 00:00:00 UTC); no move by whole weeks leaves it before it is required by 2026-12-10 00:00:00 UTC',
      rule: 'rules[0]',
    }])
    expect(result.conforms).to.equal(false)
  })

  it('puts a stage at least its lead time after the previous stage, and says when it cannot', () => {
    const yaml = `version: 1
rules:
  - apps: [shop-*]
    stages:
      - apps: [shop-staging]
      - apps: [shop-production]
        after: 2d
`
    const staging = addon('shop-staging', 'pg-staging', {scheduled_for: '2026-12-06T18:00:00Z'})
    const moved = plan(yaml, [addon('shop-production', 'pg-production', {scheduled_for: '2026-12-07T18:00:00Z'}), staging])
    expect(moved.changes).to.have.length(1)
    expect(moved.changes[0]).to.include({addon: 'pg-production', after: '2026-12-14T18:00:00.000Z', because: '2d after pg-staging of shop-staging (stage 0)', delay_weeks: 1, stage: 1})

    const stuck = plan(yaml, [addon('shop-production', 'pg-production', {required_by: '2026-12-08T00:00:00Z', scheduled_for: '2026-12-07T18:00:00Z'}), staging])
    expect(stuck.changes).to.deep.equal([])
    expect(stuck.conflicts.map(c => [c.kind, c.hint])).to.deep.equal([['stage', 'run pg-staging earlier with `heroku data:maintenances:run pg-staging -a shop-staging`']])

    // A staging maintenance that already completed leaves production free.
    const done = plan(yaml, [addon('shop-production', 'pg-production'), addon('shop-staging', 'pg-staging', {completed_at: '2026-11-20T18:03:00Z', status: 'completed'})])
    expect(done.conforms).to.equal(true)
  })

  it('waits for where the previous stage ends up after its own move', () => {
    const yaml = `version: 1
blackouts: [{start: 2026-12-06, end: 2026-12-06, reason: launch}]
rules:
  - apps: [s, p]
    stages: [{apps: [s]}, {apps: [p], after: 1d}]
`
    const result = plan(yaml, [addon('s', 'pg-s', {scheduled_for: '2026-12-06T18:00:00Z'}), addon('p', 'pg-p', {scheduled_for: '2026-12-08T18:00:00Z'})])
    expect(result.changes.map(c => [c.addon, c.kind === 'schedule' ? c.after : ''])).to.deep.equal([['pg-s', '2026-12-13T18:00:00.000Z'], ['pg-p', '2026-12-15T18:00:00.000Z']])
  })

  it('follows the first rule that selects an add-on, by app glob and by add-on or attachment', () => {
    const yaml = `version: 1
rules:
  - {apps: [shop], addons: [DATABASE], window: {start: Tuesday 03:00}}
  - {apps: ["*"], window: {start: Monday 18:00}}
`
    const pg = addon('shop', 'postgresql-a', {window: 'Fridays 18:00 to 22:00 UTC'})
    pg.addon.attachments = ['DATABASE_URL']
    const result = plan(yaml, [pg, addon('shop', 'redis-b'), addon('other', 'redis-c')])
    expect(result.changes.map(c => [c.addon, c.kind === 'window' ? c.after : ''])).to.deep.equal([['postgresql-a', 'Tuesdays 03:00 to 07:00 UTC']])
    expect(result.addons).to.equal(3)
  })

  it('leaves plans without windows alone, with a note, and does not move a maintenance that is due', () => {
    const mini = addon('shop', 'redis-tiny')
    mini.addon.plan = 'mini'
    const result = plan('version: 1\nrules: [{apps: [shop], window: {start: Sunday 02:00}}]\n', [mini])
    expect(result.changes).to.deep.equal([])
    expect(result.notes.map(n => n.reason)).to.deep.equal(['the mini plan has no maintenance window and its maintenance cannot be moved: the policy does not apply to it'])
    expect(result.conforms).to.equal(true)

    const due = plan('version: 1\nblackouts: [{start: 2026-11-20, end: 2026-11-30, reason: r}]\nrules: [{apps: [shop]}]\n', [addon('shop', 'redis-a', {scheduled_for: '2026-11-23T11:00:00Z'})])
    expect(due.changes).to.deep.equal([])
    expect(due.notes[0].reason).to.match(/^its maintenance was due at 2026-11-23 11:00:00 UTC/)
  })
})
