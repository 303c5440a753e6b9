import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {earlyBreaks, linesWiderThan} from '../helpers/help-layout.js'
import {ROOT} from '../helpers/sandbox.js'

const exec = promisify(execFile)

/** `bin/run.js help data:maintenances` as a user runs it: into a pipe with COLUMNS set, or on a terminal of that width. */
async function help(width: number, on: 'pipe' | 'terminal'): Promise<string> {
  const env: NodeJS.ProcessEnv = {...process.env, COLUMNS: String(width), NO_COLOR: '1'}
  delete env.OCLIF_COLUMNS
  if (on === 'pipe') return (await exec(process.execPath, ['bin/run.js', 'help', 'data:maintenances'], {cwd: ROOT, env})).stdout
  // script(1) gives the command a pseudo-terminal; stty sets its width, which oclif asks instead of COLUMNS.
  delete env.COLUMNS
  const command = `stty cols ${width} rows 50; ${process.execPath} bin/run.js help data:maintenances`
  const {stdout} = await exec('/usr/bin/script', ['-qfec', command, '/dev/null'], {cwd: ROOT, env})
  return stdout.replaceAll('\r\n', '\n')
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
