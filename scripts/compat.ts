/**
 * `npm run test:compat`: the official Heroku CLI (heroku@11, in .cache/heroku11) must work unchanged
 * against the sandbox, which proves the sandbox speaks the real wire contract; and with this plugin
 * linked into it, the `data-maintenances:*` aliases must reach this plugin's commands.
 * Prints what each command printed and exits non-zero on the first mismatch.
 */
import {spawnSync} from 'node:child_process'

import {ensureOfficialCli, isolatedHome} from './official-cli.js'
import {changingRequests, ROOT, SandboxSession} from './sandbox-session.js'

interface Check {
  args: string[]
  /** Every pattern must be found in stdout+stderr. */
  expect: RegExp[]
  title: string
}

const APP = 'example-app'

const officialChecks: Check[] = [
  {args: ['data:maintenances', '-a', APP], expect: [/redis-lively-12345/, /postgresql-curved-12345/], title: 'list'},
  {args: ['data:maintenances:info', 'REDIS_URL', '-a', APP], expect: [/addon_name:\s+redis-lively-12345/, /status:\s+ready/], title: 'info'},
  {args: ['data:maintenances:window:update', 'REDIS_URL', 'sunday', '14:30', '-a', APP], expect: [/Sundays 14:30/], title: 'window:update'},
  {args: ['data:maintenances:history', 'REDIS_URL', '-a', APP], expect: [/completed/], title: 'history'},
  {args: ['redis:info', '-a', APP], expect: [/redis-lively-12345/, /Maintenance/], title: 'redis:info'},
  {args: ['data:maintenances:run', 'REDIS_URL', '-a', APP, '--confirm', APP], expect: [/maintenance triggered/i], title: 'run --confirm'},
]

const pluginChecks: Check[] = [
  // Our own output format: times in UTC with the zone, and the relative time.
  {args: ['data-maintenances:info', 'DATABASE', '-a', 'staging-app'], expect: [/^required_by: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/m, /addon_name: postgresql-shaped-67890/], title: 'data-maintenances:info (this plugin, through heroku@11)'},
  {args: ['data-maintenances', '-a', APP], expect: [/^Addon\s+Attachments/m, /redis-lively-12345/], title: 'data-maintenances (this plugin, through heroku@11)'},
]

function run(bin: string, check: Check, env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(bin, check.args, {encoding: 'utf8', env})
  const output = `${result.stdout}${result.stderr}`
  const ok = result.status === 0 && check.expect.every(pattern => pattern.test(output))
  console.log(`\n## heroku ${check.args.join(' ')}  [${check.title}] → exit ${result.status} ${ok ? 'OK' : 'FAILED'}`)
  console.log(output.trimEnd().split('\n').map(line => `   ${line}`).join('\n'))
  if (!ok) console.error(`expected exit 0 and ${check.expect.map(String).join(', ')}`)
  return ok
}

async function main(): Promise<number> {
  const heroku = ensureOfficialCli()
  const session = await SandboxSession.open()
  const env = session.environment(isolatedHome())
  try {
    for (const check of officialChecks) if (!run(heroku, check, env)) return 1
    const runPosts = changingRequests(await session.requests()).filter(r => r.path.endsWith('/run'))
    if (runPosts.length !== 1) {
      console.error(`expected the official run to send one POST …/run, the sandbox saw ${runPosts.length}`)
      return 1
    }

    const link = spawnSync(heroku, ['plugins:link', '--no-install', ROOT], {encoding: 'utf8', env})
    console.log(`\n## heroku plugins:link --no-install . → exit ${link.status}`)
    if (link.status !== 0) {
      console.error(link.stderr)
      return 1
    }

    for (const check of pluginChecks) if (!run(heroku, check, env)) return 1
    console.log('\nCompatibility checks passed: heroku@11 works unchanged against the sandbox, and reaches this plugin through the data-maintenances aliases.')
    return 0
  } finally {
    await session.close()
  }
}

process.exitCode = await main()
