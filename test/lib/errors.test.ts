import {expect} from 'chai'

import {
  ApiError,
  ExitCode,
  InterruptedError,
  MaintenanceCliError,
  MaintenanceFailedError,
  redact,
  ValidationError,
  WaitTimeoutError,
} from '../../src/lib/errors.js'

describe('errors', () => {
  it('keeps the documented exit code numbers', () => {
    expect(ExitCode).to.deep.equal({api: 2, failed: 4, interrupted: 130, ok: 0, pending: 5, timeout: 3, usage: 1})
  })

  const cases: Array<[string, MaintenanceCliError, number, string]> = [
    ['ValidationError', new ValidationError('bad input'), 1, 'invalid_input'],
    ['ApiError', new ApiError({id: 'not_found', message: 'gone', method: 'GET', path: '/x', status: 404}), 2, 'not_found'],
    ['WaitTimeoutError', new WaitTimeoutError('too slow'), 3, 'wait_timeout'],
    ['MaintenanceFailedError', new MaintenanceFailedError('broke'), 4, 'maintenance_failed'],
    ['InterruptedError', new InterruptedError(), 130, 'interrupted'],
  ]
  for (const [name, error, exitCode, id] of cases) {
    it(`${name} exits ${exitCode} with id ${id} and is named after its class`, () => {
      expect(error).to.be.instanceOf(MaintenanceCliError)
      expect(error).to.be.instanceOf(Error)
      expect(error.exitCode).to.equal(exitCode)
      expect(error.id).to.equal(id)
      expect(error.name).to.equal(name)
    })
  }

  it('InterruptedError says "interrupted" unless told otherwise', () => {
    expect(new InterruptedError().message).to.equal('interrupted')
    expect(new InterruptedError('stopped by SIGTERM').message).to.equal('stopped by SIGTERM')
  })

  it('ApiError carries the status, id, method and path', () => {
    const error = new ApiError({id: 'forbidden', message: 'No access.', method: 'POST', path: '/a/b', status: 403})
    expect({id: error.id, message: error.message, method: error.method, path: error.path, status: error.status})
    .to.deep.equal({id: 'forbidden', message: 'No access.', method: 'POST', path: '/a/b', status: 403})
  })

  describe('redact', () => {
    it('replaces every occurrence of every secret', () => {
      expect(redact('token abcd1234 then abcd1234 and key-9999', ['abcd1234', 'key-9999']))
      .to.equal('token [REDACTED] then [REDACTED] and [REDACTED]')
    })

    it('leaves secrets shorter than 4 characters and missing secrets alone', () => {
      expect(redact('the cat sat', ['cat', undefined, ''])).to.equal('the cat sat')
    })

    it('redacts a secret of exactly 4 characters', () => {
      expect(redact('code abcd here', ['abcd'])).to.equal('code [REDACTED] here')
    })

    it('treats secrets literally, not as patterns', () => {
      expect(redact('a.b+c a-b-c', ['a.b+c'])).to.equal('[REDACTED] a-b-c')
    })
  })
})
