import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {importSpecifiers, packageName} from './imports.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

interface PackageJson {
  bin: Record<string, string>
  dependencies: Record<string, string>
  files: string[]
  keywords?: string[]
  license?: string
  repository?: {url?: string}
  scripts: Record<string, string>
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return typeScriptFiles(path)
    return entry.name.endsWith('.ts') ? [relative(root, path)] : []
  })
}

const compiled = (source: string) => source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')

describe('the packed package', function () {
  this.timeout(60_000)
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  let files: string[]

  before(() => {
    // What `npm pack` would put in the tarball, from the build that `npm test` made (prepack is tested in CI's pack-and-install check).
    const listing = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
    files = (JSON.parse(listing) as Array<{files: Array<{path: string}>}>)[0].files.map(file => file.path)
  })

  it('holds the compiled form of every command, the manifest and its binary', () => {
    const expected = typeScriptFiles(join(root, 'src', 'commands')).map(file => compiled(file))
    expect(expected).to.have.length.greaterThan(8)
    expect(files).to.include.members([...expected, 'oclif.manifest.json', ...Object.values(pkg.bin).map(bin => bin.replace(/^\.\//, ''))])
  })

  it('holds the compiled form of every module of src/, which is all the plugin runs', () => {
    const expected = typeScriptFiles(join(root, 'src')).map(file => compiled(file))
    expect(expected.filter(file => file.startsWith('dist/lib/'))).to.have.length.greaterThan(20)
    expect(files).to.include.members(['bin/run.js', 'dist/help.js', ...expected])
    expect(files.filter(file => file.startsWith('dist/'))).to.have.members(expected)
  })

  it('ships no part of the sandbox, which is the workspace package packages/sandbox', () => {
    const sandboxModules = typeScriptFiles(join(root, 'packages', 'sandbox', 'src')).map(file => file.replace(/^packages\/sandbox\/src\//, ''))
    expect(sandboxModules).to.include.members(['cli.ts', 'server.ts', 'world.ts', 'redis/resp.ts'])
    expect(files.filter(file => /sandbox|^packages\//.test(file))).to.deep.equal([])
    expect(Object.keys(pkg.bin)).to.deep.equal(['heroku-data-maintenance'])
    expect(pkg.files.filter(entry => /sandbox|packages/.test(entry))).to.deep.equal([])
  })

  it('lists every package the plugin imports as a dependency, and not the sandbox', () => {
    const imported = new Set<string>()
    for (const file of typeScriptFiles(join(root, 'src'))) {
      for (const specifier of importSpecifiers(readFileSync(join(root, file), 'utf8'))) {
        if (!specifier.startsWith('.') && !specifier.startsWith('node:')) imported.add(packageName(specifier))
      }
    }

    expect([...imported]).to.include.members(['@oclif/core', 'luxon'])
    expect([...imported].filter(name => !(name in pkg.dependencies))).to.deep.equal([])
    expect(pkg.dependencies).to.not.have.property('heroku-data-maintenance-sandbox')
  })

  it('ships the policy schema that policy:check enforces, and the schemas of every --json output', () => {
    expect(files).to.include('schema/policy.schema.json')
    expect(files).to.include.members(['schema/json/common.schema.json', 'schema/json/error.schema.json', 'schema/json/data-maintenances.schema.json'])
  })

  it('holds what users look for, and no sources, tests or source maps', () => {
    expect(files).to.include.members(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json'])
    expect(files.filter(file => /^(src|test|scripts|bench)\/|\.map$|\.tgz$/.test(file))).to.deep.equal([])
  })

  it('builds and regenerates the manifest before packing, whatever the working tree has', () => {
    expect(pkg.scripts.prepack).to.equal('npm run build && oclif manifest')
    expect(pkg.scripts.build).to.match(/^rm -rf dist && tsc /)
  })

  it('names its license, repository and keywords', () => {
    expect(pkg.license).to.equal('MIT')
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).to.match(/^MIT License\n/)
    expect(pkg.repository?.url).to.match(/^git\+https:\/\/.+\.git$/)
    expect(pkg.keywords).to.include.members(['heroku', 'heroku-cli-plugin'])
  })
})
