import {expect} from 'chai'
import {USAGE} from 'heroku-data-maintenance-sandbox/cli'
import {readFileSync} from 'node:fs'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

/** The text of a `## TITLE` section, up to the next `## ` heading. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`)
  expect(start, `no "## ${title}" section`).to.be.above(-1)
  const end = text.indexOf('\n## ', start + 1)
  return text.slice(start, end === -1 ? undefined : end)
}

const flagsOf = (text: string) => new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map(match => match[1]))

describe("the sandbox's README (packages/sandbox/README.md)", () => {
  const readme = read('packages/sandbox/README.md')

  it('says first that the sandbox is an independent model of the service, sharing no code with the plugin', () => {
    const opening = readme.slice(0, readme.indexOf('\n\n', readme.indexOf('\n\n') + 2))
    expect(opening).to.match(/^# heroku-data-maintenance-sandbox\n\n\*\*An independent model of the service, on purpose\.\*\*/)
    expect(opening).to.contain('imports nothing from the plugin')
  })

  it('names in ## Flags every flag of `--help`, and no other', () => {
    const usageFlags = flagsOf(USAGE.slice(USAGE.indexOf('\n')))
    expect([...usageFlags]).to.include.members(['port', 'state', 'seed', 'clock', 'redis', 'rate-limit'])
    const rows = section(readme, 'Flags').split('\n').filter(line => line.startsWith('| `--'))
    const documented = new Set(rows.map(row => /^\| `--([a-z-]+)/.exec(row)![1]))
    expect([...documented].sort()).to.deep.equal([...usageFlags, 'help'].sort())
  })
})

describe('the root README and the sandbox', () => {
  const readme = read('README.md')

  it('keeps the two quick-start commands, and sends the reader to the package for the sandbox', () => {
    const quickStart = section(readme, 'Quick start')
    expect([...quickStart.matchAll(/```sh\n([^`]*)```/g)].map(match => match[1])).to.deep.equal(['npm ci && npm run demo\n', 'npm ci && npm test\n'])
    expect(section(readme, 'The sandbox')).to.contain('](packages/sandbox/README.md)')
  })
})
