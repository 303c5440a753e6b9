import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

import {importsOf, importSpecifiers, packageName, sourceFiles} from './imports.js'

// The sandbox is an independent model of the service: sharing code with the plugin would let one mistake pass both.

const root = fileURLToPath(new URL('../..', import.meta.url))
const sandboxRoot = join(root, 'packages', 'sandbox')
const SANDBOX = 'heroku-data-maintenance-sandbox'

interface Imports {
  file: string
  specifiers: string[]
}

const inside = (folder: string, path: string) => path === folder || path.startsWith(folder + sep)
const show = (file: string, specifier: string) => `${relative(root, file)} imports ${specifier}`

/** What plugin code imports from the sandbox: its package by name, or a path into packages/. */
function importsOfTheSandbox(entries: Imports[]): string[] {
  return entries.flatMap(({file, specifiers}) => specifiers
  .filter(specifier => specifier.startsWith('.') ? inside(join(root, 'packages'), resolve(dirname(file), specifier)) : packageName(specifier) === SANDBOX)
  .map(specifier => show(file, specifier)))
}

/** What sandbox code imports from outside itself: a path out of packages/sandbox, or a package it does not depend on. */
function importsFromOutside(entries: Imports[], dependencies: string[]): string[] {
  return entries.flatMap(({file, specifiers}) => specifiers
  .filter(specifier => {
    if (specifier.startsWith('.')) return !inside(sandboxRoot, resolve(dirname(file), specifier))
    return !specifier.startsWith('node:') && !dependencies.includes(packageName(specifier))
  })
  .map(specifier => show(file, specifier)))
}

describe('the plugin and the sandbox share no code', () => {
  const plugin = importsOf([...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'bin'))])
  const sandbox = importsOf(sourceFiles(sandboxRoot).filter(file => !file.endsWith('.js') || inside(join(sandboxRoot, 'bin'), file)))
  const sandboxPackage = JSON.parse(readFileSync(join(sandboxRoot, 'package.json'), 'utf8')) as {dependencies: Record<string, string>; name: string}

  it('reads every form of import, and not comments or strings that look like one', () => {
    const text = [
      "import {a} from '../a.js'",
      "import type {B} from './b.js'",
      'import {',
      '  c,',
      "} from '@scope/c/deep/path.js'",
      "export {d} from 'd'",
      "import './e.js'",
      "const f = await import('f')",
      "// import g from 'g'",
      'const h = "from \'h\'"',
    ].join('\n')
    expect(importSpecifiers(text)).to.deep.equal(['../a.js', './b.js', '@scope/c/deep/path.js', 'd', './e.js', 'f'])
    expect(['@scope/c/deep/path.js', 'luxon', 'luxon/src/x.js'].map(specifier => packageName(specifier))).to.deep.equal(['@scope/c', 'luxon', 'luxon'])
  })

  it('finds an import of the sandbox in plugin code, and one from outside in sandbox code', () => {
    const pluginFile = join(root, 'src', 'lib', 'example.ts')
    expect(importsOfTheSandbox([{file: pluginFile, specifiers: ['./flags.js', `${SANDBOX}/seeds`, '../../packages/sandbox/src/world.js', 'luxon']}]))
    .to.deep.equal([`src/lib/example.ts imports ${SANDBOX}/seeds`, 'src/lib/example.ts imports ../../packages/sandbox/src/world.js'])
    const sandboxFile = join(sandboxRoot, 'src', 'example.ts')
    expect(importsFromOutside([{file: sandboxFile, specifiers: ['./world.js', '../../../src/lib/errors.js', 'heroku-data-maintenance', '@oclif/core', 'luxon', 'node:fs']}], ['luxon']))
    .to.deep.equal([
      'packages/sandbox/src/example.ts imports ../../../src/lib/errors.js',
      'packages/sandbox/src/example.ts imports heroku-data-maintenance',
      'packages/sandbox/src/example.ts imports @oclif/core',
    ])
  })

  it('the plugin (src/, bin/) imports nothing from the sandbox', () => {
    expect(plugin.flatMap(entry => entry.specifiers)).to.have.length.greaterThan(100)
    expect(importsOfTheSandbox(plugin)).to.deep.equal([])
  })

  it('the sandbox imports nothing from the plugin, only itself, Node.js and its own dependencies', () => {
    expect(sandbox.map(entry => relative(sandboxRoot, entry.file))).to.include.members(['bin/sandbox.js', join('src', 'cli.ts'), join('src', 'redis', 'resp.ts')])
    expect(sandbox.flatMap(entry => entry.specifiers)).to.include.members(['luxon', './world.js'])
    expect(sandboxPackage.name).to.equal(SANDBOX)
    expect(importsFromOutside(sandbox, Object.keys(sandboxPackage.dependencies))).to.deep.equal([])
  })
})
