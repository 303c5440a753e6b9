import {Config} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import RootHelp, {helpWidth} from '../src/help.js'
import {brokenParagraphs, earlyBreaks, linesWiderThan} from './helpers/help-layout.js'
import {run as runCommand} from './helpers/run.js'

const root = fileURLToPath(new URL('..', import.meta.url))

async function loadConfig(): Promise<Config> {
  return Config.load({ignoreManifest: true, root})
}

async function helpText(config: Config, argv: string[], maxWidth: number): Promise<string> {
  const {stdout} = await captureOutput(() => new RootHelp(config, {maxWidth}).showHelp(argv))
  return stdout
}

const listed = (config: Config) => config.commands.filter(c => !c.hidden && !c.aliases.includes(c.id)).map(c => c.id)

describe('root help', () => {
  it('lists every command once, by its own id, under one COMMANDS heading, after the topics', async () => {
    const config = await loadConfig()
    const stdout = await helpText(config, [], 80)

    expect(stdout.match(/^TOPICS$/gm)).to.have.length(1)
    expect(stdout.match(/^COMMANDS$/gm)).to.have.length(1)
    expect(stdout.indexOf('TOPICS')).to.be.below(stdout.indexOf('COMMANDS'))
    const ids = listed(config)
    expect(ids).to.include.members(['data:maintenances', 'data:maintenances:info', 'data:maintenances:run', 'redis:info'])
    for (const id of ids) expect(stdout.match(new RegExp(`^  ${id} `, 'gm')), id).to.have.length(1)
    // Aliases still run, but are not listed beside the commands they stand for.
    expect(stdout).not.to.match(/^ {2}data-maintenances/m)
  })
})

