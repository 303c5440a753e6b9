import {expect} from 'chai'

import type {PlatformApi} from '../../../src/lib/api/platform.js'
import type {AddOn} from '../../../src/lib/maintenance/types.js'

import {ApiError, ValidationError} from '../../../src/lib/errors.js'
import {parseAddonReference, readNamedApp, resolveAddon} from '../../../src/lib/maintenance/addon.js'
import {anAddon} from '../../helpers/fixtures.js'

/** A PlatformApi whose resolve action answers (or fails) as told, recording what it was asked. */
function fakePlatform(answer: (() => Promise<AddOn[]>) | AddOn[]) {
  const calls: Array<[string, null | string]> = []
  const platform = {
    async resolveAddon(addon: string, app: null | string) {
      calls.push([addon, app])
      return typeof answer === 'function' ? answer() : answer
    },
  } as unknown as PlatformApi
  return {calls, platform}
}

const ACCEPTED = 'an add-on name (redis-lively-12345), an attachment (REDIS, REDIS_URL) or APP::ATTACHMENT'

describe('maintenance/addon', () => {
  describe('parseAddonReference', () => {
    const valid: Array<[string, string | undefined, {addon: string; app: null | string}]> = [
      ['redis-lively-12345', undefined, {addon: 'redis-lively-12345', app: null}],
      ['REDIS_URL', 'example-app', {addon: 'REDIS_URL', app: 'example-app'}],
      ['  DATABASE  ', 'example-app', {addon: 'DATABASE', app: 'example-app'}],
      ['staging-app::DATABASE', undefined, {addon: 'DATABASE', app: 'staging-app'}],
      ['staging-app::DATABASE', 'other-app', {addon: 'DATABASE', app: 'staging-app'}],
    ]
    for (const [argument, app, expected] of valid) {
      it(`${JSON.stringify(argument)} with app ${app ?? '(none)'} → ${JSON.stringify(expected)}`, () => {
        expect(parseAddonReference(argument, app)).to.deep.equal(expected)
      })
    }

    it('refuses an empty ADDON', () => {
      expect(() => parseAddonReference('  ')).to.throw(ValidationError, `ADDON is empty: give ${ACCEPTED}.`)
    })

    for (const argument of ['example-app::', '::DATABASE', 'a::b::c', '::']) {
      it(`refuses ${JSON.stringify(argument)}`, () => {
        expect(() => parseAddonReference(argument)).to.throw(ValidationError, `ADDON "${argument}" is not valid: give ${ACCEPTED}.`)
      })
    }
  })

  describe('resolveAddon', () => {
    it('returns the one match, asking for the add-on on the given app', async () => {
      const {calls, platform} = fakePlatform([anAddon()])
      expect(await resolveAddon(platform, 'REDIS_URL', 'example-app')).to.deep.equal(anAddon())
      expect(calls).to.deep.equal([['REDIS_URL', 'example-app']])
    })

    it('sends app null without an app, and the app of APP::ATTACHMENT', async () => {
      const {calls, platform} = fakePlatform([anAddon()])
      await resolveAddon(platform, 'redis-lively-12345')
      await resolveAddon(platform, 'staging-app::REDIS')
      expect(calls).to.deep.equal([['redis-lively-12345', null], ['REDIS', 'staging-app']])
    })

    it('refuses a bad reference without asking the API', async () => {
      const {calls, platform} = fakePlatform([anAddon()])
      const error = await resolveAddon(platform, 'app::').catch(error_ => error_)
      expect(error).to.be.instanceOf(ValidationError)
      expect(calls).to.deep.equal([])
    })

    const notFound: Array<[string, string | undefined, string]> = [
      ['NOPE', 'example-app', 'Add-on NOPE was not found on app example-app: check the name with `heroku addons -a example-app`.'],
      ['nope', undefined, 'Add-on nope was not found: check the name with `heroku addons`.'],
      ['REDIS_URL', undefined, 'No add-on is named REDIS_URL, and an attachment name such as REDIS_URL needs its app: pass --app APP (or --remote REMOTE, set HEROKU_APP, or write APP::REDIS_URL).'],
      ['database', undefined, 'Add-on database was not found: check the name with `heroku addons`.'],
    ]
    for (const [argument, app, message] of notFound) {
      it(`turns a 404 into a ValidationError: ${message}`, async () => {
        const {platform} = fakePlatform(async () => {
          throw new ApiError({id: 'not_found', message: 'Couldn\'t find that add-on.', method: 'POST', path: '/actions/addons/resolve', status: 404})
        })
        const error = await resolveAddon(platform, argument, app).catch(error_ => error_)
        expect(error).to.be.instanceOf(ValidationError)
        expect(error.message).to.equal(message)
      })
    }

    it('names the app when the 404 says the app does not exist', async () => {
      const {platform} = fakePlatform(async () => {
        throw new ApiError({id: 'not_found', message: 'Couldn\'t find that app: no-such-app. (404 Not Found)', method: 'POST', path: '/actions/addons/resolve', status: 404})
      })
      const error = await resolveAddon(platform, 'REDIS_URL', 'no-such-app').catch(error_ => error_)
      expect(error).to.be.instanceOf(ValidationError)
      expect(error.message).to.equal('App no-such-app was not found: check the name with `heroku apps`.')
    })

    it('passes any other API error through unchanged', async () => {
      const failure = new ApiError({id: 'forbidden', message: 'No access.', method: 'POST', path: '/actions/addons/resolve', status: 403})
      const {platform} = fakePlatform(async () => {
        throw failure
      })
      expect(await resolveAddon(platform, 'REDIS').catch(error_ => error_)).to.equal(failure)
    })

    it('says that an attachment name needs its app when the API answers no match without an app', async () => {
      const {platform} = fakePlatform([])
      const error = await resolveAddon(platform, 'DATABASE').catch(error_ => error_)
      expect(error).to.be.instanceOf(ValidationError)
      expect(error.message).to.equal('No add-on is named DATABASE, and an attachment name such as DATABASE needs its app: pass --app APP (or --remote REMOTE, set HEROKU_APP, or write APP::DATABASE).')
    })

    it('says when the API answers no match at all', async () => {
      const {platform} = fakePlatform([])
      const error = await resolveAddon(platform, 'REDIS', 'example-app').catch(error_ => error_)
      expect(error).to.be.instanceOf(ValidationError)
      expect(error.message).to.equal('Add-on REDIS was not found on app example-app.')
    })

    it('names every candidate when ambiguous', async () => {
      const {platform} = fakePlatform([
        anAddon({app: {id: 'a1', name: 'app-one'}, name: 'redis-one'}),
        anAddon({app: {id: 'a2', name: 'app-two'}, name: 'redis-two'}),
      ])
      const error = await resolveAddon(platform, 'team::REDIS').catch(error_ => error_)
      expect(error).to.be.instanceOf(ValidationError)
      expect(error.message).to.equal('Add-on REDIS is ambiguous on app team: it matches redis-one (app app-one), redis-two (app app-two). Name one add-on, or pass --app.')
    })
  })
})

describe('maintenance/addon readNamedApp', () => {
  it('returns what the read returns', async () => {
    expect(await readNamedApp('example-app', async () => 42)).to.equal(42)
  })

  it('turns a 404 into "App … was not found" (exit 1)', async () => {
    const error = await readNamedApp('no-such-app', async () => {
      throw new ApiError({id: 'not_found', message: 'Couldn\'t find that app.', method: 'GET', path: '/apps/no-such-app', status: 404})
    }).catch(error_ => error_)
    expect(error).to.be.instanceOf(ValidationError)
    expect(error.message).to.equal('App no-such-app was not found: check the name with `heroku apps`.')
  })

  it('passes other errors through', async () => {
    const failure = new ApiError({id: 'internal_server_error', message: 'Boom.', method: 'GET', path: '/apps/a', status: 500})
    expect(await readNamedApp('a', async () => {
      throw failure
    }).catch(error_ => error_)).to.equal(failure)
  })
})
