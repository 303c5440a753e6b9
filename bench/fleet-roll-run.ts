import {startSandbox} from 'heroku-data-maintenance-sandbox/server'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

export interface RollMeasure {
  apps: number
  addons: number
  concurrency: number
  wall_ms: number
  /** CPU time of the process (user + system): what the wall time would be on an idle machine, give or take. */
  cpu_ms: number
  peak_rss_mib: number
  /** What the world holds once the roll is done (live heap after a full collection, less the heap before the sandbox started), per add-on. */
  world_bytes_per_addon: number
  simulated_days: number
  status: string
  paged: number
  max_concurrency_seen: number
  operations_outside_on_call: number
}

const TOKEN = 'fleet-roll-bench'
const ON_CALL = {zone: 'America/Los_Angeles', start: '09:00', end: '17:00'}
/** A fixed share of the fleet at once, so that the simulated duration stays comparable across sizes. */
const CONCURRENT_SHARE = 0.01

/** The heap in use after a full collection (the collector is reachable without --expose-gc this way). */
function liveHeap(): number {
  setFlagsFromString('--expose-gc')
  const collect = runInNewContext('gc') as () => void
  collect()
  collect()
  return process.memoryUsage().heapUsed
}

/** Rolls `fleet:apps` to the end (clock moved a day at a time) and measures it; the caller's process is the one measured. */
export async function rollFleet(apps: number, limitDays = 120): Promise<RollMeasure> {
  const heapBefore = liveHeap()
  const started = process.hrtime.bigint()
  const cpuBefore = process.cpuUsage()
  const sandbox = await startSandbox({admin: true, clock: 'manual', seed: `fleet:${apps}`, token: TOKEN, warn() {}})
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const answer = (await response.json()) as T
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`)
    return answer
  }

  try {
    const addons = apps * 2
    const concurrency = Math.max(2, Math.round(addons * CONCURRENT_SHARE))
    const {id} = await call<{id: string}>('POST', '/__sandbox/rolls', {image: 'bench-image', concurrency, on_call: ON_CALL})
    interface Summary {
      counts: {addons: number}
      created_at: string
      completed_at: null | string
      status: string
      paged: unknown[]
      max_concurrency_seen: number
      operations_outside_on_call: number
    }
    let roll = await call<Summary>('GET', `/__sandbox/rolls/${id}?addons=false`)
    for (let day = 0; day < limitDays && roll.status !== 'completed'; day++) {
      await call('POST', '/__sandbox/clock', {advance: 'P1D'})
      roll = await call<Summary>('GET', `/__sandbox/rolls/${id}?addons=false`)
    }

    const wallMs = Number(process.hrtime.bigint() - started) / 1e6
    const cpu = process.cpuUsage(cpuBefore)
    const days = roll.completed_at ? (Date.parse(roll.completed_at) - Date.parse(roll.created_at)) / 86_400_000 : Number.NaN
    const peakRss = process.resourceUsage().maxRSS
    // After the times and the peak: the collection itself is not the roll's.
    const worldBytes = liveHeap() - heapBefore
    return {
      apps,
      addons: roll.counts.addons,
      concurrency,
      wall_ms: Math.round(wallMs),
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      peak_rss_mib: Math.round(peakRss / 1024),
      world_bytes_per_addon: Math.round(worldBytes / roll.counts.addons),
      simulated_days: days,
      status: roll.status,
      paged: roll.paged.length,
      max_concurrency_seen: roll.max_concurrency_seen,
      operations_outside_on_call: roll.operations_outside_on_call,
    }
  } finally {
    await sandbox.close()
  }
}
