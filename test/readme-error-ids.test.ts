import {expect} from 'chai'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {ExitCode} from '../src/lib/errors.js'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The plugin's sources (the sandbox is another program, with errors of its own). */
function pluginSources(): Array<{path: string; text: string}> {
  const sources: Array<{path: string; text: string}> = []
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'sandbox') visit(path)
      else if (entry.name.endsWith('.ts')) sources.push({path: relative(root, path), text: readFileSync(path, 'utf8')})
    }
  }

  visit(join(root, 'src'))
  return sources
}

interface EmittedId {
  exit: number
  id: string
  status: boolean
  where: string
}

/** Every error id the source can put in `error.id`, with its exit code and whether the error carries an HTTP status. */
function emittedIds(): EmittedId[] {
  const ids: EmittedId[] = []
  for (const {path, text} of pluginSources()) {
    // ApiError({id: '…', …, status}): an API failure, exit 2, with a status.
    for (const [, id] of text.matchAll(/\bid: '([a-z][a-z_]*)'/g)) ids.push({exit: ExitCode.api, id, status: true, where: path})
    // super(message, ExitCode.x, '…') and new MaintenanceCliError(message, ExitCode.x, '…'): no status.
    for (const [, code, id] of text.matchAll(/ExitCode\.(\w+), '([a-z][a-z_]*)'\)/g)) {
      ids.push({exit: ExitCode[code as keyof typeof ExitCode], id, status: false, where: path})
    }
  }

  // The catch-all of BaseCommand.toErrorJson and the id made up when the API gave none.
  const base = readFileSync(join(root, 'src/lib/base-command.ts'), 'utf8')
  const fallback = /const id = error instanceof MaintenanceCliError \? error\.id : '([a-z_]+)'/.exec(base)?.[1]
  expect(fallback, 'the fallback id in base-command.ts').to.be.a('string')
  ids.push({exit: ExitCode.api, id: fallback!, status: false, where: 'src/lib/base-command.ts'})
  const client = readFileSync(join(root, 'src/lib/api/client.ts'), 'utf8')
  expect(client, 'the id of an API error without one').to.match(/`http_\$\{status\}`/)
  ids.push({exit: ExitCode.api, id: 'http_<status>', status: true, where: 'src/lib/api/client.ts'})
  return ids
}

/** The rows of the README's table of error ids: each id named in a row's first cell, with the row's exit and status cells. */
function documentedIds(): Map<string, {exit: string; status: string}> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## JSON output'), readme.indexOf('\n## ', readme.indexOf('## JSON output') + 1))
  const table = section.slice(section.indexOf('| `id` | exit | `status` | when |'))
  const rows = new Map<string, {exit: string; status: string}>()
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break
    const [ids, exit, status] = line.split(' | ').map(cell => cell.replace(/^\| /, ''))
    for (const [, id] of ids.matchAll(/`([a-z_<>]+)`/g)) rows.set(id, {exit, status})
  }

  return rows
}

describe('README: the --json error ids', () => {
  it('lists every error id the source can emit, with its exit code and whether status is present', () => {
    const documented = documentedIds()
    const emitted = emittedIds()
    expect(emitted.map(e => e.id)).to.include.members(['network_error', 'invalid_input', 'wait_timeout', 'error'])
    for (const {exit, id, status, where} of emitted) {
      const row = documented.get(id)
      expect(row, `${id} (from ${where}) is not in README's table of error ids`).to.not.equal(undefined)
      expect(row!.exit, `exit code of ${id}`).to.equal(String(exit))
      expect(row!.status, `status column of ${id}`).to.match(status ? /^yes/ : /^no/)
    }
  })
})
