import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT} from '../../scripts/sandbox-session.js'
import {stripAnsi} from '../../src/lib/format/color.js'
import {APP, expectCleanOutput, type SandboxSession, useSandbox} from './helpers.js'

/** util-linux `script`: runs a command on a pseudo-terminal, as a user's shell would. */
const SCRIPT = '/usr/bin/script'
const ESCAPE = '\u001B['

interface PtyRun {
  code: null | number
  /** Everything the command wrote to the terminal (stdout and stderr together). */
  output: string
}

const quote = (word: string) => `'${word.replaceAll("'", String.raw`'\''`)}'`

/** What the terminal shows, line by line: a carriage return rewrites a line, so each piece counts on its own. */
function shownLines(output: string): string[] {
  return output.split(/\r?\n/).flatMap(line => line.split('\r')).map(piece => stripAnsi(piece))
}

const visible = (line: string) => [...line].length

describe('e2e: on a terminal (bin/run.js on a pseudo-terminal)', function () {
  this.timeout(60_000)
  let session: SandboxSession
  useSandbox(opened => {
    session = opened
  })

  before(function () {
    if (!existsSync(SCRIPT)) this.skip()
  })

  /** Runs `bin/run.js ARGS` on a pty of `columns` columns, with colours as a user's terminal has them unless env says otherwise. */
  function onTerminal(args: string[], options: {columns?: number; env?: Record<string, string | undefined>} = {}): Promise<PtyRun> {
    const columns = options.columns ?? 80
    const command = `stty cols ${columns} rows 40 2>/dev/null; exec ${quote(process.execPath)} ${quote(join(ROOT, 'bin', 'run.js'))} ${args.map(a => quote(a)).join(' ')}`
    const env = session.environment({COLUMNS: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm-256color', ...options.env})
    const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']})
    child.stdin.end()
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    return new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('close', code => {
        expectCleanOutput(session.token, {code, interleaved: output, signal: null, stderr: output, stdout: output})
        resolve({code, output})
      })
    })
  }

  const views: Array<{args: string[]; header: RegExp; name: string}> = [
    {args: ['data:maintenances', '-a', APP], header: /^Addon +Status +Required by \(UTC\) +Scheduled \(UTC\)$/, name: 'the default list'},
    {args: ['data:maintenances', '-a', APP, '-x'], header: /^Addon +Status +Scheduled \(UTC\) +Kind +Plan$/, name: '-x'},
    {args: ['data:maintenances', '--all'], header: /^App +Addon +Status +(Required by \(UTC\) +)?Scheduled \(UTC\)$/, name: 'the fleet view --all'},
    {args: ['data:maintenances', '-a', APP, '--tz', 'Europe/Berlin'], header: /^Addon +Status +Required by \(Berlin\) +Scheduled \(Berlin\)$/, name: '--tz Europe/Berlin'},
  ]

  for (const {args, header, name} of views) {
    it(`prints ${name} at 80 columns without a line wider than 80, and in colour`, async () => {
      const {code, output} = await onTerminal(args, {env: {COLUMNS: '80'}})

      expect(code, output).to.equal(0)
      const shown = shownLines(output)
      expect(shown.filter(line => visible(line) > 80), output).to.deep.equal([])
      expect(shown.find(line => line.startsWith('App') || line.startsWith('Addon'))).to.match(header)
      expect(output).to.include(`${ESCAPE}33mredis-lively-12345${ESCAPE}39m`)
    })
  }

  it('fits the terminal\'s own width (stty) when COLUMNS is not set', async () => {
    const {code, output} = await onTerminal(['data:maintenances:history', 'REDIS_URL', '-a', APP], {columns: 60})

    expect(code, output).to.equal(0)
    const shown = shownLines(output).filter(line => line !== '')
    expect(shown.length).to.be.greaterThan(2)
    expect(Math.max(...shown.map(line => visible(line)))).to.be.within(41, 60)
    expect(shown[0]).to.match(/^Status +Started \(UTC\) +Completed \(UTC\) +Duration$/)
  })

  it('colours nothing with NO_COLOR', async () => {
    const {code, output} = await onTerminal(['data:maintenances', '--all'], {env: {NO_COLOR: '1'}})

    expect(code, output).to.equal(0)
    expect(output).to.include('redis-lively-12345')
    expect(output).not.to.include(ESCAPE)
  })

  it('colours nothing with --no-color', async () => {
    const {code, output} = await onTerminal(['data:maintenances', '-a', APP, '--no-color'])

    expect(code, output).to.equal(0)
    expect(output).to.include('redis-lively-12345')
    expect(output).not.to.include(ESCAPE)
  })

  it('prints --json with no colour and nothing cut, on a terminal however narrow', async () => {
    const {code, output} = await onTerminal(['data:maintenances', '-a', APP, '--json'], {columns: 40, env: {COLUMNS: '40'}})

    expect(code, output).to.equal(0)
    expect(output).not.to.include(ESCAPE)
    const listed = JSON.parse(output.replaceAll('\r\n', '\n')) as Array<{addon: {name: string}}>
    expect(listed.map(m => m.addon.name)).to.deep.equal(['redis-lively-12345', 'postgresql-curved-12345', 'redis-tiny-54321'])
  })
})