describe('help width', () => {
  it('wraps at OCLIF_COLUMNS, else at COLUMNS when stdout is not a terminal (a terminal says its own width)', () => {
    expect(helpWidth({COLUMNS: '200'}, false)).to.equal(200)
    expect(helpWidth({COLUMNS: '200'}, true)).to.equal(undefined)
    expect(helpWidth({COLUMNS: '200', OCLIF_COLUMNS: '120'}, false)).to.equal(120)
    expect(helpWidth({OCLIF_COLUMNS: '120'}, true)).to.equal(120)
    expect(helpWidth({COLUMNS: '20'}, false)).to.equal(40)
    expect(helpWidth({COLUMNS: 'abc'}, false)).to.equal(undefined)
    expect(helpWidth({COLUMNS: '0'}, false)).to.equal(undefined)
    expect(helpWidth({}, false)).to.equal(undefined)
  })

  it('uses COLUMNS for a help piped to another program', async () => {
    const config = await loadConfig()
    const saved = {columns: process.env.COLUMNS, oclif: process.env.OCLIF_COLUMNS}
    process.env.COLUMNS = '200'
    delete process.env.OCLIF_COLUMNS
    try {
      const {stdout} = await captureOutput(() => new RootHelp(config).showHelp(['data:maintenances:history']))
      expect(stdout).to.include('\n  Newest first. Columns: status, required_by, scheduled_for, started_at, completed_at, duration, window. Times are UTC; with --tz (or TZ) also in that zone.\n')
    } finally {
      for (const [name, value] of [['COLUMNS', saved.columns], ['OCLIF_COLUMNS', saved.oclif]] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  for (const width of [80, 200]) {
    it(`every command's and topic's help fits ${width} columns and breaks a line only where the next word does not fit`, async () => {
      const config = await loadConfig()
      for (const id of new Set(['', ...config.topics.map(t => t.name), ...listed(config)])) {
        const stdout = await helpText(config, id ? [id] : [], width)
        expect(linesWiderThan(stdout, width), `${id || 'root'} at ${width}`).to.deep.equal([])
        expect(earlyBreaks(stdout, width), `${id || 'root'} at ${width}`).to.deep.equal([])
      }
    })
  }

  it('at 200 columns a description paragraph that fits is one line', async () => {
    const config = await loadConfig()
    const stdout = await helpText(config, ['data:maintenances'], 200)
    const paragraph = 'Soonest required_by first. Columns: addon, attachments, window, status, required_by, scheduled_for; with --extended also kind and plan.'
    expect(stdout).to.include(`\n  ${paragraph} Times are UTC; with --tz (or TZ) also in that zone.\n`)
  })
})

describe('help text in the source', () => {
  it('has no line break inside a paragraph of any description, summary or flag or argument description', async () => {
    const config = await loadConfig()
    const broken: string[] = []
    for (const command of config.commands.filter(c => !c.aliases.includes(c.id))) {
      const texts: Array<[string, string | undefined]> = [
        ['description', command.description],
        ['summary', command.summary],
        ...Object.entries(command.flags).flatMap(([name, flag]): Array<[string, string | undefined]> => [
          [`--${name} description`, flag.description],
          [`--${name} summary`, flag.summary],
        ]),
        ...Object.entries(command.args).map(([name, arg]): [string, string | undefined] => [`${name} description`, arg.description]),
      ]
      for (const [where, text] of texts) for (const paragraph of brokenParagraphs(text)) broken.push(`${command.id} ${where}: ${paragraph}`)
    }

    expect(broken).to.deep.equal([])
  })

  it('the committed oclif.manifest.json has the same descriptions as the source (it is what bin/run.js shows)', async () => {
    const config = await loadConfig()
    type ManifestCommand = {description?: string; flags: Record<string, {description?: string; exclusive?: string[]}>}
    const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as {commands: Record<string, ManifestCommand>}
    for (const command of config.commands.filter(c => !c.aliases.includes(c.id))) {
      const committed = manifest.commands[command.id]
      expect(committed, command.id).to.not.equal(undefined)
      expect(committed.description, command.id).to.equal(command.description)
      for (const [name, flag] of Object.entries(command.flags)) {
        expect(committed.flags[name]?.description, `${command.id} --${name}`).to.equal(flag.description)
        expect(committed.flags[name]?.exclusive, `${command.id} --${name} exclusive`).to.deep.equal(flag.exclusive)
      }
    }
  })

  it('the data:maintenances usage line groups only flags that do exclude each other', async () => {
    const config = await loadConfig()
    const stdout = await helpText(config, ['data:maintenances'], 200)
    const usage = stdout.slice(stdout.indexOf('USAGE'), stdout.indexOf('FLAGS')).replaceAll(/\s+/g, ' ')
    const groups = usage.match(/\[[^\]]*\|[^\]]*\]/g) ?? []
    expect(groups).to.deep.equal(['[--csv | --json]'])
    expect(usage).to.include('[--ics]')
    expect(usage).to.include('[--columns <value>]')
    expect(usage).to.include('[--sort COLUMN[:desc]]')
  })

  it('the data:maintenances:notify usage line does not draw --app and --remote as excluding each other', async () => {
    const config = await loadConfig()
    const stdout = await helpText(config, ['data:maintenances:notify'], 200)
    const usage = stdout.slice(stdout.indexOf('USAGE'), stdout.indexOf('FLAGS')).replaceAll(/\s+/g, ' ')
    expect(usage).to.include('[-a <value>]')
    expect(usage).to.include('[-r <value>]')
    expect(usage).not.to.match(/-a <value> \||\| -r/)
  })

  it('notify still refuses --all beside --app, exit 1, before any request', async () => {
    for (const other of [['--app', 'example-app'], ['-a', 'example-app']]) {
      const {exitCode, stderr, stdout} = await runCommand(['data:maintenances:notify', '--all', ...other, '--webhook', 'http://127.0.0.1:9/hook'])
      expect(exitCode, other[0]).to.equal(1)
      expect(stderr, other[0]).to.equal('Error: The following error occurred: --app=example-app cannot also be provided when using --all\n')
      expect(stdout, other[0]).to.equal('')
    }
  })
})
