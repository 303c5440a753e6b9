import {expect} from 'chai'

import {hasPtyScript} from '../../scripts/pty.js'
import {stripAnsi} from '../../src/lib/format/color.js'
import {cliOnTerminal} from '../helpers/cli.js'
import {APP, type SandboxSession, useSandbox} from '../helpers/sandbox.js'

const ESCAPE = '\u001B['

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

  // util-linux `script` runs a command on a pseudo-terminal, as a user's shell would.
  before(function () {
    if (!hasPtyScript()) this.skip()
  })

  const onTerminal = (args: string[], options: {columns?: number; env?: Record<string, string | undefined>} = {}) => cliOnTerminal(session, args, options)

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
