import {expect} from 'chai'
import {
  encodeCommand,
  formatRedisUrl,
  parseInfo,
  parseRedisUrl,
  parseReply,
  RespClient,
  RespConnectionError,
  RespError,
} from 'heroku-data-maintenance-sandbox/redis/resp'
import {freePort, RedisServerProcess} from 'heroku-data-maintenance-sandbox/redis/server-process'
import * as net from 'node:net'

import {redisServerOrSkip} from '../../helpers/redis-server.js'

const PASSWORD = 'resp-test-password'

describe('sandbox redis: RESP2 encoding and parsing', () => {
  it('encodes a command as an array of bulk strings, counting bytes not characters', () => {
    expect(encodeCommand(['SET', 'clé', 42]).toString('utf8')).to.equal('*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n42\r\n')
  })

  it('parses every reply type, nested arrays and errors inside arrays', () => {
    const text = '+OK\r\n-ERR bad thing\r\n:-7\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*3\r\n:1\r\n*1\r\n$0\r\n\r\n-WRONGTYPE no\r\n'
    const buffer = Buffer.from(text)
    const values: unknown[] = []
    let offset = 0
    while (offset < buffer.length) {
      const parsed = parseReply(buffer, offset)!
      values.push(parsed.value)
      offset = parsed.end
    }

    expect(values.slice(0, 1)).to.deep.equal(['OK'])
    expect(values[1]).to.be.instanceOf(RespError)
    expect(values[1]).to.include({code: 'ERR', message: 'ERR bad thing'})
    expect(values.slice(2, 6)).to.deep.equal([-7, 'hello', null, null])
    const nested = values[6] as unknown[]
    expect(nested.slice(0, 2)).to.deep.equal([1, ['']])
    expect(nested[2]).to.include({code: 'WRONGTYPE'})
  })

  it('waits for the rest of a reply cut anywhere', () => {
    const whole = Buffer.from('*2\r\n$5\r\nhello\r\n:12\r\n')
    for (let cut = 0; cut < whole.length; cut++) expect(parseReply(whole.subarray(0, cut)), `cut at ${cut}`).to.equal(undefined)
    expect(parseReply(whole)).to.deep.equal({end: whole.length, value: ['hello', 12]})
  })

  it('refuses a reply type it does not know', () => {
    expect(() => parseReply(Buffer.from('%1\r\n'))).to.throw(RespConnectionError, 'unexpected reply type "%"')
  })

  it('reads redis URLs with or without a password, and writes them back', () => {
    expect(parseRedisUrl('redis://:p%40ss@127.0.0.1:6380')).to.deep.equal({host: '127.0.0.1', port: 6380, password: 'p@ss'})
    expect(parseRedisUrl('redis://default:secret@localhost:7000')).to.deep.equal({host: 'localhost', port: 7000, password: 'secret', user: 'default'})
    expect(parseRedisUrl('redis://127.0.0.1:6379')).to.deep.equal({host: '127.0.0.1', port: 6379})
    expect(formatRedisUrl({host: '127.0.0.1', port: 6380, password: 'p@ss'})).to.equal('redis://:p%40ss@127.0.0.1:6380')
    expect(formatRedisUrl({host: '127.0.0.1', port: 6380, password: 'p@ss', user: 'default'})).to.equal('redis://default:p%40ss@127.0.0.1:6380')
    expect(formatRedisUrl({host: '127.0.0.1', port: 6379})).to.equal('redis://127.0.0.1:6379')
    expect(() => parseRedisUrl('postgres://x@127.0.0.1:5432/d')).to.throw('not a redis://host:port URL')
    expect(() => parseRedisUrl('no url')).to.throw('not a redis:// URL: "no url"')
  })

  it('reads INFO fields, skipping section headers and blank lines', () => {
    expect(parseInfo('# Replication\r\nrole:master\r\nslave0:ip=127.0.0.1,port=1,state=online\r\n\r\n# CPU\r\nused_cpu_sys:0.1\r\n')).to.deep.equal({
      role: 'master',
      slave0: 'ip=127.0.0.1,port=1,state=online',
      used_cpu_sys: '0.1',
    })
  })
})

