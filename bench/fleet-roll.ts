/**
 * A fleet roll at scale: for each size, a fresh process starts the sandbox in-process (`--seed fleet:N`,
 * `--clock manual`, the simulated model, no state file), starts a roll through the admin API and moves
 * the clock a day at a time until the roll is completed. Prints wall time (seed included), peak memory
 * and the roll's simulated duration, and writes bench/results/fleet-roll.json.
 *
 *   node --import tsx bench/fleet-roll.ts            # N = 1000, 10000, 100000
 *   node --import tsx bench/fleet-roll.ts 5000       # one size
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {cpus, totalmem} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {rollFleet, type RollMeasure} from './fleet-roll-run.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SIZES = [1000, 10_000, 100_000]

function measureInChild(apps: number): RollMeasure {
  // Its own process: its peak memory is the roll's alone.
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'fleet-roll.ts'), '--child', String(apps)], {cwd: ROOT, encoding: 'utf8', maxBuffer: 1024 * 1024})
  return JSON.parse(output.trim().split('\n').at(-1) as string) as RollMeasure
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args[0] === '--child') {
    process.stdout.write(`${JSON.stringify(await rollFleet(Number(args[1])))}\n`)
    return
  }

  const sizes = args.length > 0 ? args.map(Number) : SIZES
  const rows: RollMeasure[] = []
  for (const apps of sizes) {
    process.stderr.write(`fleet-roll: fleet:${apps}…\n`)
    rows.push(measureInChild(apps))
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  console.log(`Fleet roll, simulated model, manual clock moved a day at a time; ${machine}`)
  console.log('| seed | add-ons | concurrency | wall (s) | peak memory (MiB) | simulated roll (days) |')
  console.log('|---|---|---|---|---|---|')
  for (const row of rows) {
    console.log(`| fleet:${row.apps} | ${row.addons} | ${row.concurrency} | ${(row.wall_ms / 1000).toFixed(1)} | ${row.peak_rss_mib} | ${row.simulated_days.toFixed(1)} |`)
  }

  mkdirSync(join(ROOT, 'bench', 'results'), {recursive: true})
  writeFileSync(join(ROOT, 'bench', 'results', 'fleet-roll.json'), `${JSON.stringify({machine, rows, taken_at: new Date().toISOString()}, null, 2)}\n`)
}

await main()
