import * as net from 'node:net'

/**
 * A minimal RESP2 client over node:net: enough for the sandbox to run and watch its redis-server
 * processes, and for the end-to-end test app to write through a failover. Commands are pipelined
 * and answered in order; one connection per caller.
 */

/** An error reply from the server (`-READONLY ...`, `-ERR ...`); `code` is its first word. */
export class RespError extends Error {
  readonly code: string

  constructor(message: string) {
    super(message)
    this.name = 'RespError'
    this.code = message.split(' ', 1)[0]
  }
}

/** The connection was lost, could not be made, or a command took longer than allowed. */
export class RespConnectionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RespConnectionError'
  }
}

export type RespValue = null | number | RespError | RespValue[] | string

export interface RedisAddress {
  host: string
  port: number
  password?: string
  /** An ACL user (AUTH user password); without one, AUTH password (the default user). */
  user?: string
}

/** `redis://[user]:[password]@host:port` → address. An empty user (`redis://:password@…`) means the default user. */
export function parseRedisUrl(text: string): RedisAddress {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error(`not a redis:// URL: ${JSON.stringify(text)}`)
  }

  if (url.protocol !== 'redis:' || url.hostname === '' || url.port === '') throw new Error(`not a redis://host:port URL: ${JSON.stringify(text)}`)
  const password = decodeURIComponent(url.password)
  const user = decodeURIComponent(url.username)
  return {host: url.hostname, port: Number(url.port), ...(password ? {password} : {}), ...(user ? {user} : {})}
}

/** The URL of an address; `redis://default:PASSWORD@…` for the default user, which redis-cli -u also understands. */
export function formatRedisUrl(address: RedisAddress): string {
  const auth = address.password ? `${encodeURIComponent(address.user ?? '')}:${encodeURIComponent(address.password)}@` : ''
  return `redis://${auth}${address.host}:${address.port}`
}

export function encodeCommand(args: Array<number | string>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
  for (const arg of args) {
    const bytes = Buffer.from(String(arg), 'utf8')
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'))
  }

  return Buffer.concat(parts)
}

interface Parsed {
  end: number
  value: RespValue
}

/** Reads one value starting at `start`; undefined while the buffer does not hold all of it yet. */
export function parseReply(buffer: Buffer, start = 0): Parsed | undefined {
  const lineEnd = buffer.indexOf('\r\n', start)
  if (lineEnd === -1) return undefined
  const type = String.fromCodePoint(buffer[start])
  const line = buffer.toString('utf8', start + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
  case '$': {
    const length = Number(line)
    if (length < 0) return {end: next, value: null}
    if (buffer.length < next + length + 2) return undefined
    return {end: next + length + 2, value: buffer.toString('utf8', next, next + length)}
  }

  case '*': {
    const count = Number(line)
    if (count < 0) return {end: next, value: null}
    const items: RespValue[] = []
    let position = next
    for (let index = 0; index < count; index++) {
      const item = parseReply(buffer, position)
      if (!item) return undefined
      items.push(item.value)
      position = item.end
    }

    return {end: position, value: items}
  }

  case '+': {
    return {end: next, value: line}
  }

  case '-': {
    return {end: next, value: new RespError(line)}
  }

  case ':': {
    return {end: next, value: Number(line)}
  }

  default: {
    throw new RespConnectionError(`unexpected reply type ${JSON.stringify(type)} from the server`)
  }
  }
}

interface Pending {
  reject(error: Error): void
  resolve(value: RespValue): void
  timer?: NodeJS.Timeout
}

export interface ConnectOptions extends RedisAddress {
  /** Gives up connecting (and authenticating) after this long; default 2000 ms. */
  timeoutMs?: number
}

export class RespClient {
  private buffer: Buffer = Buffer.alloc(0)
  private closedError: Error | undefined
  private readonly pending: Pending[] = []
  private readonly socket: net.Socket

  private constructor(socket: net.Socket) {
    this.socket = socket
    socket.on('data', chunk => this.receive(chunk))
    socket.on('error', error => this.fail(new RespConnectionError(`connection lost: ${error.message}`)))
    socket.on('close', () => this.fail(new RespConnectionError('connection closed by the server')))
  }

  /** Connects, and authenticates when the address has a password. */
  static async connect(options: ConnectOptions): Promise<RespClient> {
    const timeoutMs = options.timeoutMs ?? 2000
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const candidate = net.createConnection({host: options.host, port: options.port})
      const timer = setTimeout(() => {
        candidate.destroy()
        reject(new RespConnectionError(`could not connect to ${options.host}:${options.port} within ${timeoutMs} ms`))
      }, timeoutMs)
      candidate.once('connect', () => {
        clearTimeout(timer)
        candidate.off('error', onError)
        resolve(candidate)
      })
      const onError = (error: Error) => {
        clearTimeout(timer)
        reject(new RespConnectionError(`could not connect to ${options.host}:${options.port}: ${error.message}`))
      }

      candidate.once('error', onError)
    })
    socket.setNoDelay(true)
    const client = new RespClient(socket)
    if (options.password) {
      try {
        await client.call(options.user ? ['AUTH', options.user, options.password] : ['AUTH', options.password], timeoutMs)
      } catch (error) {
        client.close()
        throw error
      }
    }

    return client
  }

  get closed(): boolean {
    return this.closedError !== undefined
  }

  /**
   * Sends one command. Resolves with the reply; an error reply rejects with RespError, a lost
   * connection (or no answer within `timeoutMs`, which also closes the connection) with RespConnectionError.
   */
  call(args: Array<number | string>, timeoutMs?: number): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError)
    return new Promise<RespValue>((resolve, reject) => {
      const entry: Pending = {reject, resolve}
      if (timeoutMs !== undefined) {
        entry.timer = setTimeout(() => {
          this.fail(new RespConnectionError(`no answer to ${String(args[0])} within ${timeoutMs} ms`))
          this.socket.destroy()
        }, timeoutMs)
      }

      this.pending.push(entry)
      this.socket.write(encodeCommand(args))
    })
  }

  /** Like call, for replies that are text (INFO, GET, PING). */
  async text(args: Array<number | string>, timeoutMs?: number): Promise<string> {
    const reply = await this.call(args, timeoutMs)
    if (typeof reply !== 'string') throw new RespError(`ERR expected a text reply to ${String(args[0])}, got ${JSON.stringify(reply)}`)
    return reply
  }

  /** Closes the connection; commands still waiting reject. */
  close(): void {
    this.fail(new RespConnectionError('connection closed by the client'))
    this.socket.destroy()
  }

  private fail(error: Error): void {
    this.closedError ??= error
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer)
      entry.reject(this.closedError)
    }
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    let offset = 0
    for (;;) {
      let parsed: Parsed | undefined
      try {
        parsed = parseReply(this.buffer, offset)
      } catch (error) {
        this.fail(error as Error)
        this.socket.destroy()
        return
      }

      if (!parsed) break
      offset = parsed.end
      const entry = this.pending.shift()
      if (!entry) continue
      clearTimeout(entry.timer)
      if (parsed.value instanceof RespError) entry.reject(parsed.value)
      else entry.resolve(parsed.value)
    }

    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset)
  }
}

/** `INFO` text → its `key:value` fields (section headers and blank lines dropped). */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1)
  }

  return fields
}
