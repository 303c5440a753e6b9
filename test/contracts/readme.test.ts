import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {readmeWithShapes} from '../../scripts/json-docs.js'

interface ManifestFlag {
  char?: string
  hidden?: boolean
}

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {commands: Record<string, {flags: Record<string, ManifestFlag>}>}
const ids = Object.keys(manifest.commands)

/** The text of a `## TITLE` section, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`)
  expect(start, `README.md has no "## ${title}" section`).to.be.above(-1)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** `--flag` names a text mentions, leaving out code spans about another command (`window:update --tz`). */
function flagsIn(text: string, id: string): Set<string> {
  const names = new Set(ids.flatMap(other => (other === id ? [] : [other, other.replace(/^data:maintenances:/, '')])))
  const own = text.replaceAll(/`([^`]*)`/g, (span, code: string) => {
    const first = code.replace(/^heroku(-data-maintenance)? /, '').split(' ')[0]
    return names.has(first) ? '' : span
  })
  return new Set([...own.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map(match => match[1]))
}

describe('contracts: the README says what the code does', () => {
  it('JSON output: the shapes are those of schema/json/ (run `node --import tsx scripts/json-docs.ts` after changing a schema)', () => {
    expect(readme).to.equal(readmeWithShapes(readme))
  })

  describe('## Commands: every flag it names exists on that command, and every flag of every command is named there', () => {
    const commands = section('Commands')
    const [intro, ...parts] = commands.split(/\n(?=### )/)
    const everywhere = flagsIn(intro, '')
    const documented = new Map<string, string>()
    for (const part of parts) {
      const id = /^### `([\w:-]+)/.exec(part)?.[1]
      if (id && manifest.commands[id]) documented.set(id, part)
    }

    it('has a section for every command', () => {
      expect([...documented.keys()].sort()).to.deep.equal([...ids].sort())
      expect([...everywhere].sort()).to.deep.equal(['app', 'help', 'json', 'no-color', 'remote'])
    })

    for (const id of ids) {
      it(id, () => {
        const text = documented.get(id) ?? ''
        const flags = Object.entries(manifest.commands[id].flags).filter(([, flag]) => !flag.hidden)
        const flagNames = new Set(flags.map(([name]) => name))
        const named = flagsIn(text, id)
        expect([...named].filter(name => !flagNames.has(name)), 'named in the README, not a flag of the command').to.deep.equal([])
        expect([...flagNames].filter(name => !named.has(name) && !everywhere.has(name)), 'flags the README does not name').to.deep.equal([])
        const shortForms = flags.filter(([name, flag]) => flag.char && !everywhere.has(name)).map(([name, flag]) => `-${flag.char}/--${name}`)
        expect(shortForms.filter(form => !text.includes(form)), 'short flags the README does not give as -c/--name').to.deep.equal([])
      })
    }
  })
})
