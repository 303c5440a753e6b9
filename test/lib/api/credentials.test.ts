import {expect} from 'chai'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {findToken} from '../../../src/lib/api/credentials.js'
import {ValidationError} from '../../../src/lib/errors.js'

const NOT_LOGGED_IN = 'Not logged in: set HEROKU_API_KEY or run `heroku login`.'

describe('api/credentials findToken', () => {
  let home: string
  const saved: Record<string, string | undefined> = {}
  // HOME decides where ~/.netrc is read; HEROKU_NETRC_WRITE=true keeps any OS credential store out of the test.
  const touched = ['HOME', 'XDG_DATA_HOME', 'HEROKU_NETRC_WRITE', 'NETRC']

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'hdm-credentials-'))
    for (const name of touched) saved[name] = process.env[name]
    process.env.HOME = home
    process.env.HEROKU_NETRC_WRITE = 'true'
    delete process.env.XDG_DATA_HOME
    delete process.env.NETRC
  })

  afterEach(() => {
    for (const name of touched) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }

    rmSync(home, {force: true, recursive: true})
  })

  function writeNetrc(text: string): void {
    writeFileSync(join(home, '.netrc'), text, {mode: 0o600})
  }

  it('uses HEROKU_API_KEY, trimmed, before anything stored', async () => {
    writeNetrc('machine api.heroku.com\n  login a@b.c\n  password STORED-TOKEN\n')
    expect(await findToken('api.heroku.com', {HEROKU_API_KEY: '  env-token-1234\n'})).to.equal('env-token-1234')
  })

  it('says "Not logged in" with no key and nothing stored', async () => {
    const error = await findToken('api.heroku.com', {HOME: home}).catch(error_ => error_)
    expect(error).to.be.instanceOf(ValidationError)
    expect(error.message).to.equal(NOT_LOGGED_IN)
  })

  it('treats a blank HEROKU_API_KEY as missing', async () => {
    const error = await findToken('api.heroku.com', {HEROKU_API_KEY: '   '}).catch(error_ => error_)
    expect(error.message).to.equal(NOT_LOGGED_IN)
  })

  it('reads the token `heroku login` stored in ~/.netrc for the API host', async () => {
    writeNetrc('machine api.heroku.com login a@b.c password NETRC-TOKEN-42\n')
    expect(await findToken('api.heroku.com', {})).to.equal('NETRC-TOKEN-42')
  })

  it('reads the entry of the host it is asked for', async () => {
    writeNetrc('machine api.heroku.com login a@b.c password PROD-TOKEN\nmachine 127.0.0.1:5000 login a@b.c password SANDBOX-TOKEN\n')
    expect(await findToken('127.0.0.1:5000', {})).to.equal('SANDBOX-TOKEN')
  })

  it('says "Not logged in" when ~/.netrc has no entry for the host', async () => {
    writeNetrc('machine api.other.test login a@b.c password OTHER\n')
    const error = await findToken('api.heroku.com', {}).catch(error_ => error_)
    expect(error.message).to.equal(NOT_LOGGED_IN)
  })

  it('still finds the ~/.netrc token when the Heroku CLI recorded an account under XDG_DATA_HOME', async () => {
    const data = join(home, 'xdg')
    mkdirSync(join(data, 'heroku'), {recursive: true})
    writeFileSync(join(data, 'heroku', 'login.json'), JSON.stringify({account: 'a@b.c'}))
    writeNetrc('machine api.heroku.com login a@b.c password NETRC-TOKEN-43\n')
    expect(await findToken('api.heroku.com', {XDG_DATA_HOME: data})).to.equal('NETRC-TOKEN-43')
  })
})
