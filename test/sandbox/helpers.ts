import {type RunningSandbox, type SandboxOptions, startSandbox} from 'heroku-data-maintenance-sandbox/server'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

export const TOKEN = 'test-token-0123456789'

/** Whatever JSON the sandbox answered; tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

export interface ApiAnswer<T = Json> {
  status: number
  body: T
  headers: Headers
}

/** A sandbox started in-process on a free port (manual clock unless told otherwise), with a temporary state file and small call helpers. */
export interface TestSandbox {
  sandbox: RunningSandbox
  directory: string
  stateFile: string
  call<T = Json>(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>
  get<T = Json>(pathAndQuery: string): Promise<ApiAnswer<T>>
  post<T = Json>(pathAndQuery: string, body?: unknown): Promise<ApiAnswer<T>>
  advance(duration: string): Promise<string>
  stop(): Promise<void>
}

export function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'))
}

export async function callSandbox(url: string, method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const response = await fetch(`${url}${pathAndQuery}`, {
    method,
    headers: {authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : {'content-type': 'application/json'}), ...headers},
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  })
  const text = await response.text()
  let parsed: unknown = text
  if ((response.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text)
  return {status: response.status, body: parsed, headers: response.headers}
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}, directory = temporaryDirectory()): Promise<TestSandbox> {
  const stateFile = path.join(directory, 'state.json')
  const sandbox = await startSandbox({admin: true, clock: 'manual', stateFile, token: TOKEN, ...options})
  const call = <T>(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>) =>
    callSandbox(sandbox.url, method, pathAndQuery, body, headers) as Promise<ApiAnswer<T>>
  return {
    sandbox,
    directory,
    stateFile,
    call,
    get: pathAndQuery => call('GET', pathAndQuery),
    post: (pathAndQuery, body) => call('POST', pathAndQuery, body),
    async advance(duration) {
      const answer = await call<{now: string}>('POST', '/__sandbox/clock', {advance: duration})
      if (answer.status !== 200) throw new Error(`advancing the clock failed: ${JSON.stringify(answer.body)}`)
      return answer.body.now
    },
    async stop() {
      await sandbox.close()
      fs.rmSync(directory, {force: true, recursive: true})
    },
  }
}