describe('sandbox redis: RESP2 client against a real redis-server', function () {
  this.timeout(20_000)
  let server: RedisServerProcess
  let client: RespClient | undefined

  before(async function () {
    const binary = redisServerOrSkip(this)
    server = await RedisServerProcess.start({binary, password: PASSWORD})
  })

  afterEach(() => {
    client?.close()
    client = undefined
  })

  after(async () => {
    await server?.stop()
  })

  it('authenticates and answers each reply type, pipelined in order', async () => {
    client = await RespClient.connect(server.address)
    const replies = await Promise.all([
      client.call(['DEL', 'resp:list', 'resp:text']),
      client.call(['SET', 'resp:text', 'héllo wörld']),
      client.call(['GET', 'resp:text']),
      client.call(['GET', 'resp:missing']),
      client.call(['RPUSH', 'resp:list', 1, 2, 3]),
      client.call(['LRANGE', 'resp:list', 0, -1]),
      client.text(['PING']),
    ])
    expect(replies).to.deep.equal([0, 'OK', 'héllo wörld', null, 3, ['1', '2', '3'], 'PONG'])
  })

  it('reads a reply that arrives in many chunks', async () => {
    client = await RespClient.connect(server.address)
    const big = 'x'.repeat(3 * 1024 * 1024)
    await client.call(['SET', 'resp:big', big])
    expect(await client.call(['GET', 'resp:big'])).to.equal(big)
    await client.call(['DEL', 'resp:big'])
  })

  it('rejects an error reply with RespError and goes on with the next command', async () => {
    client = await RespClient.connect(server.address)
    await client.call(['SET', 'resp:text', 'a'])
    const error = await client.call(['LPUSH', 'resp:text', 'b']).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(RespError)
    expect(error).to.have.property('code', 'WRONGTYPE')
    expect(await client.text(['GET', 'resp:text'])).to.equal('a')
    const notText = await client.text(['INCR', 'resp:counter']).catch((error_: unknown) => error_)
    expect(notText).to.be.instanceOf(RespError).and.to.have.property('message').that.contains('expected a text reply to INCR')
  })

  it('authenticates as the default user by name or without one', async () => {
    for (const address of [{...server.address, user: 'default'}, {...server.address, user: undefined}]) {
      const named = await RespClient.connect(address)
      expect(await named.call(['ACL', 'WHOAMI'])).to.equal('default')
      named.close()
    }
  })

  it('refuses a wrong password and closes the connection', async () => {
    const error = await RespClient.connect({...server.address, password: 'wrong'}).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(RespError)
    expect(error).to.have.property('code', 'WRONGPASS')
  })

  it('fails to connect where nothing listens', async () => {
    const port = await freePort()
    const error = await RespClient.connect({host: '127.0.0.1', port}).catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(RespConnectionError)
    expect((error as Error).message).to.match(new RegExp(`^could not connect to 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))
  })

  it('gives up on a server that takes the connection but never answers AUTH', async () => {
    const silent = net.createServer(() => {})
    await new Promise<void>(resolve => {
      silent.listen(0, '127.0.0.1', resolve)
    })
    const {port} = silent.address() as net.AddressInfo
    const error = await RespClient.connect({host: '127.0.0.1', port, password: 'x', timeoutMs: 100}).catch((error_: unknown) => error_)
    silent.close()
    expect(error).to.be.instanceOf(RespConnectionError)
    expect((error as Error).message).to.equal('no answer to AUTH within 100 ms')
  })

  it('rejects a command not answered in time, and everything after it, closing the connection', async () => {
    client = await RespClient.connect(server.address)
    const blocked = client.call(['BLPOP', 'resp:never', 0], 50).catch((error: unknown) => error)
    const next = client.call(['PING']).catch((error: unknown) => error)
    expect(await blocked).to.be.instanceOf(RespConnectionError).and.have.property('message', 'no answer to BLPOP within 50 ms')
    expect(await next).to.be.instanceOf(RespConnectionError)
    expect(client.closed).to.equal(true)
    expect(await client.call(['PING']).catch((error: unknown) => error)).to.be.instanceOf(RespConnectionError)
  })

  it('rejects pending commands when the server closes the connection', async () => {
    client = await RespClient.connect(server.address)
    const other = await RespClient.connect(server.address)
    const id = await client.call(['CLIENT', 'ID'])
    const waiting = client.call(['BLPOP', 'resp:never', 0]).catch((error: unknown) => error)
    await other.call(['CLIENT', 'KILL', 'ID', id as number])
    other.close()
    const error = await waiting
    expect(error).to.be.instanceOf(RespConnectionError)
    expect((error as Error).message).to.match(/^connection (closed by the server|lost: )/)
  })
})
