import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

import {ROOT} from './sandbox-session.js'

/** The package as users get it: packed from the project's files alone, then installed as a user would. */

export interface PackedPackage {
  /** The manifest that prepack generated in the packed tree. */
  manifest: string
  tarball: string
}

/**
 * Copies the files git knows (tracked, and untracked ones it does not ignore: no dist/, no manifest
 * build cache) into a new folder, as a fresh clone has them, and runs `npm pack` there, so that the
 * tarball holds only what prepack builds. node_modules is linked, not installed, to spare the time.
 */
export function packFreshTree(): PackedPackage {
  const work = mkdtempSync(join(tmpdir(), 'hdm-pack-'))
  const tree = join(work, 'tree')
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: ROOT, encoding: 'utf8'})
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(tree, file)), {recursive: true})
    copyFileSync(join(ROOT, file), join(tree, file))
  }

  if (existsSync(join(tree, 'dist'))) throw new Error('the packed tree has a dist/ before packing: git must ignore it')
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir')
  execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {cwd: tree, stdio: ['ignore', 'ignore', 'inherit']})
  const tarball = readdirSync(work).find(name => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack left no tarball in ${work}`)
  return {manifest: readFileSync(join(tree, 'oclif.manifest.json'), 'utf8'), tarball: join(work, tarball)}
}

/** `npm install -g TARBALL` into a new prefix (never the machine's own); returns the prefix's bin folder. */
export function installGlobally(tarball: string): string {
  const prefix = mkdtempSync(join(tmpdir(), 'hdm-prefix-'))
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {stdio: ['ignore', 'ignore', 'inherit']})
  return join(prefix, 'bin')
}
