import {badRequest, invalidParams} from './http-error.js'

/** A misbehaviour to inject into matching requests: a canned answer, a slow answer, or a dropped connection. */
export interface Fault {
  id: number
  method: null | string
  path: null | string
  pathPrefix: null | string
  status: null | number
  body: unknown
  headers: Record<string, string>
  delayMs: number
  drop: boolean
  /** How many more requests it applies to; null for every one. */
  remaining: null | number
}

const MAX_DELAY_MS = 120_000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function optionalString(body: Record<string, unknown>, key: string): null | string {
  const value = body[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' || value === '') throw badRequest(`${key} must be a non-empty string.`)
  return value
}

function optionalInteger(body: Record<string, unknown>, key: string, min: number, max: number): null | number {
  const value = body[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(`${key} must be an integer.`)
  if (value < min || value > max) throw invalidParams(`${key} must be between ${min} and ${max}.`)
  return value
}

/** Reads a fault from an admin request body; 400/422 for anything malformed. */
export function parseFault(body: unknown, id: number): Fault {
  if (!isRecord(body)) throw badRequest('A fault must be a JSON object.')
  const known = new Set(['body', 'delayMs', 'drop', 'headers', 'method', 'path', 'pathPrefix', 'status', 'times'])
  const unknown = Object.keys(body).filter(key => !known.has(key))
  if (unknown.length > 0) throw badRequest(`Unknown fault fields: ${unknown.join(', ')}.`)

  const method = optionalString(body, 'method')?.toUpperCase() ?? null
  const path = optionalString(body, 'path')
  const pathPrefix = optionalString(body, 'pathPrefix')
  if ((path === null) === (pathPrefix === null)) throw badRequest('A fault needs exactly one of path or pathPrefix.')
  if (!(path ?? pathPrefix)!.startsWith('/')) throw invalidParams('path and pathPrefix must start with /.')

  const status = optionalInteger(body, 'status', 100, 599)
  const delayMs = optionalInteger(body, 'delayMs', 0, MAX_DELAY_MS) ?? 0
  const times = optionalInteger(body, 'times', 1, 1_000_000)
  if (body.drop !== undefined && typeof body.drop !== 'boolean') throw badRequest('drop must be a boolean.')
  const drop = body.drop === true

  let headers: Record<string, string> = {}
  if (body.headers !== undefined) {
    if (!isRecord(body.headers) || !Object.values(body.headers).every(value => typeof value === 'string')) {
      throw badRequest('headers must be an object of strings.')
    }

    headers = body.headers as Record<string, string>
  }

  if (status === null && !drop && delayMs === 0) throw invalidParams('A fault needs a status, a delayMs or drop.')
  if (body.body !== undefined && status === null) throw invalidParams('A fault body needs a status.')
  return {id, method, path, pathPrefix, status, body: body.body ?? null, headers, delayMs, drop, remaining: times}
}

/** The faults in force, first added first matched. */
export class FaultSet {
  private faults: Fault[] = []
  private lastId = 0

  add(body: unknown): Fault {
    const fault = parseFault(body, this.lastId + 1)
    this.lastId = fault.id
    this.faults.push(fault)
    return fault
  }

  list(): Fault[] {
    return this.faults.map(fault => ({...fault}))
  }

  clear(): void {
    this.faults = []
  }

  remove(id: number): boolean {
    const before = this.faults.length
    this.faults = this.faults.filter(fault => fault.id !== id)
    return this.faults.length !== before
  }

  /** The fault for this request, if any, counting it against the fault's `times`. */
  take(method: string, path: string): Fault | null {
    const fault = this.faults.find(candidate =>
      (candidate.method === null || candidate.method === method)
      && (candidate.path === null ? path.startsWith(candidate.pathPrefix as string) : candidate.path === path))
    if (!fault) return null
    if (fault.remaining !== null) {
      fault.remaining--
      if (fault.remaining === 0) this.faults = this.faults.filter(candidate => candidate !== fault)
    }

    return {...fault}
  }
}

/** One line of the request log the admin routes show. */
export interface LoggedRequest {
  method: string
  path: string
  query: string
  /** 0 when the connection was dropped without an answer. */
  status: number
  /** The real time it arrived (the simulated clock is in `clock`). */
  at: string
  clock: string
}
