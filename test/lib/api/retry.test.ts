import {expect} from 'chai'

import {isRetryable, isTransientFailure, isTransientStatus} from '../../../src/lib/api/retry.js'
import {ApiError, RateLimitReserveError} from '../../../src/lib/errors.js'

const failed = (status: number) => new ApiError({id: `http_${status}`, message: 'x', method: 'GET', path: '/x', status})

describe('api/retry', () => {
  describe('isTransientFailure', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504]) {
      it(`holds for ${status}`, () => {
        expect(isTransientFailure(failed(status))).to.equal(true)
      })
    }

    for (const status of [400, 401, 403, 404, 409, 422, 501, 505, 511]) {
      it(`does not hold for ${status}`, () => {
        expect(isTransientFailure(failed(status))).to.equal(false)
      })
    }

    it('does not hold for what is not an API answer: a request held back at the rate-limit reserve, a plain error', () => {
      expect(isTransientFailure(new RateLimitReserveError({message: 'Not sent', remaining: 10, reserve: 100}))).to.equal(false)
      expect(isTransientFailure(new Error('boom'))).to.equal(false)
    })
  })

  describe('isTransientStatus', () => {
    it('is the statuses of isTransientFailure, without the missing answer', () => {
      expect([0, 400, 408, 429, 500, 501, 502, 503, 504, 505].filter(status => isTransientStatus(status))).to.deep.equal([408, 429, 500, 502, 503, 504])
    })
  })

  describe('isRetryable', () => {
    it('is a GET by default, and never a change by default', () => {
      expect(isRetryable({method: 'GET'})).to.equal(true)
      for (const method of ['DELETE', 'PATCH', 'POST', 'PUT'] as const) expect(isRetryable({method})).to.equal(false)
    })

    it('follows the request\'s own retry setting', () => {
      expect(isRetryable({method: 'GET', retry: false})).to.equal(false)
      expect(isRetryable({method: 'PUT', retry: true})).to.equal(true)
    })
  })
})
