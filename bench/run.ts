/**
 * `npm run bench`: start-up and request economy, side by side with the official Heroku CLI (heroku@11,
 * installed into .cache/heroku11, never globally), against the same local sandbox, runs interleaved.
 * Prints a table and writes bench/results/latest.json.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {cpus, totalmem} from 'node:os'
import {join} from 'node:path'

import {ensureOfficialCli, isolatedHome, OFFICIAL_BIN} from '../scripts/official-cli.js'
import {ROOT, SandboxSession} from '../scripts/sandbox-session.js'
import {benchFleetRoll} from './fleet-roll.js'
import {median} from './stats.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)

interface Case {
  args: string[]
  /** Whether the command talks to the API (the --version case does not). */
  requests: boolean
}

const CASES: Case[] = [
  {args: ['--version'], requests: false},
  {args: ['data:maintenances:info', 'REDIS_URL', '-a', 'example-app'], requests: true},
  {args: ['data:maintenances', '-a', 'example-app'], requests: true},
]

export interface BenchRow {
  command: string
  official_median_ms: number
  official_requests: null | number
  ours_median_ms: number
  ours_requests: null | number
  ratio: number
}

const ours = (args: string[]) => [process.execPath, join(ROOT, 'bin', 'run.js'), ...args]
const official = (args: string[]) => [OFFICIAL_BIN, ...args]

function timeOnce(command: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint()
  const result = spawnSync(command[0], command.slice(1), {encoding: 'utf8', env})
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr}`)
  return elapsed
}

async function countRequests(session: SandboxSession, command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  await session.clearRequests()
  timeOnce(command, env)
  return (await session.requests()).length
}

async function main(): Promise<void> {
  ensureOfficialCli()
  const session = await SandboxSession.open()
  // The official CLI gets its own empty home: no stored login, plugins or update checks from this machine.
  const env = session.environment(isolatedHome())
  const rows: BenchRow[] = []
  try {
    for (const benchCase of CASES) {
      // Warm-up: file system caches and the official CLI's first-run work.
      timeOnce(ours(benchCase.args), env)
      timeOnce(official(benchCase.args), env)
      const oursTimes: number[] = []
      const officialTimes: number[] = []
      for (let i = 0; i < RUNS; i++) {
        oursTimes.push(timeOnce(ours(benchCase.args), env))
        officialTimes.push(timeOnce(official(benchCase.args), env))
      }

      const row: BenchRow = {
        command: benchCase.args.join(' '),
        official_median_ms: Math.round(median(officialTimes)),
        official_requests: benchCase.requests ? await countRequests(session, official(benchCase.args), env) : null,
        ours_median_ms: Math.round(median(oursTimes)),
        ours_requests: benchCase.requests ? await countRequests(session, ours(benchCase.args), env) : null,
        ratio: 0,
      }
      row.ratio = Math.round((row.ours_median_ms / row.official_median_ms) * 100) / 100
      rows.push(row)
    }
  } finally {
    await session.close()
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  const header = ['command', 'ours (median ms)', 'heroku@11 (median ms)', 'ratio', 'requests ours / heroku@11']
  const lines = rows.map(r => [r.command, String(r.ours_median_ms), String(r.official_median_ms), `${r.ratio}×`, r.ours_requests === null ? '-' : `${r.ours_requests} / ${r.official_requests}`])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)))
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  console.log(`Median of ${RUNS} runs each after a warm-up, interleaved; ${machine}`)
  console.log(format(header))
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`)
  for (const line of lines) console.log(format(line))
  mkdirSync(join(ROOT, 'bench', 'results'), {recursive: true})
  writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify({machine, rows, runs: RUNS, taken_at: new Date().toISOString()}, null, 2)}\n`)
  console.log('')
  await benchFleetRoll()
}

await main()
