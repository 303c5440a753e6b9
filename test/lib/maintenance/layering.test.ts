import {expect} from 'chai'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The domain returns data: no module of src/lib/maintenance may import the presentation side
 * (src/lib/format, src/lib/present), whose texts and columns are built from what the domain returns.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url))
const domain = join(root, 'src/lib/maintenance')
const PRESENTATION = ['src/lib/format', 'src/lib/present']

interface Specifier {
  text: string
}

/** Every module a source text names: static imports and re-exports, `import type`, dynamic `import()`, and `import '…'`. */
function moduleSpecifiers(source: string): Specifier[] {
  const found: Specifier[] = []
  for (const match of source.matchAll(/^\s*(import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push({text: match[2]})
  for (const match of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push({text: match[1]})
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({text: match[1]})
  return found
}

function isPresentation(file: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return false
  const target = relative(root, resolve(dirname(file), specifier))
  return PRESENTATION.some(place => target === place || target.startsWith(`${place}/`))
}

function violations(name: string): string[] {
  const file = join(domain, name)
  return moduleSpecifiers(readFileSync(file, 'utf8'))
  .filter(s => isPresentation(file, s.text))
  .map(s => `${name} imports ${s.text}`)
}

describe('maintenance layering: the domain never imports format or present', () => {
  const modules = readdirSync(domain).filter(name => name.endsWith('.ts')).sort()

  it('finds the domain modules', () => {
    expect(modules).to.include.members(['history.ts', 'list.ts', 'schedule.ts', 'types.ts', 'window.ts'])
  })

  it('reads every form of import', () => {
    const source = [
      "import {formatTime} from '../format/time.js'",
      "import type {Column} from '../format/table.js'",
      "export {describeDryRun} from '../present/impact.js'",
      'import {',
      '  a,',
      "} from '../present/list.js'",
      "import '../present/side-effect.js'",
      "const later = await import('../format/duration.js')",
    ].join('\n')
    expect(moduleSpecifiers(source).map(s => s.text)).to.have.members([
      '../format/time.js',
      '../format/table.js',
      '../present/impact.js',
      '../present/list.js',
      '../present/side-effect.js',
      '../format/duration.js',
    ])
    const file = join(domain, 'example.ts')
    expect(['../format/time.js', '../present/list.js', './format.js', '../errors.js'].map(s => isPresentation(file, s))).to.deep.equal([true, true, false, false])
  })

  for (const name of modules) {
    it(`${name} imports neither src/lib/format nor src/lib/present`, () => {
      expect(violations(name)).to.deep.equal([])
    })
  }
})
