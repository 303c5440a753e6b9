import {Flags, Parser} from '@oclif/core'
import {expect} from 'chai'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const commandsDir = join(root, 'src', 'commands')

function commandFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return commandFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

function commandId(file: string): string {
  return relative(commandsDir, file).replace(/\.ts$/, '').replace(/\/index$/, '').split('/').join(':')
}

/** Splits an example command line the way a POSIX shell would for simple quoting, up to a redirection or pipe. */
function shellWords(line: string): string[] {
  const words: string[] = []
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (match[3] !== undefined && /^(?:[|;]|&&|\d?>>?)/.test(match[3])) break
    words.push(match[1] ?? match[2] ?? match[3])
  }

  return words
}

interface CommandClass {
  aliases?: string[]
  args?: Record<string, unknown>
  /** Flags of every command (BaseCommand's --no-color). */
  baseFlags?: Record<string, unknown>
  description?: string
  enableJsonFlag?: boolean
  examples?: Array<string | {command: string}>
  flags?: Record<string, unknown>
}

const files = commandFiles(commandsDir)
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {aliases: string[]; args: Record<string, unknown>; flags: Record<string, unknown>}>}

describe('every command', () => {
  it('is found', () => {
    expect(files.length).to.be.greaterThan(0)
  })

  for (const file of files) {
    const id = commandId(file)

    describe(id, () => {
      let command: CommandClass

      before(async () => {
        command = (await import(pathToFileURL(file).href)).default
      })

      it('has a description and examples', () => {
        expect(command.description, 'description').to.be.a('string').and.not.equal('')
        expect(command.examples, 'examples').to.be.an('array').that.is.not.empty
      })

      it('has examples that parse with its own flags and arguments', async () => {
        const flags = {...command.baseFlags, ...command.flags, ...(command.enableJsonFlag ? {json: Flags.boolean()} : {})}
        for (const example of command.examples ?? []) {
          const line = typeof example === 'string' ? example : example.command
          const prefix = '<%= config.bin %> <%= command.id %>'
          expect(line.startsWith(prefix), `example starts with the command: ${line}`).to.equal(true)
          const argv = shellWords(line.slice(prefix.length))
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          await Parser.parse(argv, {args: command.args as any, flags: flags as any, strict: true}).catch((error: Error) => {
            throw new Error(`example "${line}" does not parse: ${error.message}`)
          })
        }
      })

      it('is listed in oclif.manifest.json as it is in the source (run `npm run manifest`)', () => {
        const listed = manifest.commands[id]
        expect(listed, `${id} in the manifest`).to.not.equal(undefined)
        const sourceFlags = Object.keys({...command.baseFlags, ...command.flags, ...(command.enableJsonFlag ? {json: true} : {})}).sort()
        expect(Object.keys(listed.flags).sort(), 'flags').to.deep.equal(sourceFlags)
        expect(Object.keys(listed.args).sort(), 'args').to.deep.equal(Object.keys(command.args ?? {}).sort())
        expect(listed.aliases, 'aliases').to.deep.equal(command.aliases ?? [])
      })
    })
  }

  it('and nothing else is in the manifest', () => {
    expect(Object.keys(manifest.commands).sort()).to.deep.equal(files.map(f => commandId(f)).sort())
  })
})
