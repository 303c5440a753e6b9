import {expect} from 'chai'

import {ValidationError} from '../../../src/lib/errors.js'
import {allowsManualMaintenance, ensureManualMaintenanceAllowed, planTier} from '../../../src/lib/maintenance/plans.js'
import {anAddon} from '../../helpers/fixtures.js'

describe('maintenance/plans', () => {
  describe('planTier', () => {
    const cases: Array<[string, string]> = [
      ['heroku-redis:premium-0', 'premium'],
      ['heroku-postgresql:standard-0', 'standard'],
      ['Private-7', 'private'],
      ['mini', 'mini'],
      ['heroku-postgresql:essential-0', 'essential'],
    ]
    for (const [plan, tier] of cases) {
      it(`${plan} → ${tier}`, () => {
        expect(planTier(plan)).to.equal(tier)
      })
    }
  })

  describe('allowsManualMaintenance', () => {
    const cases: Array<[string, string, boolean]> = [
      ['heroku-redis', 'heroku-redis:premium-0', true],
      ['heroku-redis', 'heroku-redis:private-7', true],
      ['heroku-redis', 'heroku-redis:shield-3', true],
      ['heroku-redis', 'heroku-redis:mini', false],
      ['heroku-redis', 'heroku-redis:standard-0', false],
      ['heroku-postgresql', 'heroku-postgresql:standard-0', true],
      ['heroku-postgresql', 'heroku-postgresql:premium-2', true],
      ['heroku-postgresql', 'heroku-postgresql:private-0', true],
      ['heroku-postgresql', 'heroku-postgresql:shield-4', true],
      ['heroku-postgresql', 'heroku-postgresql:essential-0', false],
      ['heroku-postgresql', 'heroku-postgresql:hobby-dev', false],
      ['heroku-kafka', 'heroku-kafka:basic-0', true],
    ]
    for (const [service, plan, allowed] of cases) {
      it(`${plan} (${service}) ${allowed ? 'allows' : 'does not allow'} manual maintenance`, () => {
        expect(allowsManualMaintenance(anAddon({addon_service: {name: service}, plan: {name: plan}}))).to.equal(allowed)
      })
    }
  })

  describe('ensureManualMaintenanceAllowed', () => {
    it('passes an allowed plan', () => {
      expect(() => ensureManualMaintenanceAllowed(anAddon(), 'run maintenance')).not.to.throw()
    })

    it('refuses a Redis mini plan, naming the add-on, plan, action and the plans that can', () => {
      const addon = anAddon({name: 'redis-tiny-1', plan: {name: 'heroku-redis:mini'}})
      expect(() => ensureManualMaintenanceAllowed(addon, 'set a maintenance window')).to.throw(
        ValidationError,
        'redis-tiny-1 is on the heroku-redis:mini plan, which cannot set a maintenance window; only premium, private, shield plans can.',
      )
    })

    it('refuses a Postgres essential plan, listing the Postgres tiers', () => {
      const addon = anAddon({addon_service: {name: 'heroku-postgresql'}, name: 'postgresql-1', plan: {name: 'heroku-postgresql:essential-0'}})
      expect(() => ensureManualMaintenanceAllowed(addon, 'run maintenance')).to.throw(
        ValidationError,
        'postgresql-1 is on the heroku-postgresql:essential-0 plan, which cannot run maintenance; only standard, premium, private, shield plans can.',
      )
    })
  })
})
