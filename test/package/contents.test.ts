import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

interface PackageJson {
  bin: Record<string, string>
  keywords?: string[]
  license?: string
  repository?: {url?: string}
  scripts: Record<string, string>
}

function commandFiles(folder: string): string[] {
  return readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return commandFiles(path)
    return entry.name.endsWith('.ts') ? [relative(root, path)] : []
  })
}

describe('the packed package', function () {
  this.timeout(60_000)
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  let files: string[]

  before(() => {
    // What `npm pack` would put in the tarball, from the build that `npm test` made (prepack is tested in CI's pack-and-install check).
    const listing = execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
    files = (JSON.parse(listing) as Array<{files: Array<{path: string}>}>)[0].files.map(file => file.path)
  })

  it('holds the compiled form of every command, the manifest and both binaries', () => {
    const expected = commandFiles(join(root, 'src', 'commands')).map(file => file.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'))
    expect(expected).to.have.length.greaterThan(8)
    expect(files).to.include.members([...expected, 'oclif.manifest.json', ...Object.values(pkg.bin).map(bin => bin.replace(/^\.\//, ''))])
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
