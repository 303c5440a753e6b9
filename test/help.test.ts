import {Config} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import {fileURLToPath} from 'node:url'

import RootHelp from '../src/help.js'

const root = fileURLToPath(new URL('..', import.meta.url))

describe('root help', () => {
  it('lists every command with its summary, not only the topics', async () => {
    const config = await Config.load({ignoreManifest: true, root})
    const {stdout} = await captureOutput(() => new RootHelp(config).showHelp([]))

    expect(stdout).to.match(/^TOPICS$/m)
    expect(stdout).to.match(/^COMMANDS$/m)
    const ids = config.commands.filter(c => !c.hidden && !c.aliases.includes(c.id)).map(c => c.id)
    expect(ids).to.include.members(['data:maintenances', 'data:maintenances:info', 'data:maintenances:run', 'redis:info'])
    for (const id of ids) expect(stdout, id).to.match(new RegExp(`^  ${id} `, 'm'))
    expect(stdout).not.to.include('data-maintenances:info ')
  })
})
