import type {IncomingHttpHeaders} from 'node:http'

import {badRequest} from './http-error.js'

/** What a route handler gets: the parsed request, with its body already read. */
export interface RouteRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  params: Record<string, string>
  rawBody: string
}

export interface RouteReply {
  status: number
  body: unknown
  /** Extra answer headers, e.g. a list page's `Next-Range`. */
  headers?: Record<string, string>
}

export interface Route {
  method: string
  pattern: string
  /** True when a successful call changes the world, which must then be saved before answering. */
  changes: boolean
  /**
   * The route changes the world only by letting the service side act (advanceWorld), so the due events
   * worked out so far stay valid: a fleet-sized world is not worked out again at every clock move.
   */
  onlyAdvances?: boolean
  /** A route that reads live servers (the `--redis` add-ons) answers asynchronously. */
  handle(request: RouteRequest): Promise<RouteReply> | RouteReply
}

interface CompiledRoute extends Route {
  keys: string[]
  regex: RegExp
}

/** Reply helper: 200 with a JSON body. */
export function ok(body: unknown): RouteReply {
  return {status: 200, body}
}

/** The request body as JSON; 400 when it is absent or not JSON. */
export function jsonBody(request: RouteRequest): unknown {
  if (request.rawBody.trim() === '') throw badRequest('This request needs a JSON body.')
  try {
    return JSON.parse(request.rawBody)
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`)
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The request body as a JSON object; 400 otherwise. */
export function objectBody(request: RouteRequest): Record<string, unknown> {
  const body = jsonBody(request)
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object.')
  return body
}

/** Matches method and path (`/apps/{app}`-style patterns, one segment per parameter) to a route. */
export class Router {
  private readonly routes: CompiledRoute[] = []

  add(route: Route): void {
    const keys: string[] = []
    const source = route.pattern
    .split('/')
    .map(segment => {
      const param = /^\{(\w+)\}$/.exec(segment)
      if (!param) return segment.replaceAll(/[.*+?^$()|[\]\\]/g, String.raw`\$&`)
      keys.push(param[1])
      return '([^/]+)'
    })
    .join('/')
    this.routes.push({...route, keys, regex: new RegExp(`^${source}$`)})
  }

  addAll(routes: Route[]): void {
    for (const route of routes) this.add(route)
  }

  match(method: string, path: string): null | {params: Record<string, string>; route: Route} {
    for (const route of this.routes) {
      if (route.method !== method) continue
      const found = route.regex.exec(path)
      if (!found) continue
      const params: Record<string, string> = {}
      for (const [index, key] of route.keys.entries()) {
        try {
          params[key] = decodeURIComponent(found[index + 1])
        } catch {
          throw badRequest(`The path segment ${found[index + 1]} is not valid percent-encoding.`)
        }
      }

      return {params, route}
    }

    return null
  }
}
