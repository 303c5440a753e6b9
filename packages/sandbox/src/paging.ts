import type {IncomingHttpHeaders} from 'node:http'

import type {RouteReply} from './router.js'

import {HttpError} from './http-error.js'

/** A list answers this many items unless the Range header's `max` says otherwise, and never more than MAX_PAGE_SIZE. */
export const DEFAULT_PAGE_SIZE = 200
export const MAX_PAGE_SIZE = 1000

/** The fields a list can be ranged over, and each item's value for it. */
export type RangeFields<T> = Record<string, (item: T) => string>

/** What a `Range: name ]after..; max=N, order=desc` header asks for. */
export interface RangeRequest {
  field: string
  /** Inclusive start, or exclusive when `startExclusive` (written `]value`); '' for the beginning. */
  start: string
  startExclusive: boolean
  /** Inclusive end; '' for the end. */
  end: string
  max: number
  descending: boolean
}

const RANGE = /^\s*(\w+)\s+(\])?([^\s.;]*)\.\.([^\s;]*)\s*(?:;\s*(.*))?$/

function rangeError(header: string, fields: string[], why: string): HttpError {
  const example = `${fields[0]} ..; max=${DEFAULT_PAGE_SIZE}`
  return new HttpError(400, 'bad_request', `The Range header ${JSON.stringify(header)} ${why}; send e.g. "${example}" (fields: ${fields.join(', ')}; max up to ${MAX_PAGE_SIZE}).`)
}

/** Reads the Range header as the Platform API does; without one, the first page of DEFAULT_PAGE_SIZE by the first field. */
export function parseRange(header: string | undefined, fields: string[]): RangeRequest {
  const fallback: RangeRequest = {field: fields[0], start: '', startExclusive: false, end: '', max: DEFAULT_PAGE_SIZE, descending: false}
  if (header === undefined || header.trim() === '') return fallback
  const match = RANGE.exec(header)
  if (!match) throw rangeError(header, fields, 'is not a range')
  const [, field, exclusive, start, end, rest] = match
  if (!fields.includes(field)) throw rangeError(header, fields, `ranges over an unknown field "${field}"`)
  const range: RangeRequest = {...fallback, field, start, startExclusive: exclusive === ']', end}
  for (const option of (rest ?? '').split(',').map(part => part.trim()).filter(Boolean)) {
    const [key, value = ''] = option.split('=').map(part => part.trim())
    if (key === 'max') {
      if (!/^\d+$/.test(value) || Number(value) < 1) throw rangeError(header, fields, `has a bad max "${value}"`)
      range.max = Math.min(Number(value), MAX_PAGE_SIZE)
    } else if (key === 'order') {
      if (value !== 'asc' && value !== 'desc') throw rangeError(header, fields, `has a bad order "${value}" (asc or desc)`)
      range.descending = value === 'desc'
    } else {
      throw rangeError(header, fields, `has an unknown option "${key}"`)
    }
  }

  return range
}

function compare(left: string, right: string): number {
  if (left === right) return 0
  return left < right ? -1 : 1
}

/**
 * One page of a list, as the Platform API pages it: sorted by the range field, at most `max` items
 * from the range's start. A page that is not the last is `206 Partial Content` with a `Next-Range`
 * header, which the client sends back as `Range` for the next page. Items are turned into their
 * answer shape (`view`) only once on the page, so that a long list costs only its page.
 */
export function pagedReply<T>(headers: IncomingHttpHeaders, items: T[], fields: RangeFields<T>, view: (item: T) => unknown): RouteReply {
  const names = Object.keys(fields)
  const range = parseRange(typeof headers.range === 'string' ? headers.range : undefined, names)
  const key = fields[range.field]
  const direction = range.descending ? -1 : 1
  const keyed = items.map(item => ({item, key: key(item)}))
  keyed.sort((left, right) => direction * compare(left.key, right.key))
  const inRange = keyed.filter(({key: value}) => {
    if (range.start !== '') {
      const fromStart = direction * compare(value, range.start)
      if (fromStart < 0 || (fromStart === 0 && range.startExclusive)) return false
    }

    return range.end === '' || direction * compare(value, range.end) <= 0
  })
  const page = inRange.slice(0, range.max)
  const replyHeaders: Record<string, string> = {'Accept-Ranges': names.join(', ')}
  if (page.length > 0) replyHeaders['Content-Range'] = `${range.field} ${page[0].key}..${page.at(-1)!.key}`
  const more = inRange.length > page.length
  if (more) {
    const options = [`max=${range.max}`, ...(range.descending ? ['order=desc'] : [])].join(', ')
    replyHeaders['Next-Range'] = `${range.field} ]${page.at(-1)!.key}..${range.end}; ${options}`
  }

  return {status: more ? 206 : 200, body: page.map(({item}) => view(item)), headers: replyHeaders}
}
