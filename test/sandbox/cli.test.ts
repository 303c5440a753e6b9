import {expect} from 'chai'
import {environmentLines, parseSandboxArgs, runSandboxCli} from 'heroku-data-maintenance-sandbox/cli'
import {type ChildProcess, spawn} from 'node:child_process'
import {EventEmitter} from 'node:events'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {fileURLToPath} from 'node:url'

import {callSandbox, temporaryDirectory, TOKEN} from './helpers.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const LISTENING = /^Sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/

class CapturedStream {
  text = ''

  write(chunk: string): boolean {
    this.text += chunk
    return true
  }
}

function newestSourceTime(): number {
  const folder = path.join(ROOT, 'packages/sandbox/src')
  return Math.max(...fs.readdirSync(folder).map(name => fs.statSync(path.join(folder, name)).mtimeMs))
}

/**
 * bin/sandbox.js runs the build output. Use the project's dist/ when it is up to date (as after
 * `npm run build`); otherwise transpile the sandbox alone into a temporary copy of the layout.
 */
async function prepareSandboxBin(scratch: string): Promise<string> {
  const built = path.join(ROOT, 'packages/sandbox/dist/cli.js')
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSourceTime()) return path.join(ROOT, 'packages/sandbox/bin/sandbox.js')

  const {default: ts} = await import('typescript')
  const copy = path.join(scratch, 'package')
  fs.mkdirSync(path.join(copy, 'bin'), {recursive: true})
  fs.mkdirSync(path.join(copy, 'dist'), {recursive: true})
  fs.writeFileSync(path.join(copy, 'package.json'), '{"type": "module"}\n')
  fs.copyFileSync(path.join(ROOT, 'packages/sandbox/bin/sandbox.js'), path.join(copy, 'bin/sandbox.js'))
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir')
  const sources = path.join(ROOT, 'packages/sandbox/src')
  for (const name of fs.readdirSync(sources).filter(file => file.endsWith('.ts'))) {
    const {outputText} = ts.transpileModule(fs.readFileSync(path.join(sources, name), 'utf8'), {
      compilerOptions: {module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022},
    })
    fs.writeFileSync(path.join(copy, 'dist', name.replace(/\.ts$/, '.js')), outputText)
  }

  return path.join(copy, 'bin/sandbox.js')
}

function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      if (lines.length > count) {
        child.stdout!.off('data', onData)
        resolve(lines.slice(0, count))
      }
    }

    child.stdout!.on('data', onData)
    child.once('exit', code => reject(new Error(`exited with ${code} before printing ${count} lines: ${buffered}`)))
  })
}

function exitOf(child: ChildProcess): Promise<{code: null | number; signal: NodeJS.Signals | null}> {
  return new Promise(resolve => {
    child.once('exit', (code, signal) => resolve({code, signal}))
  })
}

