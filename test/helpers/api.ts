import nock from 'nock'

import type {AddOn} from '../../src/lib/maintenance/types.js'

import {TEST_TOKEN} from './setup.js'

export const PLATFORM = 'https://api.heroku.com'
export const DATA = 'https://api.data.heroku.com'
export {MAINTENANCES} from './fixtures.js'

/** One scope per host; every request must carry the bearer token. */
export function platformApi(): nock.Scope {
  return nock(PLATFORM, {reqheaders: {authorization: `Bearer ${TEST_TOKEN}`}})
}

export function dataApi(): nock.Scope {
  return nock(DATA, {reqheaders: {authorization: `Bearer ${TEST_TOKEN}`}})
}

/** Expects the add-on resolve action for exactly this body, answering with these add-ons. */
export function expectResolve(scope: nock.Scope, body: {addon: string; app: null | string}, answer: AddOn[]): nock.Scope {
  return scope.post('/actions/addons/resolve', body).reply(200, answer)
}
