import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ROOT} from './sandbox-session.js'

/** The official Heroku CLI v11, installed into the project's cache directory (never globally). */
export const OFFICIAL_DIR = join(ROOT, '.cache', 'heroku11')
export const OFFICIAL_BIN = join(OFFICIAL_DIR, 'node_modules', '.bin', 'heroku')

export function ensureOfficialCli(): string {
  if (!existsSync(OFFICIAL_BIN)) {
    console.error(`Installing heroku@11 into ${OFFICIAL_DIR} (once)…`)
    mkdirSync(OFFICIAL_DIR, {recursive: true})
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--prefix', OFFICIAL_DIR, 'heroku@11'], {stdio: ['ignore', 'inherit', 'inherit']})
  }

  return OFFICIAL_BIN
}

/** An empty home for the official CLI: no stored login, plugins or caches from this machine; its settings are its defaults. */
export function isolatedHome(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'hdm-heroku-home-'))
  return {
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
  }
}
