/**
 * A fleet roll at scale: for N = 1000, 10000 and 100000 add-ons (`--seed fleet:N/2`: each fleet app has
 * a Key-Value Store and a Postgres add-on), a fresh process starts the sandbox in-process (`--clock
 * manual`, the simulated model, no state file), starts a roll through the admin API and moves the clock
 * a day at a time until the roll is completed. Prints wall and CPU time (seed included), peak memory, what
 * the world holds per add-on at the end and the roll's simulated duration, and writes bench/results/fleet-roll.json. `npm run bench` runs it last.
 *
 *   node --import tsx bench/fleet-roll.ts            # the three sizes
 *   node --import tsx bench/fleet-roll.ts 5000       # fleet:5000 only (10000 add-ons)
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {cpus, totalmem} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {rollFleet, type RollMeasure} from './fleet-roll-run.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Apps per size: 1000, 10000 and 100000 add-ons. */
const SIZES = [500, 5000, 50_000]

function measureInChild(apps: number): RollMeasure {
  // Its own process: its peak memory is the roll's alone.
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'fleet-roll.ts'), '--child', String(apps)], {cwd: ROOT, encoding: 'utf8', maxBuffer: 1024 * 1024})
  return JSON.parse(output.trim().split('\n').at(-1) as string) as RollMeasure
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1)
}

/** Measures each size in its own process, prints the table and saves the rows. */
export async function benchFleetRoll(sizes: number[] = SIZES): Promise<RollMeasure[]> {
  const rows: RollMeasure[] = []
  for (const apps of sizes) {
    process.stderr.write(`fleet-roll: fleet:${apps}…\n`)
    rows.push(measureInChild(apps))
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  console.log(`Fleet roll, simulated model, manual clock moved a day at a time; ${machine}`)
  const headings = ['seed', 'add-ons', 'concurrency', 'wall (s)', 'CPU (s)', 'peak memory (MiB)', 'world per add-on (KiB)', 'simulated roll (days)', 'held']
  console.log(`| ${headings.join(' | ')} |`)
  console.log(`|${headings.map(() => '---|').join('')}`)
  for (const row of rows) {
    const perAddon = (row.world_bytes_per_addon / 1024).toFixed(1)
    const cells = [`fleet:${row.apps}`, row.addons, row.concurrency, seconds(row.wall_ms), seconds(row.cpu_ms), row.peak_rss_mib, perAddon, row.simulated_days.toFixed(1), row.paged]
    console.log(`| ${cells.join(' | ')} |`)
  }

  mkdirSync(join(ROOT, 'bench', 'results'), {recursive: true})
  writeFileSync(join(ROOT, 'bench', 'results', 'fleet-roll.json'), `${JSON.stringify({machine, rows, taken_at: new Date().toISOString()}, null, 2)}\n`)
  return rows
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (args[0] === '--child') process.stdout.write(`${JSON.stringify(await rollFleet(Number(args[1])))}\n`)
  else await benchFleetRoll(args.length > 0 ? args.map(Number) : SIZES)
}
