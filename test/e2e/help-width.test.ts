import {expect} from 'chai'

import {binCommand, onTerminal, spawnCli} from '../helpers/cli.js'
import {earlyBreaks, linesWiderThan} from '../helpers/help-layout.js'

const HELP = ['help', 'data:maintenances']

/** `bin/run.js help data:maintenances` as a user runs it: into a pipe with COLUMNS set, or on a terminal of that width. */
async function help(width: number, on: 'pipe' | 'terminal'): Promise<string> {
  const env: NodeJS.ProcessEnv = {...process.env, COLUMNS: String(width), NO_COLOR: '1'}
  delete env.OCLIF_COLUMNS
  if (on === 'terminal') delete env.COLUMNS
  const {code, output} = on === 'pipe'
    ? await spawnCli(HELP, env).done.then(result => ({code: result.code, output: result.stdout}))
    : await onTerminal(binCommand(HELP), {columns: width, env})
  if (code !== 0) throw new Error(`bin/run.js help exited ${code}:\n${output}`)
  return output.replaceAll('\r\n', '\n')
}

describe('help of bin/run.js at the screen width', () => {
  for (const on of ['pipe', 'terminal'] as const) {
    for (const width of [80, 200]) {
      it(`on a ${on} ${width} columns wide: no line is wider, and a line breaks only where the next word does not fit`, async () => {
        const stdout = await help(width, on)
        expect(stdout).to.match(/^USAGE$/m)
        expect(linesWiderThan(stdout, width)).to.deep.equal([])
        expect(earlyBreaks(stdout, width)).to.deep.equal([])
        const oneSentence = '  Soonest required_by first. Columns: addon, attachments, window, status, required_by, scheduled_for; with --extended also kind and plan.'
        if (width === 200) expect(stdout).to.include(`\n${oneSentence} Times are UTC; with --tz (or TZ) also in that zone.\n`)
        else expect(stdout).to.include('\n  Soonest required_by first. Columns: addon, attachments, window, status,\n')
      })
    }
  }
})