describe('sandbox command line', () => {
  let scratch: string

  beforeEach(() => {
    scratch = temporaryDirectory()
  })

  afterEach(() => {
    fs.rmSync(scratch, {force: true, recursive: true})
  })

  describe('parseSandboxArgs', () => {
    it('has defaults: a free port, a temp state file, a random token, the demo seed', () => {
      const parsed = parseSandboxArgs([])
      expect(parsed.help).to.equal(false)
      expect(parsed.tokenGenerated).to.equal(true)
      expect(parsed.options.token).to.match(/^sandbox-[\da-f]{32}$/)
      expect(parsed.options).to.include({admin: false, clock: 'real', port: 0, seed: undefined, now: undefined})
      expect(parsed.options.stateFile).to.contain('heroku-data-maintenance-sandbox-')
    })

    it('reads every flag', () => {
      const argv = ['--port', '5001', '--state', 'x.json', '--token', 'abc', '--seed', 'empty', '--admin']
      const parsed = parseSandboxArgs([...argv, '--now', '2027-01-01T00:00:00Z', '--random-seed', '9', '--host', '127.0.0.2', '--speed', '60'])
      expect(parsed.tokenGenerated).to.equal(false)
      expect(parsed.options).to.deep.equal({
        admin: true, clock: 'real', speed: 60, host: '127.0.0.2', now: '2027-01-01T00:00:00Z', port: 5001, randomSeed: 9, seed: 'empty', stateFile: 'x.json', token: 'abc',
      })
    })

    it('refuses bad values and unknown flags', () => {
      expect(() => parseSandboxArgs(['--port', 'http'])).to.throw(/--port must be a whole number/)
      expect(() => parseSandboxArgs(['--port', '70000'])).to.throw(/--port/)
      expect(() => parseSandboxArgs(['--colour'])).to.throw(/colour/)
      expect(() => parseSandboxArgs(['--clock', 'fast'])).to.throw('--clock must be real or manual, not "fast"')
      expect(() => parseSandboxArgs(['--speed', '0'])).to.throw(/--speed must be a whole number from 1 to 100000/)
      expect(() => parseSandboxArgs(['--clock', 'manual', '--speed', '5'])).to.throw('--speed applies only to --clock real')
      expect(parseSandboxArgs(['--clock', 'manual']).options.clock).to.equal('manual')
      expect(() => parseSandboxArgs(['--token', 'a b'])).to.throw(/--token/)
    })

    it('prints the lines that point a Heroku CLI at the sandbox', () => {
      const lines = environmentLines({url: 'http://127.0.0.1:5123', port: 5123, token: 'tok', async close() {}})
      expect(lines).to.deep.equal([
        'Sandbox listening on http://127.0.0.1:5123',
        'export HEROKU_HOST=http://127.0.0.1:5123 HEROKU_DATA_HOST=127.0.0.1 HEROKU_REDIS_HOST=127.0.0.1 HEROKU_API_KEY=tok',
      ])
    })
  })

  describe('runSandboxCli in-process', () => {
    it('serves until SIGTERM, then saves and resolves 0', async () => {
      const stdout = new CapturedStream()
      const stderr = new CapturedStream()
      // eslint-disable-next-line unicorn/prefer-event-target -- stands in for process, which is an EventEmitter
      const signals = new EventEmitter()
      const stateFile = path.join(scratch, 'cli.json')
      const running = runSandboxCli(['--token', TOKEN, '--state', stateFile, '--admin'], {stderr, stdout}, signals as unknown as NodeJS.Process)
      while (!stdout.text.includes('# state file')) await new Promise(resolve => {
        setTimeout(resolve, 5)
      })

      const [first, second, third] = stdout.text.split('\n')
      const url = LISTENING.exec(first)![1]
      expect(second).to.equal(`export HEROKU_HOST=${url} HEROKU_DATA_HOST=127.0.0.1 HEROKU_REDIS_HOST=127.0.0.1 HEROKU_API_KEY=${TOKEN}`)
      expect(third).to.equal(`# state file: ${stateFile} (admin routes on)`)
      expect((await callSandbox(url, 'GET', '/account')).status).to.equal(200)

      signals.emit('SIGTERM')
      expect(await running).to.equal(0)
      expect(stderr.text).to.equal('')
      expect(fs.existsSync(stateFile)).to.equal(true)
      expect(signals.listenerCount('SIGINT')).to.equal(0)
    })

    it('removes its own temporary state file on a clean stop', async () => {
      const stdout = new CapturedStream()
      // eslint-disable-next-line unicorn/prefer-event-target -- stands in for process, which is an EventEmitter
      const signals = new EventEmitter()
      const running = runSandboxCli(['--token', TOKEN], {stderr: new CapturedStream(), stdout}, signals as unknown as NodeJS.Process)
      while (!stdout.text.includes('# state file')) await new Promise(resolve => {
        setTimeout(resolve, 5)
      })

      const stateFile = /^# state file: (\S+) \(removed on a clean stop\)$/m.exec(stdout.text)![1]
      expect(path.dirname(stateFile)).to.equal(os.tmpdir())
      expect(fs.existsSync(stateFile)).to.equal(true)
      signals.emit('SIGINT')
      expect(await running).to.equal(0)
      expect(fs.existsSync(stateFile)).to.equal(false)
    })

    it('prints usage with --help', async () => {
      const stdout = new CapturedStream()
      expect(await runSandboxCli(['--help'], {stderr: new CapturedStream(), stdout})).to.equal(0)
      expect(stdout.text).to.match(/^Usage: sandbox /)
    })

    it('prints one line and returns 1 for a bad flag, a corrupt state file or a busy port', async () => {
      const badFlag = new CapturedStream()
      expect(await runSandboxCli(['--port', 'x'], {stderr: badFlag, stdout: new CapturedStream()})).to.equal(1)
      expect(badFlag.text).to.match(/^sandbox: --port must be a whole number from 0 to 65535, not "x"\n$/)

      const corrupt = path.join(scratch, 'corrupt.json')
      fs.writeFileSync(corrupt, 'not json')
      const corruptErr = new CapturedStream()
      expect(await runSandboxCli(['--state', corrupt, '--token', TOKEN], {stderr: corruptErr, stdout: new CapturedStream()})).to.equal(1)
      expect(corruptErr.text).to.equal(`sandbox: state file ${corrupt} is not valid JSON; fix or remove it, or start with another --state file\n`)
      expect(fs.readFileSync(corrupt, 'utf8')).to.equal('not json')

      const blocker = net.createServer()
      await new Promise<void>(resolve => {
        blocker.listen(0, '127.0.0.1', resolve)
      })
      const {port} = blocker.address() as net.AddressInfo
      const busyErr = new CapturedStream()
      try {
        const code = await runSandboxCli(['--port', String(port), '--state', path.join(scratch, 'busy.json'), '--token', TOKEN], {stderr: busyErr, stdout: new CapturedStream()})
        expect(code).to.equal(1)
        expect(busyErr.text).to.equal(`sandbox: port ${port} on 127.0.0.1 is already in use\n`)
      } finally {
        blocker.close()
      }
    })
  })

  describe('bin/sandbox.js as a child process', () => {
    let binScratch: string
    let sandboxBin: string

    before(async () => {
      binScratch = temporaryDirectory()
      sandboxBin = await prepareSandboxBin(binScratch)
    })

    after(() => {
      fs.rmSync(binScratch, {force: true, recursive: true})
    })

    it('prints the listening and export lines, serves, and exits 0 on SIGTERM', async () => {
      const stateFile = path.join(scratch, 'child.json')
      const child = spawn(process.execPath, [sandboxBin, '--state', stateFile, '--token', TOKEN], {stdio: ['ignore', 'pipe', 'pipe']})
      const exited = exitOf(child)
      try {
        const [first, second] = await firstLines(child, 2)
        const match = LISTENING.exec(first)
        expect(match, first).to.not.equal(null)
        expect(second).to.equal(`export HEROKU_HOST=${match![1]} HEROKU_DATA_HOST=127.0.0.1 HEROKU_REDIS_HOST=127.0.0.1 HEROKU_API_KEY=${TOKEN}`)
        expect((await callSandbox(match![1], 'GET', '/apps/example-app')).body.name).to.equal('example-app')
        expect((await callSandbox(match![1], 'GET', '/__sandbox/clock')).status).to.equal(404)
      } finally {
        child.kill('SIGTERM')
      }

      expect(await exited).to.deep.equal({code: 0, signal: null})
      expect(JSON.parse(fs.readFileSync(stateFile, 'utf8')).version).to.equal(3)
    })

    it('generates and prints a token when none is given, and stops on SIGINT too', async () => {
      const child = spawn(process.execPath, [sandboxBin, '--state', path.join(scratch, 'generated.json'), '--admin'], {stdio: ['ignore', 'pipe', 'pipe']})
      const exited = exitOf(child)
      try {
        const [first, second] = await firstLines(child, 2)
        const url = LISTENING.exec(first)![1]
        const token = /HEROKU_API_KEY=(\S+)$/.exec(second)![1]
        const answer = await fetch(`${url}/__sandbox/clock`, {headers: {authorization: `Bearer ${token}`}})
        expect(answer.status).to.equal(200)
      } finally {
        child.kill('SIGINT')
      }

      expect((await exited).code).to.equal(0)
    })

    it('says to build first when dist/ is missing', async () => {
      const copy = path.join(scratch, 'unbuilt')
      fs.mkdirSync(path.join(copy, 'bin'), {recursive: true})
      fs.writeFileSync(path.join(copy, 'package.json'), '{"type": "module"}\n')
      fs.copyFileSync(path.join(ROOT, 'packages/sandbox/bin/sandbox.js'), path.join(copy, 'bin/sandbox.js'))
      const child = spawn(process.execPath, [path.join(copy, 'bin/sandbox.js')], {stdio: ['ignore', 'pipe', 'pipe']})
      let stderr = ''
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      expect((await exitOf(child)).code).to.equal(1)
      expect(stderr).to.equal('sandbox: dist/cli.js is missing; run `npm run build` first\n')
    })

    it('exits 1 with one line on stderr when the state file is corrupt', async () => {
      const stateFile = path.join(scratch, 'bad.json')
      fs.writeFileSync(stateFile, '{"version": 99}')
      const child = spawn(process.execPath, [sandboxBin, '--state', stateFile], {stdio: ['ignore', 'pipe', 'pipe']})
      let stderr = ''
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      const {code} = await exitOf(child)
      expect(code).to.equal(1)
      const expected = `sandbox: state file ${stateFile} has unknown version 99 (this sandbox reads version 3); fix or remove it, or start with another --state file`
      expect(stderr.trimEnd().split('\n')).to.deep.equal([expected])
      expect(fs.readFileSync(stateFile, 'utf8')).to.equal('{"version": 99}')
    })
  })
})
